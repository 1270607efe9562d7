//! The filled Appendix 2 form of one request: "Application for registration (creation) of a
//! user's account and for granting (or changing) the user's access rights to information
//! systems", as an XLSX sheet laid out like the form.

use super::print;
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
    hint: Format,
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
            hint: Format::new()
                .set_text_wrap()
                .set_italic()
                .set_font_size(9)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
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

/// The form's columns: №, the person, position, systems, functions (Excel width units).
const WIDTHS: [f64; 5] = [4.5, 30.0, 24.0, 30.0, 24.0];
/// The font size of the form (the default of the sheet).
const FONT: f64 = 11.0;

/// The width of columns `first..=last` together.
fn span(first: usize, last: usize) -> f64 {
    WIDTHS[first..=last].iter().sum()
}

fn build(lang: Lang, r: &RequestRow, catalogue: &[System], out: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(tr!(lang, "form-sheet"))?;
    let st = Styles::new();
    for (col, width) in WIDTHS.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    // The title block as in the Rules: "Приложение 2 / к Правилам ...", then "Форма".
    let appendix = tr!(lang, "form-appendix");
    ws.merge_range(0, 3, 0, 4, &appendix, &st.wrap)?;
    ws.set_row_height(
        0,
        print::row_height(&[(&appendix, span(3, 4), false)], FONT),
    )?;
    ws.merge_range(1, 3, 1, 4, &tr!(lang, "form-form"), &st.right)?;
    let title = tr!(lang, "form-title");
    ws.merge_range(3, 0, 3, 4, &title, &st.title)?;
    ws.set_row_height(3, print::row_height(&[(&title, span(0, 4), true)], FONT))?;
    let ask = ask_text(lang, r);
    ws.merge_range(5, 0, 5, 4, &ask, &st.wrap)?;
    ws.set_row_height(5, print::row_height(&[(&ask, span(0, 4), false)], FONT))?;
    let hint = tr!(lang, "form-hint");
    ws.merge_range(6, 0, 6, 4, &hint, &st.hint)?;
    ws.set_row_height(6, print::row_height(&[(&hint, span(0, 4), false)], 9.0))?;
    let headers = [
        "form-col-no",
        "form-col-person",
        "form-col-position",
        "form-col-systems",
        "form-col-functions",
    ]
    .map(|k| tr!(lang, k));
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(8, i as u16, h, &st.head)?;
    }
    let head_cells: Vec<(&str, f64, bool)> = headers
        .iter()
        .zip(WIDTHS)
        .map(|(h, w)| (h.as_str(), w, true))
        .collect();
    ws.set_row_height(8, print::row_height(&head_cells, FONT))?;
    let cells = [
        "1".to_owned(),
        person_text(lang, r),
        format!("{}\n{}", r.position, r.department),
        systems_text(lang, r, catalogue),
        r.functions.clone().unwrap_or_default(),
    ];
    ws.write_number_with_format(9, 0, 1.0, &st.cell)?;
    for (i, c) in cells.iter().enumerate().skip(1) {
        ws.write_string_with_format(9, i as u16, c, &st.cell)?;
    }
    let data_cells: Vec<(&str, f64, bool)> = cells
        .iter()
        .zip(WIDTHS)
        .map(|(c, w)| (c.as_str(), w, false))
        .collect();
    ws.set_row_height(9, print::row_height(&data_cells, FONT))?;
    let reply = tr!(lang, "form-reply", email = r.reply_email.as_str());
    ws.merge_range(11, 0, 11, 4, &reply, &st.wrap)?;
    let day = r
        .received_at
        .with_timezone(&crate::domain::date::almaty())
        .date_naive();
    ws.merge_range(12, 0, 12, 4, &form_date(lang, day), &st.wrap)?;
    let line = "_______________________________________/____________________";
    ws.merge_range(14, 0, 14, 4, line, &st.wrap)?;
    ws.merge_range(15, 0, 15, 4, &tr!(lang, "form-signature"), &st.hint)?;
    let letter = letter_text(lang, r);
    if !letter.is_empty() {
        ws.merge_range(17, 0, 17, 4, &letter, &st.wrap)?;
        ws.set_row_height(17, print::row_height(&[(&letter, span(0, 4), false)], FONT))?;
    }
    // Signed on paper: one A4 page, portrait.
    print::a4(ws, false, 1, None)?;
    ws.set_print_area(0, 0, 17, 4)?;
    book.save(out)?;
    Ok(())
}

/// The date as the form writes it: «19» ноября 2026 года, 2026 жылғы «19» қараша.
pub fn form_date(lang: Lang, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    tr!(
        lang,
        "form-date",
        day = format!("{:02}", day.day()),
        month = tr!(lang, "month-of", month = day.month()),
        year = day.year()
    )
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
