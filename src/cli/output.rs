//! Printing results: one JSON object with `--json`, otherwise aligned text tables. stdout is for
//! data; notes and progress go to stderr.

use serde::Serialize;
use std::io::Write;

/// Prints a value as one line of JSON.
pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Prints rows under a header, columns padded to their widest cell.
pub fn table(header: &[String], rows: &[Vec<String>]) -> anyhow::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(widths[i].saturating_sub(c.chars().count()) + 2));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(header, &mut out)?;
    for r in rows {
        line(r, &mut out)?;
    }
    out.flush()?;
    Ok(())
}

/// Prints an object's fields as `key: value` lines (nulls left out): `show` commands.
pub fn fields(value: &serde_json::Value) {
    if let Some(map) = value.as_object() {
        for (k, val) in map {
            let text = match val {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            println!("{k}: {text}");
        }
    }
}

/// What a reader learnt about a file that its sender should know (on stderr): the row taken as
/// the header when title rows were skipped, characters that could not be decoded.
pub fn file_notes(lang: crate::i18n::Lang, f: &crate::import::TableInfo) {
    use crate::i18n::tr;
    if f.header_row > 1 {
        eprintln!(
            "{}",
            tr!(
                lang,
                "import-header-row",
                file = f.path.as_str(),
                row = f.header_row,
                skipped = f.header_row - 1
            )
        );
    }
    if f.replacement_chars > 0 {
        eprintln!(
            "{}",
            tr!(
                lang,
                "import-replacement-chars",
                file = f.path.as_str(),
                n = f.replacement_chars
            )
        );
    }
}

/// The line that says a run was a dry run: on stdout, where its report is, in the reader's
/// language (not with `--json`, whose `dry_run` field says it).
pub fn dry_run_note(lang: crate::i18n::Lang) {
    println!("{}", crate::i18n::tr!(lang, "dry-run-nothing-written"));
}
