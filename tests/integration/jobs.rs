//! The nightly jobs with the real binary and a fixed `--as-of`: the 30-day boundary of §28 on
//! both sides, an account never used, a pending one, a dismissal effective today and tomorrow
//! (§30), the stale-pull refusal, idempotence, the lock held by another run (and one left by a
//! killed process), and backups.

use crate::harness::{Backend, Env, HEADER, iin, order_row, request};

/// The real clock: leases and pulls are dated by it, whatever `--as-of` says.
#[allow(clippy::disallowed_methods)]
fn wall_clock() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// Two people hired, one of them dismissed from 2026-02-01, and an account each issued on
/// 2026-01-01 (Almaty). Returns the logins (first: Alpha, second: Beta).
pub fn two_accounts(env: &Env) -> (String, String, Vec<String>) {
    env.set_var("SKUD_ADMIN", "Админов Админ");
    crate::harness::add_system(env, "ESOBES");
    let iins: Vec<String> = (0..2).map(|i| iin("850505", 3, 200 + i * 50)).collect();
    let rows = [
        HEADER.to_owned(),
        order_row("1-к", "2025-12-20", "hire", &iins[0], ""),
        order_row("1-к", "2025-12-20", "hire", &iins[1], ""),
        order_row("7-к", "2026-01-25", "dismissal", &iins[1], "2026-02-01"),
    ];
    env.write("o.csv", rows.join("\n"));
    env.ok(0, &["--as-of", "2026-01-25", "orders", "import", "o.csv"]);
    for (i, surname) in ["Альфа", "Бета"].iter().enumerate() {
        request(
            env,
            "2026-01-01T09:00",
            "grant",
            &iins[i],
            [surname, "Иван"],
            &[
                "--systems",
                "ESOBES",
                "--basis-order-no",
                "1-к",
                "--basis-order-date",
                "2025-12-20",
            ],
        );
    }
    env.ok(
        0,
        &[
            "--as-of",
            "2026-01-01T10:00",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "c.csv",
        ],
    );
    ("alfa.i".to_owned(), "beta.i".to_owned(), iins)
}

fn run_job(env: &Env, code: i32, as_of: &str, job: &str) -> serde_json::Value {
    env.json(code, &["--as-of", as_of, "jobs", "run", job])
}

/// §28 both sides of the boundary, never used and pending, idempotence; §30 today and tomorrow.
pub fn blocking(env: &Env) {
    let (alfa, beta, _) = two_accounts(env);
    // Alfa logs in on 10 January and completes registration; Beta never logs in (pending).
    env.ok(
        0,
        &[
            "--as-of",
            "2026-01-10T12:00",
            "accounts",
            "seen",
            &alfa,
            "--at",
            "2026-01-10T09:30",
        ],
    );
    env.ok(
        0,
        &[
            "--as-of",
            "2026-01-10T12:00",
            "accounts",
            "password-changed",
            &alfa,
            "--at",
            "2026-01-10T09:31",
        ],
    );
    // §30: the dismissal takes effect on 1 February: not on 31 January.
    let before = run_job(env, 0, "2026-01-31T00:30", "dismissals");
    assert_eq!(before["counts"]["blocked"], 0, "{before}");
    // §28: issued on 1 January, never used: not on 31 January ...
    let jan31 = run_job(env, 0, "2026-01-31T01:00", "inactivity");
    assert_eq!(jan31["counts"]["blocked"], 0, "{jan31}");
    // ... but the dismissal on 1 February comes first (00:30), and inactivity (01:00) finds
    // the account already blocked.
    let feb1 = run_job(env, 3, "2026-02-01T00:30", "dismissals");
    assert_eq!(feb1["items"], serde_json::json!([beta]), "{feb1}");
    let shown = env.json(0, &["accounts", "show", &beta]);
    assert_eq!(shown["block_reason"], "dismissal", "{shown}");
    // Idempotent: the same date again blocks nothing.
    let again = run_job(env, 0, "2026-02-01T00:30", "dismissals");
    assert_eq!(again["counts"]["blocked"], 0, "{again}");
    // Alfa's last login on 10 January: still allowed on 9 February, blocked from 10 February.
    let feb9 = run_job(env, 0, "2026-02-09T23:59", "inactivity");
    assert_eq!(feb9["counts"]["blocked"], 0, "{feb9}");
    let feb10 = run_job(env, 3, "2026-02-10T01:00", "inactivity");
    assert_eq!(feb10["items"], serde_json::json!([alfa]), "{feb10}");
    assert_eq!(
        env.json(0, &["accounts", "show", &alfa])["block_reason"],
        "inactivity"
    );
    let again = run_job(env, 0, "2026-02-10T01:00", "inactivity");
    assert_eq!(again["counts"]["blocked"], 0, "{again}");
    // Reactivated (§29) with a new temporary password: it counts from the new issue, not from
    // the old login that had it blocked.
    request(
        env,
        "2026-02-11T09:00",
        "reactivate",
        &iin("850505", 3, 200),
        ["Альфа", "Иван"],
        &["--login", &alfa],
    );
    env.ok(
        0,
        &[
            "--as-of",
            "2026-02-11T10:00",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "c2.csv",
        ],
    );
    let next_night = run_job(env, 0, "2026-02-12T01:00", "inactivity");
    assert_eq!(next_night["counts"]["blocked"], 0, "{next_night}");
    let later = run_job(env, 3, "2026-03-14T01:00", "inactivity");
    assert_eq!(later["items"], serde_json::json!([alfa]), "{later}");
    // The runs are recorded.
    let runs = env.json(0, &["jobs", "list", "--last", "10"]);
    let runs = runs["runs"].as_array().unwrap();
    assert_eq!(runs.iter().filter(|r| r["job"] == "inactivity").count(), 6);
    assert!(
        runs.iter()
            .any(|r| r["outcome"] == "attention" && r["job"] == "dismissals")
    );
}

/// §28 for a pending account never used: blocked from the 31st day after its issue.
pub fn never_used(env: &Env) {
    let (_, beta, _) = two_accounts(env);
    let feb1 = run_job(env, 3, "2026-02-01T01:00", "inactivity");
    assert_eq!(feb1["items"], serde_json::json!(["alfa.i", beta]), "{feb1}");
    // A request unanswered past its deadline (§22): the deadlines job lists it, exit 3.
    request(
        env,
        "2026-02-02T09:00",
        "reactivate",
        &iin("850505", 3, 200),
        ["Альфа", "Иван"],
        &["--login", "alfa.i"],
    );
    let early = run_job(env, 0, "2026-02-05T08:00", "deadlines");
    assert_eq!(early["counts"]["requests_overdue"], 0, "{early}");
    let late = run_job(env, 3, "2026-02-06T08:00", "deadlines");
    assert_eq!(late["counts"]["requests_overdue"], 1, "{late}");
}

/// Stale directory data: inactivity blocks nothing and exits 4 until a pull is recent.
pub fn stale_pull(env: &Env) {
    two_accounts(env);
    crate::harness::unreachable_directory(env);
    let refused = env.run(&["--as-of", "2026-02-01T01:00", "jobs", "run", "inactivity"]);
    refused.expect_code(4);
    refused.stderr_has("ldap-pull");
    assert_eq!(
        env.json(0, &["accounts", "list", "--status", "blocked"])["accounts"],
        serde_json::json!([])
    );
    // A pull 30 hours ago is still too old; one an hour ago is recent.
    let at = |h: i64| (wall_clock() - chrono::TimeDelta::hours(h)).to_rfc3339();
    let pulled = |h: i64| {
        crate::harness::sql(
            &env.db,
            &format!(
                "DELETE FROM directory_pull; INSERT INTO directory_pull (id, finished_at, entries, logins, registered) \
                 VALUES (1, '{}', 0, 0, 0)",
                at(h)
            ),
        )
    };
    pulled(30);
    env.ok(
        4,
        &["--as-of", "2026-02-01T01:00", "jobs", "run", "inactivity"],
    );
    pulled(1);
    let done = run_job(env, 3, "2026-02-01T01:00", "inactivity");
    assert_eq!(done["counts"]["blocked"], 2, "{done}");
    let runs = env.json(0, &["jobs", "list"]);
    assert!(
        runs["runs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["outcome"] == "refused")
    );
}

/// A job whose lock another run holds exits 4 and changes nothing; a lease left by a killed
/// process runs out. (PostgreSQL: an advisory lock held by another session.)
pub fn lock_held(env: &Env) {
    two_accounts(env);
    match env.backend {
        Backend::Sqlite => {
            let until = (wall_clock() + chrono::TimeDelta::minutes(1)).to_rfc3339();
            crate::harness::sql(
                &env.db,
                &format!(
                    "INSERT INTO job_leases (job, holder, expires_at) VALUES ('inactivity', 'other:1:x', '{until}')"
                ),
            );
            env.ok(
                4,
                &["--as-of", "2026-02-01T01:00", "jobs", "run", "inactivity"],
            )
            .stderr_has("блокировку задания");
            // The other run was killed: its lease has run out.
            let past = (wall_clock() - chrono::TimeDelta::seconds(1)).to_rfc3339();
            crate::harness::sql(
                &env.db,
                &format!("UPDATE job_leases SET expires_at = '{past}'"),
            );
            run_job(env, 3, "2026-02-01T01:00", "inactivity");
            assert_eq!(
                crate::harness::sql_value(&env.db, "SELECT count(*) FROM job_leases"),
                "0"
            );
        }
        Backend::Postgres => {
            let held = crate::harness::hold_advisory_lock(&env.db, "inactivity");
            env.ok(
                4,
                &["--as-of", "2026-02-01T01:00", "jobs", "run", "inactivity"],
            )
            .stderr_has("блокировку задания");
            drop(held);
            run_job(env, 3, "2026-02-01T01:00", "inactivity");
        }
    }
    assert_eq!(
        env.json(0, &["accounts", "list", "--status", "blocked"])["accounts"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

/// Two runs started at the same moment against the same database: exactly one runs, the other
/// exits 4. (200,000 more accounts make the run last long enough for the two to meet.)
pub fn simultaneous(env: &Env) {
    two_accounts(env);
    crate::harness::sql(
        &env.db,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) \
         INSERT INTO accounts (login, iin, surname, name, status, password_hash, issued_at, created_at, request_id) \
         SELECT 'bulk' || i, '000000000000', 'Б', 'И', 'pending', 'x', \
           '2026-01-01T05:00:00+00:00', '2026-01-01T05:00:00+00:00', 1 FROM n",
    );
    let spawn = || {
        env.cmd(&[
            "--json",
            "--as-of",
            "2026-02-01T01:00",
            "jobs",
            "run",
            "inactivity",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
    };
    // The second starts once the first holds the job's lock (a lease row in SQLite, an advisory
    // lock in PostgreSQL), so that the two overlap however loaded the machine is.
    let a = spawn();
    let held = match env.backend {
        crate::harness::Backend::Sqlite => {
            "SELECT count(*) FROM job_leases WHERE job = 'inactivity'"
        }
        crate::harness::Backend::Postgres => {
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted \
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        }
    };
    let t0 = std::time::Instant::now();
    while crate::harness::sql_value(&env.db, held) == "0" {
        assert!(
            t0.elapsed().as_secs() < 60,
            "the first run never took the lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let b = spawn();
    let outs = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
    let mut codes: Vec<i32> = outs.iter().map(|o| o.status.code().unwrap()).collect();
    codes.sort();
    assert_eq!(codes, [3, 4], "one runs, the other finds the lock held");
    let ran = outs.iter().find(|o| o.status.code() == Some(3)).unwrap();
    let report: serde_json::Value = serde_json::from_slice(&ran.stdout).unwrap();
    assert_eq!(report["counts"]["blocked"], 200_002, "{report}");
    // Exactly one run is recorded, finished.
    let runs = env.json(0, &["jobs", "list"]);
    let runs: Vec<&serde_json::Value> = runs["runs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["job"] == "inactivity")
        .collect();
    assert_eq!(runs.len(), 1, "{runs:?}");
}

/// A backup taken while an import is writing opens and passes `PRAGMA integrity_check`; the job
/// keeps the last N copies.
pub fn backup(env: &Env) {
    let mut rows = vec![HEADER.to_owned()];
    for i in 0..60_000u32 {
        let code = iin("900101", 3, i * 3 % 9000 + i / 3000);
        rows.push(order_row(
            &format!("{i}-к"),
            "2026-01-10",
            "hire",
            &code,
            "",
        ));
    }
    env.write("big.csv", rows.join("\n"));
    let import = env
        .cmd(&["--as-of", "2026-01-20", "orders", "import", "big.csv"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    env.ok(0, &["backup", "--out", "during.db"]);
    let mut import = import;
    import.wait().unwrap();
    let url = format!("sqlite://{}", env.path("during.db").display());
    assert_eq!(
        crate::harness::sql_value(&url, "PRAGMA integrity_check"),
        "ok"
    );
    // An existing file is never overwritten.
    env.ok(2, &["backup", "--out", "during.db"]);
    // The job: one copy per date into [backup] dir, the last 2 kept; the same date twice
    // changes nothing.
    env.write(
        "skud.toml",
        format!(
            "[backup]\ndir = \"{}\"\nkeep = 2\n",
            env.path("backups").display()
        ),
    );
    env.set_var("SKUD_CONFIG", &env.path("skud.toml").display().to_string());
    for day in ["2026-01-21", "2026-01-22", "2026-01-23"] {
        let r = env.json(0, &["--as-of", day, "jobs", "run", "backup"]);
        assert_eq!(r["counts"]["already_taken"], false, "{r}");
    }
    let again = env.json(0, &["--as-of", "2026-01-23", "jobs", "run", "backup"]);
    assert_eq!(again["counts"]["already_taken"], true, "{again}");
    let mut kept: Vec<String> = std::fs::read_dir(env.path("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    assert_eq!(kept, ["skud-2026-01-22.db", "skud-2026-01-23.db"]);
}

/// Sends a signal to a child process.
fn signal(child: &std::process::Child, sig: i32) {
    // SAFETY: kill(2) on the pid of a child this test started and has not reaped.
    let rc = unsafe { libc::kill(child.id() as i32, sig) };
    assert_eq!(rc, 0, "kill");
}

/// The daemon with a schedule of every few seconds: it runs its jobs, records every run, never
/// runs a slot twice, logs JSON lines when asked, catches up on a missed slot at start-up, and
/// on SIGTERM lets the running job finish and exits 0.
pub fn daemon(env: &Env) {
    two_accounts(env);
    env.write(
        "every.toml",
        "[[job]]\nname = \"dismissals\"\ncron = \"*/2 * * * * *\"\n\n\
         [[job]]\nname = \"inactivity\"\ncron = \"0 0 1 * * *\"\n",
    );
    env.write("skud.toml", "[daemon]\ncatch_up = true\n");
    env.set_var("SKUD_CONFIG", &env.path("skud.toml").display().to_string());
    // The daemon runs by the clock: --as-of is refused.
    env.ok(
        2,
        &["--as-of", "2026-02-01", "daemon", "--jobs", "every.toml"],
    )
    .stderr_has("--as-of");
    env.ok(2, &["daemon", "--jobs", "nowhere.toml"]);
    let started = std::time::Instant::now();
    let child = env
        .cmd(&["daemon", "--jobs", "every.toml", "--log-format", "json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5500));
    signal(&child, libc::SIGTERM);
    let out = child.wait_with_output().unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let log = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{log}");
    // Every line is a JSON object.
    for line in log.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(v["level"].is_string(), "{line}");
    }
    assert!(log.contains("SIGTERM"), "{log}");
    let runs = env.json(0, &["jobs", "list", "--last", "100"]);
    let runs = runs["runs"].as_array().unwrap();
    let of = |job: &str| runs.iter().filter(|r| r["job"] == job).count();
    // Inactivity was due at 01:00 and never ran: caught up once at start-up. (The accounts
    // issued on 1 January are long unused by the clock's date: blocked.)
    assert_eq!(of("inactivity"), 1, "{runs:?}");
    // Every two seconds for about five, plus the catch-up of the slot just before the start:
    // never a slot twice.
    let n = of("dismissals");
    let most = (seconds / 2.0).ceil() as usize + 1;
    assert!((2..=most).contains(&n), "{n} runs in {seconds:.1} s");
    assert!(
        runs.iter().all(|r| r["finished_at"].is_string()),
        "a run left unfinished: {runs:?}"
    );
}

/// Support tickets (§12-§15): §13 and §14 forms, the attachment kept once by its SHA-256, the
/// three calendar days of §15 on both sides, the deadlines job, closing, and bad input.
pub fn tickets(env: &Env) {
    crate::harness::add_system(env, "ESOBES");
    let at = ["--as-of", "2026-11-20T10:00"];
    let open = |extra: &[&str]| {
        let mut args = at.to_vec();
        args.extend_from_slice(&["tickets", "open", "--full-name", "Петров Иван Сергеевич"]);
        args.extend_from_slice(extra);
        args.iter().map(|s| s.to_string()).collect::<Vec<String>>()
    };
    let run = |code: i32, extra: &[&str]| {
        let args = open(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.json(code, &args)
    };
    let first = run(
        0,
        &[
            "--position",
            "специалист",
            "--login",
            "petrov.is",
            "--reason",
            "ЕСОБЕС не открывается",
            "--phone",
            "+7 717 000 00 00",
            "--system",
            "ESOBES",
        ],
    );
    // Submitted on Friday 20 November: due at the end of Monday 23 November (calendar days).
    assert_eq!(first["due_at"], "2026-11-23T23:59:59+05:00", "{first}");
    env.write("screen.png", [0x89u8, b'P', b'N', b'G', 0, 1, 2, 3]);
    let second = run(
        0,
        &[
            "--subject",
            "Вопрос",
            "--text",
            "Как получить доступ?",
            "--email",
            "p@enbek.kz",
            "--attachment",
            "screen.png",
        ],
    );
    let sha = second["attachment_sha256"].as_str().unwrap().to_owned();
    assert_eq!(sha.len(), 64);
    run(
        0,
        &[
            "--reason",
            "то же",
            "--email",
            "p@enbek.kz",
            "--attachment",
            "screen.png",
        ],
    );
    assert_eq!(
        crate::harness::sql_value(&env.db, "SELECT count(*) FROM ticket_attachments"),
        "1",
        "kept once by its hash"
    );
    // Bad input: exit 2, nothing recorded.
    let args = |extra: &[&str]| open(extra);
    for (extra, says) in [
        (&["--reason", "x"][..], "--phone"),
        (&["--phone", "1"][..], "--reason"),
        (&["--reason", "x", "--email", "p@"][..], "--email"),
        (
            &[
                "--reason",
                "x",
                "--phone",
                "1",
                "--attachment",
                "nowhere.png",
            ][..],
            "nowhere.png",
        ),
        (
            &["--reason", "x", "--phone", "1", "--system", "NOPE"][..],
            "NOPE",
        ),
    ] {
        let a = args(extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        env.ok(2, &a).stderr_has(says);
    }
    let all = env.json(0, &["tickets", "list"]);
    assert_eq!(all["tickets"].as_array().unwrap().len(), 3, "{all}");
    assert!(
        !all.to_string().contains("content"),
        "the attachment is never served"
    );
    // §15 both sides of the deadline.
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-23T23:59",
            "tickets",
            "list",
            "--overdue",
        ],
    );
    let late = env.json(
        3,
        &[
            "--as-of",
            "2026-11-24T00:00",
            "tickets",
            "list",
            "--overdue",
        ],
    );
    assert_eq!(late["tickets"].as_array().unwrap().len(), 3);
    let id = first["id"].as_i64().unwrap().to_string();
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-23T12:00",
            "tickets",
            "close",
            &id,
            "--resolution",
            "перезапущен сервер",
        ],
    );
    env.ok(
        2,
        &[
            "--lang=en",
            "tickets",
            "close",
            &id,
            "--resolution",
            "again",
        ],
    )
    .stderr_has("closed already");
    env.ok(
        2,
        &[
            "--lang=ru",
            "tickets",
            "close",
            &id,
            "--resolution",
            "again",
        ],
    )
    .stderr_has("уже закрыто");
    env.ok(2, &["tickets", "close", "999", "--resolution", "x"])
        .stderr_has("999");
    let job = env.json(
        3,
        &[
            "--as-of",
            "2026-11-24T08:00",
            "jobs",
            "run",
            "deadlines",
            "--out",
            "late.xlsx",
        ],
    );
    assert_eq!(job["counts"]["tickets_overdue"], 2, "{job}");
    let xlsx = std::fs::read(env.path("late.xlsx")).unwrap();
    assert_eq!(&xlsx[..2], b"PK", "an XLSX (zip) file");
    env.ok(2, &["jobs", "run", "backup", "--out", "x.xlsx"])
        .stderr_has("deadlines");
    assert_eq!(job["counts"]["requests_overdue"], 0, "{job}");
}

/// `n` accounts `{prefix}{i}`, issued on 1 January 2026 and never used: inserted in numeric
/// order, which is not the logins' order (`b10` before `b9`), so the listing must sort.
fn unused_accounts(env: &Env, prefix: &str, n: usize) {
    crate::harness::sql(
        &env.db,
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) \
             INSERT INTO accounts (login, iin, surname, name, status, password_hash, issued_at, created_at, request_id) \
             SELECT '{prefix}' || i, '000000000000', 'Б', 'И', 'pending', 'x', \
               '2026-01-01T05:00:00+00:00', '2026-01-01T05:00:00+00:00', 1 FROM n"
        ),
    );
}

/// The newest audit record.
fn last_audit(env: &Env) -> serde_json::Value {
    env.json(0, &["audit", "list", "--limit", "1"])["records"][0].clone()
}

/// The inactivity job killed (SIGKILL) while it blocks 50,000 accounts leaves all or nothing:
/// every account blocked with its audit record, or none and no record. A later run's report
/// and audit record list every login it blocked, sorted; the audit chain verifies throughout.
pub fn killed_then_listed(env: &Env) {
    two_accounts(env);
    unused_accounts(env, "bulk", 50_000);
    let records = env.audit_count();
    let blocked = || {
        crate::harness::sql_value(
            &env.db,
            "SELECT count(*) FROM accounts WHERE status = 'blocked'",
        )
    };
    let mut child = env
        .cmd(&["--as-of", "2026-02-01T01:00", "jobs", "run", "inactivity"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let t0 = std::time::Instant::now();
    while crate::harness::sql_value(
        &env.db,
        "SELECT count(*) FROM job_runs WHERE job = 'inactivity'",
    ) == "0"
    {
        assert!(t0.elapsed().as_secs() < 60, "the run never started");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    std::thread::sleep(std::time::Duration::from_millis(
        u64::from(std::process::id()) % 200,
    ));
    signal(&child, libc::SIGKILL);
    child.wait().unwrap();
    let after = blocked();
    let added = env.audit_count() - records;
    assert!(
        (after == "0" && added == 0) || (after == "50002" && added == 1),
        "half-written: {after} blocked, {added} audit records"
    );
    env.ok(0, &["audit", "verify"]);
    // The killed run's lease (SQLite) runs out; PostgreSQL's lock went with its session.
    if env.backend == Backend::Sqlite {
        crate::harness::sql(&env.db, "DELETE FROM job_leases");
    }
    let rerun = run_job(
        env,
        if after == "0" { 3 } else { 0 },
        "2026-02-01T01:00",
        "inactivity",
    );
    assert_eq!(blocked(), "50002", "{}", rerun["counts"]);
    // Three thousand more, unused since 1 January: the next run lists them, sorted, in its
    // report and in its audit record (`{"blocked": [...]}`, count and reason).
    unused_accounts(env, "late", 3000);
    let done = run_job(env, 3, "2026-02-02T01:00", "inactivity");
    let mut expected: Vec<String> = (1..=3000).map(|i| format!("late{i}")).collect();
    expected.sort();
    assert_eq!(done["items"], serde_json::json!(expected));
    assert_eq!(done["counts"]["blocked"], 3000, "{}", done["counts"]);
    let record = last_audit(env);
    assert_eq!(record["action"], "job.inactivity", "{record}");
    assert_eq!(record["count"], 3000);
    assert_eq!(
        record["objects"],
        serde_json::json!({ "blocked": expected })
    );
    assert_eq!(record["details"]["reason"], "inactivity");
    env.ok(0, &["audit", "verify"]);
}

/// A block that fails halfway through its rows (a trigger refuses the 500th of 1,000) changes
/// nothing: no account blocked, no audit record, the run recorded as failed, and an error
/// exit. SQLite runs the block as `UPDATE OR FAIL` (no statement journal), so this is what
/// proves the whole transaction, not the statement, is what rolls back. Without the trigger,
/// the next run blocks them all.
pub fn failing_block_changes_nothing(env: &Env) {
    two_accounts(env);
    unused_accounts(env, "bulk", 1000);
    let trigger = match env.backend {
        Backend::Sqlite => {
            "CREATE TRIGGER fail_midway BEFORE UPDATE OF status ON accounts \
             WHEN NEW.login = 'bulk500' BEGIN SELECT RAISE(FAIL, 'injected failure'); END;"
        }
        Backend::Postgres => {
            "CREATE FUNCTION fail_midway() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF NEW.login = 'bulk500' THEN RAISE EXCEPTION 'injected failure'; END IF; \
             RETURN NEW; END $$; \
             CREATE TRIGGER fail_midway BEFORE UPDATE ON accounts \
             FOR EACH ROW EXECUTE FUNCTION fail_midway();"
        }
    };
    crate::harness::sql(&env.db, trigger);
    let blocked = || {
        crate::harness::sql_value(
            &env.db,
            "SELECT count(*) FROM accounts WHERE status = 'blocked'",
        )
    };
    let records = env.audit_count();
    let failed = env.run(&["--as-of", "2026-02-01T01:00", "jobs", "run", "inactivity"]);
    assert!(
        ![0, 3].contains(&failed.code()),
        "the failure must show: {}",
        failed.dump()
    );
    failed.stderr_has("injected failure");
    assert_eq!(blocked(), "0", "half-written: {}", failed.dump());
    assert_eq!(env.audit_count(), records);
    assert_eq!(
        crate::harness::sql_value(
            &env.db,
            "SELECT outcome FROM job_runs WHERE job = 'inactivity' ORDER BY id DESC LIMIT 1"
        ),
        "failed"
    );
    let drop = match env.backend {
        Backend::Sqlite => "DROP TRIGGER fail_midway",
        Backend::Postgres => "DROP TRIGGER fail_midway ON accounts",
    };
    crate::harness::sql(&env.db, drop);
    let done = run_job(env, 3, "2026-02-01T01:00", "inactivity");
    assert_eq!(done["counts"]["blocked"], 1002, "{}", done["counts"]);
    assert_eq!(blocked(), "1002");
    env.ok(0, &["audit", "verify"]);
}
