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

fn build(lang: Lang, r: &RequestRow, catalogue: &[System], out: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Appendix 2")?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let title = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let right = Format::new().set_align(FormatAlign::Right).set_italic();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let cell = Format::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    for (col, width) in [(0u16, 5.0), (1, 42.0), (2, 30.0), (3, 40.0), (4, 32.0)] {
        ws.set_column_width(col, width)?;
    }
    ws.merge_range(0, 3, 0, 4, &tr!(lang, "form-appendix"), &right)?;
    ws.merge_range(2, 0, 2, 4, &tr!(lang, "form-title"), &title)?;
    ws.set_row_height(2, 48)?;

    let kind_text = tr!(lang, &format!("form-kind-{}", r.kind));
    let basis = match (&r.basis_order_no, r.basis_order_date) {
        (Some(no), Some(d)) => tr!(
            lang,
            "form-basis",
            no = no.as_str(),
            date = d.format("%d.%m.%Y").to_string()
        ),
        _ => String::new(),
    };
    let ask = format!(
        "{} {kind_text}{}",
        tr!(lang, "form-ask"),
        if basis.is_empty() {
            String::new()
        } else {
            format!(", {basis}")
        }
    );
    ws.merge_range(4, 0, 4, 4, &ask, &wrap)?;
    ws.set_row_height(4, 32)?;

    let headers = [
        "form-col-no",
        "form-col-person",
        "form-col-position",
        "form-col-systems",
        "form-col-functions",
    ];
    for (i, k) in headers.iter().enumerate() {
        ws.write_string_with_format(6, i as u16, tr!(lang, k), &head)?;
    }
    ws.set_row_height(6, 62)?;
    let person = [
        Some(r.full_name()),
        Some(format!("{} {}", tr!(lang, "form-iin"), r.iin)),
        r.login
            .as_ref()
            .map(|l| format!("{} {l}", tr!(lang, "form-login"))),
        r.work_phone
            .as_ref()
            .map(|p| format!("{} {p}", tr!(lang, "form-work-phone"))),
        r.cell_phone
            .as_ref()
            .map(|p| format!("{} {p}", tr!(lang, "form-cell-phone"))),
        Some(format!("IP {}", r.ip)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    let systems = r
        .system_codes()
        .iter()
        .map(|c| match catalogue.iter().find(|s| &s.code == c) {
            Some(s) if lang == Lang::Kk => format!("{} ({c})", s.name_kk),
            Some(s) => format!("{} ({c})", s.name_ru),
            None => c.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    ws.write_number_with_format(7, 0, 1.0, &cell)?;
    ws.write_string_with_format(7, 1, &person, &cell)?;
    ws.write_string_with_format(7, 2, format!("{}\n{}", r.position, r.department), &cell)?;
    ws.write_string_with_format(7, 3, &systems, &cell)?;
    ws.write_string_with_format(7, 4, r.functions.as_deref().unwrap_or(""), &cell)?;
    ws.set_row_height(7, 96)?;

    ws.merge_range(
        9,
        0,
        9,
        4,
        &tr!(lang, "form-reply", email = r.reply_email.as_str()),
        &wrap,
    )?;
    let date = r
        .received_at
        .with_timezone(&crate::context::almaty())
        .format("%d.%m.%Y")
        .to_string();
    ws.merge_range(10, 0, 10, 4, &date, &wrap)?;
    ws.merge_range(
        12,
        0,
        12,
        4,
        "_______________________________________/____________________",
        &wrap,
    )?;
    ws.merge_range(13, 0, 13, 4, &tr!(lang, "form-signature"), &wrap)?;
    let letter = [
        r.region.clone(),
        r.letter_no.as_ref().map(|n| {
            format!(
                "{} № {n}{}",
                tr!(lang, "form-letter"),
                r.letter_date
                    .map(|d| d.format(" %d.%m.%Y").to_string())
                    .unwrap_or_default()
            )
        }),
        r.incoming_no.as_ref().map(|n| {
            format!(
                "{} № {n}{}",
                tr!(lang, "form-incoming"),
                r.incoming_date
                    .map(|d| d.format(" %d.%m.%Y").to_string())
                    .unwrap_or_default()
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" / ");
    if !letter.is_empty() {
        ws.merge_range(15, 0, 15, 4, &letter, &wrap)?;
    }
    book.save(out)?;
    Ok(())
}
