//! The deadlines report (§22, §15) as an XLSX sheet: one row per request or ticket past its
//! deadline, in the chosen language, with real date cells.

use crate::i18n::{Lang, tr};
use chrono::{DateTime, Utc};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::path::Path;

/// One deadline passed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Overdue {
    /// `request` (§22) or `ticket` (§15).
    pub kind: &'static str,
    pub id: i64,
    pub name: String,
    #[serde(serialize_with = "crate::domain::date::json_time::utc")]
    pub since: DateTime<Utc>,
    #[serde(serialize_with = "crate::domain::date::json_time::utc")]
    pub due: DateTime<Utc>,
}

pub fn write(lang: Lang, rows: &[Overdue], out: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let bold = Format::new().set_bold().set_text_wrap();
    let when = Format::new().set_num_format("dd.mm.yyyy hh:mm");
    let headers = [
        tr!(lang, "deadlines-col-kind"),
        tr!(lang, "deadlines-col-id"),
        tr!(lang, "deadlines-col-name"),
        tr!(lang, "deadlines-col-since"),
        tr!(lang, "deadlines-col-due"),
    ];
    for (c, (h, w)) in headers
        .iter()
        .zip([24.0, 8.0, 40.0, 18.0, 18.0])
        .enumerate()
    {
        ws.write_with_format(0, c as u16, h.as_str(), &bold)?;
        ws.set_column_width(c as u16, w)?;
    }
    let local = |t: chrono::DateTime<chrono::Utc>| {
        let t = t.with_timezone(&crate::context::almaty()).naive_local();
        ExcelDateTime::from_timestamp(t.and_utc().timestamp())
    };
    for (i, o) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let kind = if o.kind == "request" {
            tr!(lang, "deadlines-kind-request")
        } else {
            tr!(lang, "deadlines-kind-ticket")
        };
        ws.write(r, 0, kind.as_str())?;
        ws.write(r, 1, o.id)?;
        // Names are text, never formulas.
        ws.write_string(r, 2, o.name.as_str())?;
        ws.write_datetime_with_format(r, 3, &local(o.since)?, &when)?;
        ws.write_datetime_with_format(r, 4, &local(o.due)?, &when)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, 4)?;
    book.save(out)
}
