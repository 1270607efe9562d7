//! The one way skud writes a file: exports, forms, reports, rejects, credentials, letters,
//! backups.
//!
//! - checked before any work: the target is not a symlink, not a folder, not an input of the
//!   same run, and does not exist unless `--force` allows replacing it;
//! - written to a temporary file in the target's own folder, named `.skud-<kind>-<pid>-XXXXXX`
//!   and created with the final mode (0600 for personal data and secrets, 0640 for reports),
//!   whatever the umask;
//! - synced, checked again, and renamed into place atomically (`rename` replaces the directory
//!   entry, it never writes through a symlink); without `--force` the rename never replaces a
//!   file that appeared meanwhile; then the folder is synced.
//!
//! A killed run leaves at most its temporary file. The next run that writes into that folder
//! removes the temporary files whose process is gone ([`sweep`]).

use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Personal data or secrets: the owner only.
pub const PRIVATE: u32 = 0o600;
/// Reports for the owner and the group (they still name people).
pub const REPORT: u32 = 0o640;
/// Documentation, nothing personal: everyone may read it.
pub const PUBLIC: u32 = 0o644;

/// How a target may be written.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// The file's mode.
    pub mode: u32,
    /// Replace an existing regular file (`--force`).
    pub force: bool,
    /// The files this run reads: never written over.
    pub inputs: &'a [PathBuf],
    /// Short name in the temporary file's name (`credentials`, `letter`, `journal`, ...).
    pub kind: &'a str,
}

impl<'a> Rules<'a> {
    pub fn private(kind: &'a str) -> Rules<'a> {
        Rules {
            mode: PRIVATE,
            force: false,
            inputs: &[],
            kind,
        }
    }

    pub fn report(kind: &'a str, force: bool) -> Rules<'a> {
        Rules {
            mode: REPORT,
            force,
            inputs: &[],
            kind,
        }
    }

    pub fn reading(mut self, inputs: &'a [PathBuf]) -> Rules<'a> {
        self.inputs = inputs;
        self
    }

    /// Replaces an existing regular file (`--force`).
    pub fn forced(mut self, force: bool) -> Rules<'a> {
        self.force = force;
        self
    }

    /// Readable by everyone (0644): only for what holds nothing personal (manual pages).
    pub fn public(kind: &'a str) -> Rules<'a> {
        Rules {
            mode: PUBLIC,
            force: true,
            inputs: &[],
            kind,
        }
    }
}

/// Why a file cannot be written where it was asked (exit 2 when found before any work).
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{0}: is a symbolic link; skud never writes through one (name the real file)")]
    Symlink(PathBuf),
    #[error("{0}: already exists; skud does not overwrite it (name another file, or add --force)")]
    Exists(PathBuf),
    #[error("{0}: already exists; skud never overwrites a file of passwords (name another file)")]
    ExistsNeverForce(PathBuf),
    #[error("{0}: is a folder, not a file")]
    Folder(PathBuf),
    #[error("{0}: is not a regular file; skud writes only regular files")]
    NotRegular(PathBuf),
    #[error("{0}: is an input of this run; skud never writes over its own input")]
    Input(PathBuf),
    #[error("{path}: {what}: {source}")]
    Io {
        path: PathBuf,
        what: &'static str,
        source: std::io::Error,
    },
}

impl FileError {
    /// The message in the reader's language (the `Display` text is English, for logs).
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr;
        let p = |p: &PathBuf| p.display().to_string();
        let (path, what) = match self {
            FileError::Symlink(path) => (p(path), tr!(lang, "out-symlink")),
            FileError::Exists(path) => (p(path), tr!(lang, "out-exists")),
            FileError::ExistsNeverForce(path) => (p(path), tr!(lang, "out-exists-passwords")),
            FileError::Folder(path) => (p(path), tr!(lang, "out-folder")),
            FileError::NotRegular(path) => (p(path), tr!(lang, "out-not-regular")),
            FileError::Input(path) => (p(path), tr!(lang, "out-input")),
            FileError::Io { .. } => return self.to_string(),
        };
        format!("{path}: {what}")
    }

    /// Whether the error is the caller's to fix (a usage error, exit 2).
    pub fn is_usage(&self) -> bool {
        !matches!(self, FileError::Io { .. })
    }
}

fn io<'a>(path: &'a Path, what: &'static str) -> impl Fn(std::io::Error) -> FileError + 'a {
    move |source| FileError::Io {
        path: path.to_owned(),
        what,
        source,
    }
}

/// The folder a file will be written in (`.` for a bare name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Checks a target before any work is done.
pub fn check(target: &Path, rules: &Rules<'_>) -> Result<(), FileError> {
    for input in rules.inputs {
        if same_file(input, target) {
            return Err(FileError::Input(target.to_owned()));
        }
    }
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => Err(FileError::Symlink(target.to_owned())),
        Ok(m) if m.is_dir() => Err(FileError::Folder(target.to_owned())),
        Ok(m) if !m.is_file() => Err(FileError::NotRegular(target.to_owned())),
        Ok(_) if rules.kind == CREDENTIALS => Err(FileError::ExistsNeverForce(target.to_owned())),
        Ok(_) if rules.force => Ok(()),
        Ok(_) => Err(FileError::Exists(target.to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(target, "cannot look at it")(e)),
    }
}

/// The kind of the credentials file: never written over, `--force` or not.
pub const CREDENTIALS: &str = "credentials";

/// Whether two paths name the same file (by device and inode when both exist; by the
/// canonical path otherwise).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => {
            let canon = |p: &Path| {
                let dir = folder_of(p).canonicalize().ok()?;
                Some(dir.join(p.file_name()?))
            };
            matches!((canon(a), canon(b)), (Some(x), Some(y)) if x == y)
        }
    }
}

/// A file being written under its temporary name.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
    force: bool,
    folder: PathBuf,
}

/// Checks the target, sweeps the folder of dead runs' temporary files, and opens the
/// temporary file beside the target.
pub fn create(target: &Path, rules: &Rules<'_>) -> Result<Staged, FileError> {
    check(target, rules)?;
    let folder = folder_of(target);
    sweep(&folder);
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".skud-{}-{}-", rules.kind, std::process::id()))
        .permissions(std::fs::Permissions::from_mode(rules.mode))
        .tempfile_in(&folder)
        .map_err(io(target, "cannot write in its folder"))?;
    // The umask may have taken bits away from the mode asked for; never added any.
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(rules.mode))
        .map_err(io(target, "cannot set its mode"))?;
    Ok(Staged {
        tmp,
        target: target.to_owned(),
        force: rules.force,
        folder,
    })
}

impl Staged {
    /// The temporary file, for writers that take a `File`.
    pub fn file(&mut self) -> &mut std::fs::File {
        self.tmp.as_file_mut()
    }

    /// The temporary path, for writers that save to a path (rust_xlsxwriter).
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Syncs the file and renames it into place. Without `force` it never replaces a file that
    /// appeared meanwhile (`AlreadyExists`).
    pub fn commit(self) -> Result<PathBuf, FileError> {
        let target = self.target.clone();
        let mut tmp = self.tmp;
        tmp.flush().map_err(io(&target, "cannot write it"))?;
        tmp.as_file()
            .sync_all()
            .map_err(io(&target, "cannot sync it"))?;
        if let Ok(m) = std::fs::symlink_metadata(&target)
            && m.file_type().is_symlink()
        {
            return Err(FileError::Symlink(target));
        }
        let placed = if self.force {
            tmp.persist(&target).map(|_| ()).map_err(|e| e.error)
        } else {
            tmp.persist_noclobber(&target)
                .map(|_| ())
                .map_err(|e| e.error)
        };
        match placed {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(FileError::Exists(target));
            }
            Err(e) => return Err(io(&target, "cannot put it in place")(e)),
        }
        sync_folder(&self.folder);
        Ok(target)
    }
}

impl std::io::Seek for Staged {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        std::io::Seek::seek(self.tmp.as_file_mut(), pos)
    }
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}

/// Writes `bytes` to `target` by the rules, in one go.
pub fn write(target: &Path, rules: &Rules<'_>, bytes: &[u8]) -> Result<PathBuf, FileError> {
    let mut staged = create(target, rules)?;
    staged
        .file()
        .write_all(bytes)
        .map_err(io(target, "cannot write it"))?;
    staged.commit()
}

/// Writes `target` by the rules with a writer that saves to a path (rust_xlsxwriter): it
/// saves to the temporary file, which is then put in place.
pub fn save_with<E: std::fmt::Display>(
    target: &Path,
    rules: &Rules<'_>,
    save: impl FnOnce(&Path) -> Result<(), E>,
) -> anyhow::Result<PathBuf> {
    let staged = create(target, rules)?;
    save(staged.path()).map_err(|e| anyhow::anyhow!("{}: {e}", target.display()))?;
    // The writer may have replaced the file: its mode is set again.
    std::fs::set_permissions(staged.path(), std::fs::Permissions::from_mode(rules.mode))
        .map_err(io(target, "cannot set its mode"))?;
    Ok(staged.commit()?)
}

/// Syncs a folder, so that a rename in it survives a power cut (best effort).
pub fn sync_folder(folder: &Path) {
    if let Ok(d) = std::fs::File::open(folder) {
        let _ = d.sync_all();
    }
}

/// Removes the temporary files and folders skud's own killed runs left in `folder`
/// (`.skud-<kind>-<pid>-...` whose process is gone). Returns what was removed. Files of an
/// older naming, without a process number, are left alone and returned by [`leftovers`].
pub fn sweep(folder: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return removed;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = owner_pid(name) else { continue };
        if process_alive(pid) {
            continue;
        }
        let path = e.path();
        let gone = match e.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            Ok(_) => std::fs::remove_file(&path),
            Err(err) => Err(err),
        };
        if gone.is_ok() {
            tracing::info!(path = %path.display(), "removed a temporary file of a run that was stopped");
            removed.push(path);
        }
    }
    removed
}

/// Hidden files of skud's older naming (no process number) in `folder`: reported, never
/// removed, since a run of an older version may have left the only copy of something there.
pub fn leftovers(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(".skud-") && owner_pid(n).is_none())
        })
        .map(|e| e.path())
        .collect()
}

/// The process number in `.skud-<kind>-<pid>-XXXXXX`.
fn owner_pid(name: &str) -> Option<i32> {
    let rest = name.strip_prefix(".skud-")?;
    let mut parts = rest.split('-');
    let _kind = parts.next()?;
    let pid = parts.next()?;
    parts.next()?;
    pid.parse().ok().filter(|p| *p > 0)
}

fn process_alive(pid: i32) -> bool {
    if pid as u32 == std::process::id() {
        return true;
    }
    // SAFETY: kill with signal 0 only checks whether the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Creates a folder (and its parents) with the given mode for the folders it makes.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// A spreadsheet cell that Excel or LibreOffice would evaluate (starting with `=`, `+`, `-`,
/// `@`, TAB or CR) is prefixed with `'` (CWE-1236): for every CSV and XLSX skud writes.
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

    #[test]
    fn writes_privately_and_refuses_links_inputs_and_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("a.csv");
        let p = write(&t, &Rules::private("test"), b"x").unwrap();
        assert_eq!(p, t);
        let mode = std::fs::metadata(&t).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(matches!(
            write(&t, &Rules::private("test"), b"y"),
            Err(FileError::Exists(_))
        ));
        write(&t, &Rules::report("test", true), b"y").unwrap();
        assert_eq!(std::fs::read(&t).unwrap(), b"y");
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), &link).unwrap();
        assert!(matches!(
            write(&link, &Rules::report("test", true), b"z"),
            Err(FileError::Symlink(_))
        ));
        assert!(!dir.path().join("elsewhere").exists());
        let inputs = [t.clone()];
        assert!(matches!(
            write(&t, &Rules::report("test", true).reading(&inputs), b"z"),
            Err(FileError::Input(_))
        ));
        let creds = dir.path().join("c.csv");
        std::fs::write(&creds, "").unwrap();
        let mut r = Rules::private("credentials");
        r.force = true;
        assert!(matches!(
            check(&creds, &r),
            Err(FileError::ExistsNeverForce(_))
        ));
    }

    #[test]
    fn sweep_removes_only_dead_runs_files() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".skud-letter-999999999-abc");
        let alive = dir
            .path()
            .join(format!(".skud-letter-{}-abc", std::process::id()));
        let old = dir.path().join(".skud-letter-AbCdEf");
        for p in [&dead, &alive, &old] {
            std::fs::write(p, "").unwrap();
        }
        let removed = sweep(dir.path());
        assert_eq!(removed, vec![dead.clone()]);
        assert!(alive.exists() && old.exists());
        assert_eq!(leftovers(dir.path()), vec![old]);
    }
}
