//! `backup` (§17.2) and `skud backup --out FILE`: a consistent copy of the database.
//!
//! SQLite: `VACUUM INTO`, which reads one snapshot while other connections go on writing
//! (WAL), and writes a compact, complete database file; it is written under a temporary name
//! and renamed into place, so a copy in the folder is always whole. The job keeps the last
//! `[backup] keep` copies (default 7) in `[backup] dir` (default `$XDG_DATA_HOME/skud/backups`).
//! PostgreSQL: pg_dump is the tool; the job runs the one `[backup] pg_dump` names (custom
//! format), with the password passed in the environment, never on its command line.

use super::{Job, Report};
use crate::context::Context;
use crate::exit::{Exit, UsageError};
use crate::store::{DbUrl, Store};
use std::path::{Path, PathBuf};

const PREFIX: &str = "skud-";

/// The backups folder.
pub fn dir(ctx: &Context) -> PathBuf {
    ctx.config
        .backup
        .as_ref()
        .and_then(|b| b.dir.clone())
        .or_else(|| {
            crate::config::xdg_dir("XDG_DATA_HOME", ".local/share").map(|d| d.join("skud/backups"))
        })
        .unwrap_or_else(|| PathBuf::from("/var/backups/skud"))
}

/// Writes one copy of the database to `out` (which must not exist).
pub async fn copy_to(ctx: &Context, db: &Store, out: &Path) -> anyhow::Result<u64> {
    if out.exists() {
        return Err(UsageError(format!(
            "{}: the file exists; skud does not overwrite a backup",
            out.display()
        ))
        .into());
    }
    let folder = crate::export::folder_of(out);
    std::fs::create_dir_all(&folder).map_err(|e| {
        UsageError(format!(
            "{}: cannot create the folder: {e}",
            folder.display()
        ))
    })?;
    let tmp = tempfile::Builder::new()
        .prefix(".skud-backup-")
        .tempfile_in(&folder)
        .map_err(|e| UsageError(format!("{}: cannot write there: {e}", folder.display())))?
        .into_temp_path();
    match (&ctx.db, db) {
        (DbUrl::Sqlite(_), Store::Sqlite(p)) => {
            // VACUUM INTO refuses an existing file: the temporary name is only reserved.
            std::fs::remove_file(&tmp)?;
            sqlx::query("VACUUM INTO $1")
                .bind(tmp.to_string_lossy().into_owned())
                .execute(p)
                .await?;
        }
        (DbUrl::Postgres(url), _) => {
            let Some(pg_dump) = ctx.config.backup.as_ref().and_then(|b| b.pg_dump.clone()) else {
                return Err(UsageError(
                    "PostgreSQL is backed up by pg_dump (or the cluster's own backups): name it in \
                     [backup] pg_dump = \"/usr/bin/pg_dump\" for skud to run it"
                        .into(),
                )
                .into());
            };
            pg_dump_to(&pg_dump, url, &tmp).await?;
        }
        _ => anyhow::bail!("the database and its URL disagree"),
    }
    std::fs::set_permissions(&tmp, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    let size = std::fs::metadata(&tmp)?.len();
    tmp.persist_noclobber(out)
        .map_err(|e| UsageError(format!("{}: {}", out.display(), e.error)))?;
    Ok(size)
}

async fn pg_dump_to(pg_dump: &Path, url: &str, out: &Path) -> anyhow::Result<()> {
    let mut parsed = url::Url::parse(url)?;
    let password = parsed.password().map(str::to_owned);
    let _ = parsed.set_password(None);
    let mut cmd = tokio::process::Command::new(pg_dump);
    cmd.arg("--format=custom")
        .arg("--file")
        .arg(out)
        .arg("--dbname")
        .arg(parsed.as_str());
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    let output = cmd
        .output()
        .await
        .map_err(|e| UsageError(format!("{}: {e}", pg_dump.display())))?;
    if !output.status.success() {
        anyhow::bail!(
            "{} failed: {}",
            pg_dump.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// The job: a copy named by the moment into the backups folder, then the oldest beyond
/// `keep` removed.
pub async fn job(ctx: &Context, db: &Store) -> anyhow::Result<Report> {
    let folder = dir(ctx);
    let keep = ctx
        .config
        .backup
        .as_ref()
        .and_then(|b| b.keep)
        .unwrap_or(7)
        .max(1) as usize;
    let ext = if matches!(ctx.db, DbUrl::Sqlite(_)) {
        "db"
    } else {
        "dump"
    };
    let name = format!("{PREFIX}{}.{ext}", ctx.now.format("%Y%m%dT%H%M%SZ"));
    let out = folder.join(&name);
    let size = copy_to(ctx, db, &out).await?;
    let mut copies: Vec<PathBuf> = std::fs::read_dir(&folder)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with(PREFIX) && (n.ends_with(".db") || n.ends_with(".dump"))
            })
        })
        .collect();
    copies.sort();
    let mut removed = Vec::new();
    while copies.len() > keep {
        let old = copies.remove(0);
        std::fs::remove_file(&old)?;
        removed.push(old.display().to_string());
    }
    Ok(Report::new(
        Job::Backup,
        Exit::Ok,
        serde_json::json!({ "file": out.display().to_string(), "bytes": size, "removed": removed.len() }),
        vec![out.display().to_string()],
    ))
}
