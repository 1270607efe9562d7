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
    if std::fs::symlink_metadata(out).is_ok() {
        let out = out.display().to_string();
        return Err(UsageError(crate::i18n::tr!(ctx.lang, "backup-exists", out = out)).into());
    }
    let folder = crate::files::folder_of(out);
    std::fs::create_dir_all(&folder).map_err(|e| {
        UsageError(format!(
            "{}: cannot create the folder: {e}",
            folder.display()
        ))
    })?;
    // Written inside a private folder (0700) beside the target, so that nobody else can open it
    // while it is being written; then linked into place, never over an existing file.
    crate::files::sweep(&folder);
    let private = tempfile::Builder::new()
        .prefix(&format!(".skud-backup-{}-", std::process::id()))
        .tempdir_in(&folder)
        .map_err(|e| UsageError(format!("{}: cannot write there: {e}", folder.display())))?;
    let tmp = private.path().join("copy");
    match &ctx.db {
        DbUrl::Sqlite(_) => db.copy_file_into(&tmp).await?,
        DbUrl::Postgres(url) => {
            let Some(pg_dump) = pg_dump(ctx) else {
                return Err(UsageError(pg_dump_is_the_tool()).into());
            };
            pg_dump_to(&pg_dump, url, &tmp).await?;
        }
    }
    std::fs::set_permissions(&tmp, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    std::fs::File::open(&tmp)?.sync_all()?;
    let size = std::fs::metadata(&tmp)?.len();
    // A hard link never follows a symlink and never replaces a file.
    std::fs::hard_link(&tmp, out).map_err(|e| UsageError(format!("{}: {e}", out.display())))?;
    crate::files::sync_folder(&folder);
    Ok(size)
}

fn pg_dump(ctx: &Context) -> Option<PathBuf> {
    ctx.config.backup.as_ref().and_then(|b| b.pg_dump.clone())
}

fn pg_dump_is_the_tool() -> String {
    "PostgreSQL is backed up by pg_dump (or the cluster's own backups): name it in \
     [backup] pg_dump = \"/usr/bin/pg_dump\" for skud to run it"
        .into()
}

/// How long a pg_dump may take before it is stopped (the daemon runs one job at a time).
const PG_DUMP_LIMIT: std::time::Duration = std::time::Duration::from_secs(4 * 3600);

/// Runs pg_dump on the database of `url`. The password goes only into the child's environment
/// (decoded), never onto its command line; skud's own URL parameters are not passed on.
async fn pg_dump_to(pg_dump: &Path, url: &str, out: &Path) -> anyhow::Result<()> {
    let mut parsed = url::Url::parse(url)?;
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let password = parsed.password().map(decode).or_else(|| {
        parsed
            .query_pairs()
            .find(|(k, _)| k == "password")
            .map(|(_, v)| v.into_owned())
    });
    let _ = parsed.set_password(None);
    parsed.set_query(None);
    let mut cmd = tokio::process::Command::new(pg_dump);
    cmd.arg("--format=custom")
        .arg("--file")
        .arg(out)
        .arg("--dbname")
        .arg(parsed.as_str())
        .kill_on_drop(true);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    let output = tokio::time::timeout(PG_DUMP_LIMIT, cmd.output())
        .await
        .map_err(|_| {
            anyhow::anyhow!(
                "{} did not finish within {} h: stopped",
                pg_dump.display(),
                PG_DUMP_LIMIT.as_secs() / 3600
            )
        })?
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

/// The job: one copy per as-of date (`skud-YYYY-MM-DD.db`), so a second run on the same day
/// changes nothing; then the oldest beyond `keep` removed. On PostgreSQL without
/// `[backup] pg_dump` it says that pg_dump is the tool and does nothing.
pub async fn job(ctx: &Context, db: &Store) -> anyhow::Result<Report> {
    let sqlite = matches!(ctx.db, DbUrl::Sqlite(_));
    if !sqlite && pg_dump(ctx).is_none() {
        let mut r = Report::new(Job::Backup, Exit::Ok, serde_json::json!({}), Vec::new());
        r.message = Some(pg_dump_is_the_tool());
        return Ok(r);
    }
    let folder = dir(ctx);
    let keep = ctx
        .config
        .backup
        .as_ref()
        .and_then(|b| b.keep)
        .unwrap_or(7)
        .max(1) as usize;
    let ext = if sqlite { "db" } else { "dump" };
    let out = folder.join(format!("{PREFIX}{}.{ext}", ctx.today()));
    let size = if out.exists() {
        None
    } else {
        Some(copy_to(ctx, db, &out).await?)
    };
    let mut copies: Vec<PathBuf> = std::fs::read_dir(&folder)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with(PREFIX) && (n.ends_with(".db") || n.ends_with(".dump"))
            })
        })
        .collect();
    copies.sort();
    let mut removed = 0;
    while copies.len() > keep {
        std::fs::remove_file(copies.remove(0))?;
        removed += 1;
    }
    let counts = serde_json::json!({ "file": out.display().to_string(), "bytes": size,
        "already_taken": size.is_none(), "removed": removed });
    Ok(Report::new(
        Job::Backup,
        Exit::Ok,
        counts,
        vec![out.display().to_string()],
    ))
}
