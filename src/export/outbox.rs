//! Files that must appear only if the database change they describe is committed: reply
//! letters in the outbox, the credentials file.
//!
//! Each file is written and synced under a temporary name in its final folder before the
//! transaction commits, and renamed into place (never over an existing file) after it: a failed
//! run leaves no letter for an answer that was not recorded.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A folder of reply letters (`--outbox DIR`).
pub struct Outbox {
    dir: PathBuf,
    staged: Vec<(tempfile::NamedTempFile, PathBuf)>,
}

/// Why a file cannot be written where it was asked.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {what}: {source}")]
pub struct PlaceError {
    pub path: PathBuf,
    pub what: &'static str,
    pub source: std::io::Error,
}

impl Outbox {
    /// Opens the outbox, creating the folder if missing, and proves it writable now (before
    /// anything is answered).
    pub fn open(dir: &Path) -> Result<Outbox, PlaceError> {
        let err = |what, source| PlaceError {
            path: dir.to_owned(),
            what,
            source,
        };
        if dir.exists() && !dir.is_dir() {
            return Err(err(
                "the outbox is not a folder",
                std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory"),
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| err("cannot create the outbox", e))?;
        tempfile::Builder::new()
            .prefix(".skud-probe-")
            .tempfile_in(dir)
            .map_err(|e| err("the outbox is not writable", e))?;
        Ok(Outbox {
            dir: dir.to_owned(),
            staged: Vec::new(),
        })
    }

    /// Writes a letter under a temporary name; `name` is its final file name.
    pub fn stage(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let mut tmp = tempfile::Builder::new()
            .prefix(".skud-letter-")
            .tempfile_in(&self.dir)?;
        tmp.write_all(bytes)?;
        tmp.as_file().sync_all()?;
        self.staged.push((tmp, self.dir.join(name)));
        Ok(())
    }

    /// Moves the letters into place (after the commit). A letter whose name is taken gets
    /// `-2`, `-3`, ... before its extension. The answers are committed by then, so a letter
    /// that cannot be put in place is kept under its temporary name and reported in `warnings`,
    /// and the others still go out.
    pub fn publish(self, warnings: &mut Vec<String>) -> Vec<PathBuf> {
        let mut out = Vec::with_capacity(self.staged.len());
        for (tmp, target) in self.staged {
            let kept = tmp.path().to_owned();
            match persist_fresh(tmp, &target) {
                Ok(p) => out.push(p),
                Err(e) => warnings.push(format!(
                    "{}: the letter could not be put in place ({e}); it is kept as {}",
                    target.display(),
                    kept.display()
                )),
            }
        }
        out
    }
}

/// Renames a temporary file to `target`, or to a numbered variant when `target` exists.
fn persist_fresh(mut tmp: tempfile::NamedTempFile, target: &Path) -> std::io::Result<PathBuf> {
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = target
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let mut candidate = target.to_owned();
    for n in 2u32.. {
        match tmp.persist_noclobber(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists && n < 10_000 => {
                tmp = e.file;
                candidate = target.with_file_name(format!("{stem}-{n}{ext}"));
            }
            Err(e) => {
                // Keep the letter under its temporary name rather than lose it.
                let _ = e.file.keep();
                return Err(e.error);
            }
        }
    }
    unreachable!("the loop returns")
}
