//! The test harness: each test gets its own folder and its own database — a fresh SQLite file,
//! or a fresh database in the PostgreSQL cluster named by `SKUD_TEST_PG_URL` (scripts/test
//! starts a throwaway one) — and runs the real `skud` binary with a clean environment.
//! A failed assertion prints the command, its exit status, stdout and stderr.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct Env {
    /// Extra environment variables for every command of this test.
    pub vars: std::cell::RefCell<Vec<(String, String)>>,
    pub dir: tempfile::TempDir,
    pub db: String,
    pub backend: Backend,
    pg_drop: Option<(String, String)>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub fn pg_base_url() -> Option<String> {
    std::env::var("SKUD_TEST_PG_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A direct connection to a test database (set-up, inspection and tampering).
enum Conn {
    Pg(sqlx::PgConnection),
    Sqlite(sqlx::SqliteConnection),
}

async fn connect(url: &str) -> Conn {
    use sqlx::Connection;
    if url.starts_with("postgres") {
        Conn::Pg(sqlx::PgConnection::connect(url).await.unwrap())
    } else {
        let opts =
            sqlx::sqlite::SqliteConnectOptions::new().filename(url.trim_start_matches("sqlite://"));
        Conn::Sqlite(sqlx::SqliteConnection::connect_with(&opts).await.unwrap())
    }
}

/// Runs SQL statements against a database URL.
pub fn sql(url: &str, statements: &str) {
    sql_try(url, statements).unwrap()
}

/// Runs SQL statements against a database URL: the database's refusal, if any.
pub fn sql_try(url: &str, statements: &str) -> Result<(), sqlx::Error> {
    runtime().block_on(async {
        let sql = sqlx::raw_sql(sqlx::AssertSqlSafe(statements.to_owned()));
        match connect(url).await {
            Conn::Pg(mut c) => sql.execute(&mut c).await.map(|_| ()),
            Conn::Sqlite(mut c) => sql.execute(&mut c).await.map(|_| ()),
        }
    })
}

/// One value of a query, as text.
pub fn sql_value(url: &str, query: &str) -> String {
    fn text<R: sqlx::Row>(row: R) -> String
    where
        for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
        usize: sqlx::ColumnIndex<R>,
    {
        row.try_get::<String, _>(0)
            .or_else(|_| row.try_get::<i64, _>(0).map(|v| v.to_string()))
            .unwrap()
    }
    runtime().block_on(async {
        let q = || sqlx::AssertSqlSafe(query.to_owned());
        match connect(url).await {
            Conn::Pg(mut c) => text(sqlx::query(q()).fetch_one(&mut c).await.unwrap()),
            Conn::Sqlite(mut c) => text(sqlx::query(q()).fetch_one(&mut c).await.unwrap()),
        }
    })
}

impl Env {
    pub fn new(backend: Backend) -> Env {
        let dir = tempfile::Builder::new()
            .prefix("skud-it-")
            .tempdir()
            .unwrap();
        match backend {
            Backend::Sqlite => {
                let db = format!("sqlite://{}", dir.path().join("skud.db").display());
                Env {
                    vars: Default::default(),
                    dir,
                    db,
                    backend,
                    pg_drop: None,
                }
            }
            Backend::Postgres => {
                let base = pg_base_url().expect("SKUD_TEST_PG_URL");
                let name = format!(
                    "skud_it_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst)
                );
                sql(&base, &format!("CREATE DATABASE {name}"));
                let (prefix, _) = base.rsplit_once('/').unwrap();
                let db = format!("{prefix}/{name}");
                Env {
                    vars: Default::default(),
                    dir,
                    db,
                    backend,
                    pg_drop: Some((base, name)),
                }
            }
        }
    }

    /// Sets an environment variable for every later command of this test.
    pub fn set_var(&self, key: &str, value: &str) {
        self.vars
            .borrow_mut()
            .push((key.to_owned(), value.to_owned()));
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// The command, ready to run: clean environment, this test's database and home.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_skud"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("USER", "tester")
            .env("SKUD_DB", &self.db)
            .current_dir(self.dir.path())
            .envs(
                self.vars
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            )
            .args(args)
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.cmd(args).output().unwrap();
        Run {
            args: args.iter().map(|s| s.to_string()).collect(),
            out,
        }
    }

    /// Runs and checks the exit status.
    pub fn ok(&self, code: i32, args: &[&str]) -> Run {
        let r = self.run(args);
        r.expect_code(code);
        r
    }

    /// `--json` output parsed.
    pub fn json(&self, code: i32, args: &[&str]) -> serde_json::Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        self.ok(code, &a).json()
    }

    pub fn orders_count(&self) -> usize {
        self.json(0, &["orders", "list"])["orders"]
            .as_array()
            .unwrap()
            .len()
    }

    pub fn audit_count(&self) -> usize {
        self.json(0, &["audit", "list", "--limit", "0"])["records"]
            .as_array()
            .unwrap()
            .len()
    }

    /// Whether the natural-key index of the orders is there (a bulk load drops and rebuilds it;
    /// on PostgreSQL also the primary key and the foreign keys).
    pub fn key_index_exists(&self) -> bool {
        let q = match self.backend {
            Backend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'orders_key'"
            }
            // With the primary key and the foreign key (file and import), which a bulk load
            // also sets aside.
            Backend::Postgres => {
                "SELECT CAST(CASE WHEN (SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'orders' \
                 AND indexname IN ('orders_key', 'orders_pkey')) = 2 AND (SELECT COUNT(*) \
                 FROM pg_constraint WHERE conrelid = 'orders'::regclass AND (contype = 'p' \
                 OR contype = 'f' AND conname = 'orders_file_fk' AND cardinality(conkey) = 2)) = 2 \
                 THEN 1 ELSE 0 END AS BIGINT)"
            }
        };
        sql_value(&self.db, q) == "1"
    }

    /// Everything a command could have changed, to compare before and after.
    pub fn snapshot(&self) -> String {
        let q = "SELECT (SELECT COUNT(*) FROM orders) || '/' || (SELECT COUNT(*) FROM employees) || '/' || \
                 (SELECT COUNT(*) FROM audit) || '/' || (SELECT COUNT(*) FROM imports) || '/' || (SELECT COUNT(*) FROM systems)";
        sql_value(&self.db, q)
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some((base, name)) = self
            .pg_drop
            .take()
            .filter(|_| std::env::var_os("SKUD_TEST_KEEP").is_none())
        {
            sql(
                &base,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
    }
}

pub struct Run {
    pub args: Vec<String>,
    pub out: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    pub fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }
    pub fn dump(&self) -> String {
        format!(
            "skud {}\nexit: {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.out.status,
            self.stdout(),
            self.stderr()
        )
    }
    pub fn expect_code(&self, code: i32) {
        assert_eq!(self.code(), code, "unexpected exit status\n{}", self.dump());
    }
    pub fn json(&self) -> serde_json::Value {
        let text = self.stdout();
        assert_eq!(
            text.trim_end().lines().count(),
            1,
            "--json must print one line\n{}",
            self.dump()
        );
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON: {e}\n{}", self.dump()))
    }
    pub fn stdout_has(&self, needle: &str) {
        assert!(
            self.stdout().contains(needle),
            "stdout lacks {needle:?}\n{}",
            self.dump()
        );
    }
    pub fn stderr_has(&self, needle: &str) {
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.dump()
        );
    }
}

/// A valid IIN from a birth date `YYMMDD`, a century-and-sex digit and a serial (the check
/// digit is computed here independently of skud's own code).
pub fn iin(birth: &str, century: u8, serial: u32) -> String {
    for s in serial..serial + 100 {
        let first = format!("{birth}{century}{:04}", s % 10_000);
        let d: Vec<u32> = first.bytes().map(|b| u32::from(b - b'0')).collect();
        let c1 = (1..=11).zip(&d).map(|(w, x)| w * x).sum::<u32>() % 11;
        let c = if c1 == 10 {
            [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
                .iter()
                .zip(&d)
                .map(|(w, x)| w * x)
                .sum::<u32>()
                % 11
        } else {
            c1
        };
        if c != 10 {
            return format!("{first}{c}");
        }
    }
    unreachable!()
}

/// The same IIN with a wrong check digit.
pub fn bad_check(iin: &str) -> String {
    let last = iin.as_bytes()[11] - b'0';
    format!("{}{}", &iin[..11], (last + 1) % 10)
}

pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

pub fn sample(name: &str) -> String {
    samples().join(name).display().to_string()
}

/// The reference day of the order tests (their one-year window of §23 counts back from it).
pub const AS_OF: &str = "--as-of=2026-11-20";

/// The header of an English order CSV.
pub const HEADER: &str =
    "order_no,order_date,kind,iin,surname,name,patronymic,position,department,effective_date,email";

/// One English order CSV row.
pub fn order_row(no: &str, date: &str, kind: &str, iin: &str, effective: &str) -> String {
    format!(
        "{no},{date},{kind},{iin},Петров,Иван,Сергеевич,главный специалист,Департамент цифровизации,{effective},p@enbek.kz"
    )
}

/// A request by flags; returns nothing (the test reads the outcome from the commands after).
/// The flags that name a person in `requests add`: IIN, name, IP, position, department and the
/// reply address.
pub fn person_flags<'a>(iin: &'a str, names: [&'a str; 2]) -> Vec<&'a str> {
    vec![
        "--iin",
        iin,
        "--surname",
        names[0],
        "--name",
        names[1],
        "--ip",
        "10.1.1.1",
        "--position",
        "специалист",
        "--department",
        "ДЦ",
        "--reply-email",
        "hr@enbek.kz",
    ]
}

pub fn request(env: &Env, at: &str, kind: &str, iin: &str, names: [&str; 2], rest: &[&str]) {
    let mut args = vec!["--as-of", at, "requests", "add", "--kind", kind];
    args.extend(person_flags(iin, names));
    args.extend_from_slice(rest);
    env.ok(0, &args);
}

/// A configuration whose directory cannot be reached and whose pull is never fresh (§28 then
/// refuses to act), named by SKUD_CONFIG for the rest of the test.
pub fn unreachable_directory(env: &Env) {
    env.write(
        "skud.toml",
        "[ldap]\nurl = \"ldap://127.0.0.1:1\"\nallow_plaintext = true\nbind_dn = \"cn=x\"\nbind_password_env = \"NOPE\"\n\
         users_base = \"ou=p\"\ngroups_base = \"ou=g\"\nmax_pull_age_h = 26\n",
    );
    env.set_var("SKUD_CONFIG", &env.path("skud.toml").display().to_string());
}

/// The temporary password of a login in a credentials file.
pub fn temporary_password(env: &Env, file: &str, login: &str) -> String {
    let mut r = csv::Reader::from_path(env.path(file)).unwrap();
    r.records()
        .map(|r| r.unwrap())
        .find(|r| &r[2] == login)
        .map(|r| r[3].to_owned())
        .unwrap_or_else(|| panic!("{login} not in {file}"))
}

/// Holds a job's PostgreSQL advisory lock (the key skud derives from the job's name) on a
/// connection of its own until dropped.
pub struct HeldLock {
    rt: tokio::runtime::Runtime,
    conn: Option<sqlx::PgConnection>,
}

pub fn hold_advisory_lock(url: &str, job: &str) -> HeldLock {
    use sha2::Digest;
    use sqlx::Connection;
    let d = sha2::Sha256::digest(format!("skud.job.{job}").as_bytes());
    let key = i64::from_be_bytes(d[..8].try_into().unwrap());
    let rt = runtime();
    let conn = rt.block_on(async {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(key)
            .execute(&mut c)
            .await
            .unwrap();
        c
    });
    HeldLock {
        rt,
        conn: Some(conn),
    }
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        use sqlx::Connection;
        if let Some(c) = self.conn.take() {
            self.rt.block_on(async {
                let _ = c.close().await;
            });
        }
    }
}

/// Adds an information system to the catalogue (its name is the code in both languages).
pub fn add_system(env: &Env, code: &str) {
    env.ok(
        0,
        &["systems", "add", code, "--name-ru", code, "--name-kk", code],
    );
}
