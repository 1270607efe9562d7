//! The rejects file (`--rejects OUT.csv`): the original columns of each rejected row, then
//! `row`, `reason_code` and `reason` (and `file` when several files were imported).
//!
//! It is written to a temporary file beside the target and renamed into place at the end, so a
//! failed or interrupted run leaves no half-written report. It starts with a UTF-8 BOM and uses
//! the delimiter of the imported file, so that Excel opens it as the clerk's own file. A cell
//! that Excel would evaluate (starting with `=`, `+`, `-`, `@`, TAB or CR) is prefixed with `'`
//! (CWE-1236).

use crate::files::defuse;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

pub struct RejectsWriter {
    /// The file being written, until its first row.
    staged: Option<crate::files::Staged>,
    out: Option<csv::Writer<BufWriter<crate::files::Staged>>>,
    with_file: bool,
    last_header: Option<Vec<String>>,
}

impl RejectsWriter {
    /// Prepares the report at `target` (checked now, so that a wrong path fails before the
    /// import starts). It holds names and IINs: the owner only (0600). It is never written
    /// through a symlink, over a folder or over an input of the run, and replaces an existing
    /// file only with `--force` (exit 2).
    pub fn create(
        target: &Path,
        with_file: bool,
        inputs: &[PathBuf],
        force: bool,
    ) -> anyhow::Result<RejectsWriter> {
        let rules = crate::files::Rules::private("rejects")
            .reading(inputs)
            .forced(force);
        Ok(RejectsWriter {
            staged: Some(crate::files::create(target, &rules)?),
            out: None,
            with_file,
            last_header: None,
        })
    }

    fn writer(
        &mut self,
        delimiter: u8,
    ) -> std::io::Result<&mut csv::Writer<BufWriter<crate::files::Staged>>> {
        if self.out.is_none() {
            let staged = self
                .staged
                .take()
                .ok_or_else(|| std::io::Error::other("rejects file already finished"))?;
            let mut w = BufWriter::new(staged);
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
        let mut cells: Vec<String> = (0..header.len())
            .map(|i| defuse(raw.get(i).unwrap_or("")))
            .collect();
        if self.with_file {
            cells.push(defuse(file));
        }
        cells.push(row.to_string());
        cells.push(code.to_owned());
        cells.push(defuse(reason));
        // Cells beyond the header (`extra_cells`) come last, so that the reason columns stay
        // under their names.
        cells.extend(raw.iter().skip(header.len()).map(defuse));
        self.writer(delimiter)?.write_record(&cells)?;
        Ok(())
    }

    /// Flushes and moves the report into place. With no rejects it holds only the header of the
    /// first file, so scripts can rely on the file being there.
    pub fn finish(mut self, first_header: &[String], delimiter: u8) -> std::io::Result<PathBuf> {
        if self.last_header.is_none() {
            self.ensure_header(first_header, delimiter)?;
        }
        let w = self
            .out
            .take()
            .ok_or_else(|| std::io::Error::other("rejects file already finished"))?;
        let staged = w
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?
            .into_inner()
            .map_err(|e| e.into_error())?;
        staged.commit().map_err(std::io::Error::other)
    }
}
