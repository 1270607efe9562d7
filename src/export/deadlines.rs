//! The deadlines report (§22, §15) as an XLSX sheet: its title and as-of moment, then one row
//! per request or ticket past its deadline, in the chosen language, with real date cells,
//! printable on A4 with the headers on every page.

use super::print;
use crate::i18n::{Lang, tr};
use chrono::{DateTime, FixedOffset, Utc};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError};
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

/// Writes the report as of `as_of`: its title and date, then one row per deadline passed
/// (a line saying none passed when there is none), printable on A4.
pub fn write(
    lang: Lang,
    as_of: DateTime<FixedOffset>,
    rows: &[Overdue],
    out: &Path,
) -> Result<(), XlsxError> {
    const WIDTHS: [f64; 5] = [26.0, 8.0, 42.0, 18.0, 18.0];
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(tr!(lang, "deadlines-sheet"))?;
    let title_format = Format::new()
        .set_bold()
        .set_font_size(12)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let text = Format::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let when = text.clone().set_num_format("dd.mm.yyyy hh:mm");
    let all: f64 = WIDTHS.iter().sum();
    let title = tr!(lang, "deadlines-title");
    ws.merge_range(0, 0, 0, 4, &title, &title_format)?;
    ws.set_row_height(0, print::row_height(&[(&title, all, true)], 12.0))?;
    let at = tr!(
        lang,
        "deadlines-as-of",
        at = as_of.format("%d.%m.%Y %H:%M").to_string()
    );
    ws.merge_range(1, 0, 1, 4, &at, &Format::new().set_italic())?;
    const HEAD: u32 = 3;
    let headers = [
        tr!(lang, "deadlines-col-kind"),
        tr!(lang, "deadlines-col-id"),
        tr!(lang, "deadlines-col-name"),
        tr!(lang, "deadlines-col-since"),
        tr!(lang, "deadlines-col-due"),
    ];
    for (c, (h, w)) in headers.iter().zip(WIDTHS).enumerate() {
        ws.write_with_format(HEAD, c as u16, h.as_str(), &bold)?;
        ws.set_column_width(c as u16, w)?;
    }
    let local = |t: chrono::DateTime<chrono::Utc>| {
        let t = t.with_timezone(&crate::context::almaty()).naive_local();
        ExcelDateTime::from_timestamp(t.and_utc().timestamp())
    };
    for (i, o) in rows.iter().enumerate() {
        let r = HEAD + 1 + i as u32;
        let kind = if o.kind == "request" {
            tr!(lang, "deadlines-kind-request")
        } else {
            tr!(lang, "deadlines-kind-ticket")
        };
        let cells = [
            (kind.as_str(), WIDTHS[0], false),
            (o.name.as_str(), WIDTHS[2], false),
        ];
        ws.set_row_height(r, print::row_height(&cells, 11.0))?;
        ws.write_with_format(r, 0, kind.as_str(), &text)?;
        ws.write_number_with_format(r, 1, o.id as f64, &text)?;
        // Names are text, never formulas.
        ws.write_string_with_format(r, 2, o.name.as_str(), &text)?;
        ws.write_datetime_with_format(r, 3, &local(o.since)?, &when)?;
        ws.write_datetime_with_format(r, 4, &local(o.due)?, &when)?;
    }
    if rows.is_empty() {
        ws.merge_range(
            HEAD + 1,
            0,
            HEAD + 1,
            4,
            &tr!(lang, "deadlines-none"),
            &text,
        )?;
    }
    ws.set_freeze_panes(HEAD + 1, 0)?;
    ws.autofilter(HEAD, 0, HEAD + rows.len().max(1) as u32, 4)?;
    print::a4(ws, false, 0, Some((HEAD, HEAD)))?;
    book.save(out)
}
