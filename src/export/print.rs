//! How the sheets people print are laid out: A4, one page wide, header rows repeated, and row
//! heights fitted to wrapped text. Neither Excel nor LibreOffice fits the height of a merged
//! cell, and Excel keeps a stored height as it is, so the height is computed here from the
//! text and the column widths.

use rust_xlsxwriter::{Worksheet, XlsxError};

/// A4 in the paper sizes of the XLSX format.
const A4: u8 = 9;

/// How many characters of Cyrillic text fit in a column of `width` (Excel's width unit is
/// the width of the digit 0 of the default font; Cyrillic letters and capitals are wider).
fn capacity(width: f64, bold: bool) -> usize {
    let per = if bold { 0.86 } else { 0.97 };
    ((width - 1.0) * per).floor().max(1.0) as usize
}

/// The lines `text` takes in a column of `width`, wrapped at spaces (a word longer than the
/// line is broken), each `\n` starting a new line.
pub fn lines(text: &str, width: f64, bold: bool) -> usize {
    let cap = capacity(width, bold);
    text.split('\n')
        .map(|paragraph| {
            let mut lines = 1;
            let mut used = 0;
            for word in paragraph.split_whitespace() {
                let len = word.chars().count();
                let need = if used == 0 { len } else { used + 1 + len };
                if need <= cap {
                    used = need;
                } else if used == 0 {
                    lines += (len - 1) / cap;
                    used = (len - 1) % cap + 1;
                } else {
                    lines += 1 + (len.max(1) - 1) / cap;
                    used = (len.max(1) - 1) % cap + 1;
                }
            }
            lines
        })
        .sum()
}

/// The height in points of `lines` lines of text of `font` points, with a little air.
pub fn height(lines: usize, font: f64) -> f64 {
    lines.max(1) as f64 * font * 1.32 + 4.0
}

/// The height a row needs for its cells: (text, the width it wraps in, bold).
pub fn row_height(cells: &[(&str, f64, bool)], font: f64) -> f64 {
    let most = cells
        .iter()
        .map(|(t, w, b)| lines(t, *w, *b))
        .max()
        .unwrap_or(1);
    height(most, font)
}

/// A4, one page wide (and at most `pages_tall` pages tall; 0: as many as it takes), portrait
/// or landscape, with the rows `repeat` (first, last) printed at the top of every page.
pub fn a4(
    ws: &mut Worksheet,
    landscape: bool,
    pages_tall: u16,
    repeat: Option<(u32, u32)>,
) -> Result<(), XlsxError> {
    ws.set_paper_size(A4);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, pages_tall);
    ws.set_margins(0.6, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    if let Some((first, last)) = repeat {
        ws.set_repeat_rows(first, last)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_wrapped_text() {
        assert_eq!(lines("", 20.0, false), 1);
        assert_eq!(lines("короткий", 20.0, false), 1);
        // 17 characters a line at width 20.
        assert_eq!(lines("один два три четыре пять шесть", 20.0, false), 2);
        assert_eq!(lines("а\nб\nв", 20.0, false), 3);
        assert_eq!(
            lines(&"ж".repeat(40), 20.0, false),
            3,
            "a long word is broken"
        );
        let eight = (1..=8)
            .map(|i| format!("Система {i} (SYS{i})"))
            .collect::<Vec<_>>();
        assert_eq!(lines(&eight.join("\n"), 30.0, false), 8);
    }
}
