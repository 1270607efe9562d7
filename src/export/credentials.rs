//! The credentials file of `logins issue`: the only place, with the reply letters, where a
//! temporary password is ever written (mode 0600, never over an existing file).

use super::outbox::PlaceError;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// One issued login.
pub struct Credential<'a> {
    pub request_id: i64,
    pub kind: &'a str,
    pub login: &'a str,
    pub password: &'a str,
    pub full_name: &'a str,
    pub iin: &'a str,
    pub reply_email: &'a str,
}

/// The credentials file being written: a temporary file beside the target, renamed into place
/// after the commit.
pub struct CredentialsFile {
    target: PathBuf,
    out: csv::Writer<tempfile::NamedTempFile>,
}

impl CredentialsFile {
    /// Refuses a target that exists (a file of passwords is never overwritten) or a folder that
    /// cannot be written, before anything is issued.
    pub fn create(target: &Path) -> Result<CredentialsFile, PlaceError> {
        let err = |what, source| PlaceError {
            path: target.to_owned(),
            what,
            source,
        };
        if target.exists() {
            return Err(err(
                "already exists; skud never overwrites a file of passwords",
                std::io::Error::other(
                    "move it away (or delete it once its logins are handed over), or name another",
                ),
            ));
        }
        let dir = crate::export::folder_of(target);
        let tmp = tempfile::Builder::new()
            .prefix(".skud-credentials-")
            .permissions(std::fs::Permissions::from_mode(0o600))
            .tempfile_in(&dir)
            .map_err(|e| err("cannot write the credentials file there", e))?;
        let mut out = csv::Writer::from_writer(tmp);
        out.write_record([
            "request_id",
            "kind",
            "login",
            "temporary_password",
            "full_name",
            "iin",
            "reply_email",
        ])
        .map_err(|e| err("cannot write the credentials file", e.into()))?;
        Ok(CredentialsFile {
            target: target.to_owned(),
            out,
        })
    }

    pub fn add(&mut self, c: &Credential<'_>) -> std::io::Result<()> {
        self.out.write_record([
            c.request_id.to_string().as_str(),
            c.kind,
            c.login,
            c.password,
            &crate::import::rejects::defuse(c.full_name),
            c.iin,
            c.reply_email,
        ])?;
        Ok(())
    }

    /// Flushes and syncs the file under its temporary name (before the commit).
    pub fn seal(mut self) -> std::io::Result<SealedCredentials> {
        self.out.flush()?;
        let tmp = self
            .out
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        tmp.as_file().sync_all()?;
        let mut tmp = tmp;
        tmp.flush()?;
        Ok(SealedCredentials {
            tmp,
            target: self.target,
        })
    }
}

/// A complete credentials file waiting for the commit.
pub struct SealedCredentials {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl SealedCredentials {
    /// Moves the file into place; it never replaces a file that appeared meanwhile. The logins
    /// are committed by then: when the file cannot take its name, it is kept under its
    /// temporary name (returned with the error) so that no password is lost.
    pub fn publish(self) -> Result<PathBuf, (std::io::Error, String)> {
        match self.tmp.persist_noclobber(&self.target) {
            Ok(_) => Ok(self.target),
            Err(e) => {
                let error = e.error;
                match e.file.keep() {
                    Ok((_, path)) => Err((error, path.display().to_string())),
                    Err(k) => Err((error, format!("nowhere ({})", k.error))),
                }
            }
        }
    }
}
