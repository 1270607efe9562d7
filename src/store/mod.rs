//! The database: SQLite as the embedded default, PostgreSQL when the URL says `postgres://`.
//!
//! SQL both understand is written once, in the table modules (runtime queries with `$N`
//! placeholders, which sqlx's SQLite driver understands too); what must differ is the
//! [`backend::Backend`] trait, implemented once per backend (`sqlite.rs`, `postgres.rs`), with
//! the locks (`locks.rs`). Callers never branch on the backend. Each backend has its own forward-only migrations (`migrations/sqlite`,
//! `migrations/postgres`), run on first use. Everything a command writes goes through one
//! [`Tx`] that must be committed: a crash or a kill leaves the database as it was.

pub mod accounts;
pub mod audit;
pub mod backend;
pub mod deliveries;
pub mod directory;
pub mod employees;
pub mod imports;
pub mod jobs;
pub mod locks;
pub mod orders;
pub mod overview;
pub mod postgres;
pub mod requests;
pub mod sqlite;
pub mod sqlite_raw;
pub mod systems;
pub mod tickets;

use sqlx::pool::PoolOptions;
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqliteSynchronous};
use sqlx::{Postgres, Sqlite, Transaction};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// Where the data lives, as resolved from `--db`, `SKUD_DB`, the config file or the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DbUrl {
    /// `sqlite://PATH` (`sqlite:///abs/path` or `sqlite://relative/path`), `postgres://...` or
    /// `postgresql://...`; a bare path is an SQLite file.
    pub fn parse(s: &str) -> Result<DbUrl, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err(crate::i18n::tr!(
                crate::i18n::Lang::display(),
                "db-url-empty"
            ));
        }
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(DbUrl::Postgres(s.to_owned()));
        }
        if let Some(path) = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
        {
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() || path == ":memory:" {
                return Err(crate::i18n::tr!(
                    crate::i18n::Lang::display(),
                    "db-url-no-file",
                    url = s
                ));
            }
            return Ok(DbUrl::Sqlite(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = s.split_once("://") {
            return Err(crate::i18n::tr!(
                crate::i18n::Lang::display(),
                "db-url-scheme",
                scheme = scheme
            ));
        }
        Ok(DbUrl::Sqlite(PathBuf::from(s)))
    }

    /// The URL with any password replaced by `***`, for messages and `config show`.
    pub fn masked(&self) -> String {
        match self {
            DbUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
            DbUrl::Postgres(u) => mask_password(u),
        }
    }
}

fn mask_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    // The host follows the last '@' (a password may contain '@').
    let mut out = match rest.rsplit_once('@') {
        Some((auth, host)) => match auth.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => format!("{scheme}://{auth}@{host}"),
        },
        None => format!("{scheme}://{rest}"),
    };
    if let Some(q) = query {
        let pairs: Vec<String> = q
            .split('&')
            .map(|kv| match kv.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => kv.to_owned(),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}

/// An open, migrated database.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

/// A write transaction. Dropped without [`Tx::commit`], it rolls back.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Pg(Transaction<'static, Postgres>),
}

/// Runs the same code against whichever pool the store holds.
macro_rules! on_pool {
    ($store:expr, $p:ident => $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite($p) => $body,
            $crate::store::Store::Pg($p) => $body,
        }
    };
}

/// Runs the same code against whichever transaction this is (`&mut **$c` is the connection).
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite($c) => $body,
            $crate::store::Tx::Pg($c) => $body,
        }
    };
}
pub(crate) use {on_pool, on_tx};

/// A database failure, with what skud was doing.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("database {url}: cannot create folder {dir}: {source}")]
    Folder {
        url: String,
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("database {url}: migrations failed: {source}")]
    Migrate {
        url: String,
        source: sqlx::migrate::MigrateError,
    },
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static PG_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Process-wide SQLite settings, before the first connection: no memory statistics (SQLite
/// otherwise takes a global mutex on every allocation, a tenth of a bulk import's time).
pub fn configure_sqlite() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config is called once, before any connection exists (the caller is
        // `Store::open`, and no other code opens SQLite); a failure only keeps the default.
        unsafe {
            libsqlite3_sys::sqlite3_config(
                libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS,
                0 as std::ffi::c_int,
            );
        }
    });
}

impl Store {
    /// Opens the database, creating the SQLite file (and its folder) if missing, and applies any
    /// pending migrations. Returns the store and how many migrations were applied now.
    pub async fn open(url: &DbUrl) -> Result<(Store, usize), StoreError> {
        let masked = url.masked();
        let open_err = |source| StoreError::Open {
            url: masked.clone(),
            source,
        };
        let store = match url {
            DbUrl::Sqlite(path) => {
                configure_sqlite();
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    crate::files::create_private_dir(dir).map_err(|source| StoreError::Folder {
                        url: masked.clone(),
                        dir: dir.to_owned(),
                        source,
                    })?;
                }
                private_file(path).map_err(|source| StoreError::Folder {
                    url: masked.clone(),
                    dir: path.to_owned(),
                    source,
                })?;
                let pool = PoolOptions::<Sqlite>::new()
                    .max_connections(4)
                    .connect_with(sqlite_options(path));
                Store::Sqlite(pool.await.map_err(open_err)?)
            }
            DbUrl::Postgres(u) => {
                let opts = PgConnectOptions::from_str(u).map_err(open_err)?;
                let pool = PoolOptions::<Postgres>::new()
                    .max_connections(4)
                    .acquire_timeout(Duration::from_secs(15))
                    .connect_with(opts);
                Store::Pg(pool.await.map_err(open_err)?)
            }
        };
        let before = applied_count(&store).await;
        match &store {
            Store::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await,
            Store::Pg(p) => PG_MIGRATIONS.run(p).await,
        }
        .map_err(|source| StoreError::Migrate {
            url: masked.clone(),
            source,
        })?;
        let after = applied_count(&store).await;
        Ok((store, after.saturating_sub(before)))
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Pg(_) => "postgres",
        }
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), so two writers queue on the busy timeout instead of failing on upgrade.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Store::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Store::Pg(p) => Tx::Pg(p.begin().await?),
        })
    }

    /// Starts a transaction that only reads: one consistent view, no write lock (SQLite's
    /// deferred `BEGIN`; PostgreSQL's repeatable read, read only). Roll it back when done.
    pub async fn begin_read(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Store::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN").await?),
            Store::Pg(p) => Tx::Pg(
                p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            ),
        })
    }

    /// A consistent copy of an SQLite database in a new file, taken while others write
    /// (`VACUUM INTO`). PostgreSQL has no file: it is copied by pg_dump.
    pub async fn copy_file_into(&self, to: &Path) -> anyhow::Result<()> {
        let Store::Sqlite(p) = self else {
            anyhow::bail!("a PostgreSQL database is copied by pg_dump, not as a file");
        };
        sqlx::query("VACUUM INTO $1")
            .bind(to.to_string_lossy().into_owned())
            .execute(p)
            .await?;
        Ok(())
    }

    pub async fn close(&self) {
        on_pool!(self, p => p.close().await)
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        on_tx!(self, t => t.commit().await)
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        on_tx!(self, t => t.rollback().await)
    }
}

/// SQLite's page cache: 48 MiB (negative: KiB), room for the key index of a million orders.
const SQLITE_CACHE_KIB: &str = "-49152";
/// The same, as a statement (restored after a bulk load's index build).
pub(crate) const SQLITE_CACHE_PRAGMA: &str = "PRAGMA cache_size = -49152";

/// SQLite as skud runs it: WAL (readers never block the writer), foreign keys on, `NORMAL`
/// synchronous (safe with WAL), and a generous busy timeout for the daemon and cron sharing a
/// file.
fn sqlite_options(path: &Path) -> SqliteConnectOptions {
    sqlite_library_once();
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(30))
        .pragma("cache_size", SQLITE_CACHE_KIB)
}

/// SQLite's library-wide settings, once, before its first connection: no memory statistics.
/// skud never reads them, and keeping them takes a global mutex on every allocation: about a
/// tenth of a million-row bulk insert's time (`scripts/bench-import`, `perf`).
fn sqlite_library_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `sqlite3_config` must run before the library initialises, with no other
        // thread in SQLite. Every SQLite connection skud makes comes through these options, and
        // this is their first line. If the library is already initialised (a second store in one
        // test process), the call returns SQLITE_MISUSE and changes nothing: harmless.
        let _ = unsafe {
            libsqlite3_sys::sqlite3_config(
                libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS,
                0 as std::ffi::c_int,
            )
        };
    });
}

/// The SQLite file holds IINs and password hashes: created 0600 whatever the umask (SQLite
/// gives its `-wal` and `-shm` files the database file's mode), and a file others can read is
/// warned about on every run.
fn private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(f) => f.set_permissions(std::fs::Permissions::from_mode(0o600)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            if let Ok(m) = std::fs::metadata(path)
                && m.permissions().mode() & 0o077 != 0
            {
                eprintln!(
                    "warning: {}: the database can be read by others (mode {:o}); it holds IINs and password hashes: chmod 600 it (and its -wal, -shm)",
                    path.display(),
                    m.permissions().mode() & 0o777
                );
            }
            Ok(())
        }
        Err(e) => Err(e),
    }
}

async fn applied_count(store: &Store) -> usize {
    let sql = "SELECT COUNT(*) FROM _sqlx_migrations WHERE success";
    let n: Result<i64, _> = on_pool!(store, p => sqlx::query_scalar(sql).fetch_one(p).await);
    n.map(|n| n as usize).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            DbUrl::parse("sqlite:///var/lib/skud/skud.db"),
            Ok(DbUrl::Sqlite("/var/lib/skud/skud.db".into()))
        );
        assert_eq!(
            DbUrl::parse("sqlite://rel/x.db"),
            Ok(DbUrl::Sqlite("rel/x.db".into()))
        );
        assert_eq!(
            DbUrl::parse("/tmp/x.db"),
            Ok(DbUrl::Sqlite("/tmp/x.db".into()))
        );
        assert!(matches!(
            DbUrl::parse("postgresql://u@h/db"),
            Ok(DbUrl::Postgres(_))
        ));
        assert!(DbUrl::parse("mysql://x").is_err());
        assert!(DbUrl::parse("sqlite::memory:").is_err());
        assert!(DbUrl::parse("  ").is_err());
        let u = DbUrl::parse("postgres://skud:s3cret@db.local:5432/skud").unwrap();
        assert_eq!(u.masked(), "postgres://skud:***@db.local:5432/skud");
        assert!(!u.masked().contains("s3cret"));
        let u = DbUrl::parse("postgres://skud@db/skud?sslmode=require&password=s3cret").unwrap();
        assert_eq!(
            u.masked(),
            "postgres://skud@db/skud?sslmode=require&password=***"
        );
        let u = DbUrl::parse("postgres://u:p@ss@host/db").unwrap();
        assert_eq!(u.masked(), "postgres://u:***@host/db");
    }
}
