//! The rejects file (`--rejects OUT.csv`): the original columns of each rejected row, then
//! `row`, `reason_code` and `reason` (and `file` when several files were imported).
//!
//! It is written to a temporary file beside the target and renamed into place at the end, so a
//! failed or interrupted run leaves no half-written report. It starts with a UTF-8 BOM and uses
//! the delimiter of the imported file, so that Excel opens it as the clerk's own file. A cell
//! that Excel would evaluate (starting with `=`, `+`, `-`, `@`, TAB or CR) is prefixed with `'`
//! (CWE-1236).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

pub struct RejectsWriter {
    target: PathBuf,
    tmp: Option<tempfile::NamedTempFile>,
    out: Option<csv::Writer<BufWriter<File>>>,
    with_file: bool,
    last_header: Option<Vec<String>>,
}

impl RejectsWriter {
    /// Prepares the report at `target` (checked now, so that a wrong path fails before the
    /// import starts).
    /// The rejects file is this run's report: it replaces an earlier run's, but is never
    /// written through a symlink, over a folder, or over an input of the run (exit 2).
    pub fn create(
        target: &Path,
        with_file: bool,
        inputs: &[PathBuf],
    ) -> anyhow::Result<RejectsWriter> {
        crate::files::check(
            target,
            &crate::files::Rules::report("rejects", true).reading(inputs),
        )?;
        let dir = crate::export::folder_of(target);
        crate::files::sweep(&dir);
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".skud-rejects-{}-", std::process::id()))
            .tempfile_in(dir)?;
        Ok(RejectsWriter {
            target: target.to_owned(),
            tmp: Some(tmp),
            out: None,
            with_file,
            last_header: None,
        })
    }

    fn writer(&mut self, delimiter: u8) -> std::io::Result<&mut csv::Writer<BufWriter<File>>> {
        if self.out.is_none() {
            let file = self
                .tmp
                .as_ref()
                .map(|t| t.reopen())
                .transpose()?
                .ok_or_else(|| std::io::Error::other("rejects file already finished"))?;
            let mut w = BufWriter::new(file);
            w.write_all("\u{feff}".as_bytes())?;
            self.out = Some(
                csv::WriterBuilder::new()
                    .delimiter(delimiter)
                    .flexible(true)
                    .from_writer(w),
            );
        }
        Ok(self.out.as_mut().expect("writer was just created"))
    }

    fn header_line(&self, header: &[String]) -> Vec<String> {
        let mut line: Vec<String> = header.to_vec();
        if self.with_file {
            line.push("file".into());
        }
        line.extend(["row", "reason_code", "reason"].map(String::from));
        line
    }

    /// Writes the header of a file's columns when it differs from the last one written.
    fn ensure_header(&mut self, header: &[String], delimiter: u8) -> std::io::Result<()> {
        if self.last_header.as_deref() != Some(header) {
            let line = self.header_line(header);
            self.writer(delimiter)?
                .write_record(line.iter().map(|c| defuse(c)))?;
            self.last_header = Some(header.to_vec());
        }
        Ok(())
    }

    /// Writes one rejected row.
    #[allow(clippy::too_many_arguments)]
    pub fn write(
        &mut self,
        header: &[String],
        delimiter: u8,
        file: &str,
        row: u64,
        code: &str,
        reason: &str,
        raw: &csv::StringRecord,
    ) -> std::io::Result<()> {
        self.ensure_header(header, delimiter)?;
        let mut cells: Vec<String> = (0..header.len().max(raw.len()))
            .map(|i| defuse(raw.get(i).unwrap_or("")))
            .collect();
        if self.with_file {
            cells.push(defuse(file));
        }
        cells.push(row.to_string());
        cells.push(code.to_owned());
        cells.push(defuse(reason));
        self.writer(delimiter)?.write_record(&cells)?;
        Ok(())
    }

    /// Flushes and moves the report into place. With no rejects it holds only the header of the
    /// first file, so scripts can rely on the file being there.
    pub fn finish(mut self, first_header: &[String], delimiter: u8) -> std::io::Result<PathBuf> {
        if self.last_header.is_none() {
            self.ensure_header(first_header, delimiter)?;
        }
        if let Some(mut w) = self.out.take() {
            w.flush()?;
            let inner = w
                .into_inner()
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            inner
                .into_inner()
                .map_err(|e| std::io::Error::other(e.to_string()))?
                .sync_all()?;
        }
        let tmp = self
            .tmp
            .take()
            .ok_or_else(|| std::io::Error::other("rejects file already finished"))?;
        // A temporary file is private (0600); the report is for the HR clerk too: owner and group
        // may read it (it holds names and IINs, so not everyone).
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o640))?;
        }
        if std::fs::symlink_metadata(&self.target).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(std::io::Error::other(format!(
                "{}: became a symbolic link; not written through it",
                self.target.display()
            )));
        }
        tmp.persist(&self.target).map_err(|e| e.error)?;
        Ok(self.target.clone())
    }
}

/// Prefixes `'` to a cell that a spreadsheet would evaluate as a formula.
pub fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("Петров"), "Петров");
        assert_eq!(defuse(""), "");
    }
}
