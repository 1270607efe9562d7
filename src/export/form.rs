//! The filled Appendix 2 form of one request: "Application for registration (creation) of a
//! user's account and for granting (or changing) the user's access rights to information
//! systems", as an XLSX sheet laid out like the form.

use crate::domain::system::System;
use crate::i18n::{Lang, tr};
use crate::store::requests::RequestRow;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct FormError {
    path: String,
    source: XlsxError,
}

/// Writes the form of request `r` to `out`.
pub fn write(lang: Lang, r: &RequestRow, systems: &[System], out: &Path) -> Result<(), FormError> {
    build(lang, r, systems, out).map_err(|source| FormError {
        path: out.display().to_string(),
        source,
    })
}

/// The cell formats of the form.
struct Styles {
    wrap: Format,
    title: Format,
    right: Format,
    head: Format,
    cell: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            title: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center),
            right: Format::new().set_align(FormatAlign::Right).set_italic(),
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            cell: Format::new()
                .set_text_wrap()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Top),
        }
    }
}

fn build(lang: Lang, r: &RequestRow, catalogue: &[System], out: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Appendix 2")?;
    let st = Styles::new();
    for (col, width) in [(0u16, 5.0), (1, 42.0), (2, 30.0), (3, 40.0), (4, 32.0)] {
        ws.set_column_width(col, width)?;
    }
    ws.merge_range(0, 3, 0, 4, &tr!(lang, "form-appendix"), &st.right)?;
    ws.merge_range(2, 0, 2, 4, &tr!(lang, "form-title"), &st.title)?;
    ws.set_row_height(2, 48)?;
    ws.merge_range(4, 0, 4, 4, &ask_text(lang, r), &st.wrap)?;
    ws.set_row_height(4, 32)?;
    let headers = [
        "form-col-no",
        "form-col-person",
        "form-col-position",
        "form-col-systems",
        "form-col-functions",
    ];
    for (i, k) in headers.iter().enumerate() {
        ws.write_string_with_format(6, i as u16, tr!(lang, k), &st.head)?;
    }
    ws.set_row_height(6, 62)?;
    let cell = &st.cell;
    ws.write_number_with_format(7, 0, 1.0, cell)?;
    ws.write_string_with_format(7, 1, person_text(lang, r), cell)?;
    ws.write_string_with_format(7, 2, format!("{}\n{}", r.position, r.department), cell)?;
    ws.write_string_with_format(7, 3, systems_text(lang, r, catalogue), cell)?;
    ws.write_string_with_format(7, 4, r.functions.as_deref().unwrap_or(""), cell)?;
    ws.set_row_height(7, 96)?;
    let reply = tr!(lang, "form-reply", email = r.reply_email.as_str());
    ws.merge_range(9, 0, 9, 4, &reply, &st.wrap)?;
    let date = r
        .received_at
        .with_timezone(&crate::domain::date::almaty())
        .format("%d.%m.%Y")
        .to_string();
    ws.merge_range(10, 0, 10, 4, &date, &st.wrap)?;
    let line = "_______________________________________/____________________";
    ws.merge_range(12, 0, 12, 4, line, &st.wrap)?;
    ws.merge_range(13, 0, 13, 4, &tr!(lang, "form-signature"), &st.wrap)?;
    let letter = letter_text(lang, r);
    if !letter.is_empty() {
        ws.merge_range(15, 0, 15, 4, &letter, &st.wrap)?;
    }
    book.save(out)?;
    Ok(())
}

/// What is asked: the kind of request and its basis order.
fn ask_text(lang: Lang, r: &RequestRow) -> String {
    let kind_text = tr!(lang, &format!("form-kind-{}", r.kind.as_str()));
    let basis = match (&r.basis_order_no, r.basis_order_date) {
        (Some(no), Some(d)) => tr!(
            lang,
            "form-basis",
            no = no.as_str(),
            date = d.format("%d.%m.%Y").to_string()
        ),
        _ => String::new(),
    };
    let basis = match basis.is_empty() {
        true => String::new(),
        false => format!(", {basis}"),
    };
    format!("{} {kind_text}{basis}", tr!(lang, "form-ask"))
}

/// The person's cell: name, IIN, login, phones and IP, one a line.
fn person_text(lang: Lang, r: &RequestRow) -> String {
    let labelled =
        |key: &str, v: &Option<String>| v.as_ref().map(|v| format!("{} {v}", tr!(lang, key)));
    [
        Some(r.full_name()),
        Some(format!("{} {}", tr!(lang, "form-iin"), r.iin)),
        labelled("form-login", &r.login),
        labelled("form-work-phone", &r.work_phone),
        labelled("form-cell-phone", &r.cell_phone),
        Some(format!("IP {}", r.ip)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n")
}

/// The systems asked for, by their names in the catalogue (in the form's language).
fn systems_text(lang: Lang, r: &RequestRow, catalogue: &[System]) -> String {
    r.system_codes()
        .iter()
        .map(|c| match catalogue.iter().find(|s| &s.code == c) {
            Some(s) if lang == Lang::Kk => format!("{} ({c})", s.name_kk),
            Some(s) => format!("{} ({c})", s.name_ru),
            None => c.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The letter the request came with: region / outgoing letter / incoming registration.
fn letter_text(lang: Lang, r: &RequestRow) -> String {
    let numbered = |key: &str, no: &Option<String>, date: Option<chrono::NaiveDate>| {
        no.as_ref().map(|n| {
            let date = date.map(|d| d.format(" %d.%m.%Y").to_string());
            format!("{} № {n}{}", tr!(lang, key), date.unwrap_or_default())
        })
    };
    [
        r.region.clone(),
        numbered("form-letter", &r.letter_no, r.letter_date),
        numbered("form-incoming", &r.incoming_no, r.incoming_date),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" / ")
}
