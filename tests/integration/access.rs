//! The IB administrator's workflow: requests in (every reason code), logins issued with
//! temporary passwords, changes and blocks applied, accounts, the journal read back, the
//! working-day deadlines.

use crate::harness::{Env, HEADER, iin, order_row, sample, sql_value};
use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;

/// Systems and HR orders of the samples, as of 2026-11-20.
fn samples_loaded(env: &Env) {
    env.set_var("SKUD_ADMIN", "Админов Админ Админович");
    env.ok(0, &["systems", "import", &sample("systems.csv")]);
    env.ok(
        3,
        &[
            "--as-of",
            "2026-11-20",
            "orders",
            "import",
            &sample("orders-ru.csv"),
            &sample("orders-kk.csv"),
            &sample("orders.xlsx"),
        ],
    );
}

fn codes(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["reason_code"].as_str().map(str::to_owned))
        .collect()
}

/// The README's workflow on the samples: import requests, issue logins, export the journal.
pub fn samples_workflow(env: &Env) {
    samples_loaded(env);
    let out = env.json(
        3,
        &[
            "--as-of",
            "2026-11-20T10:00",
            "requests",
            "import",
            &sample("requests.csv"),
            "--rejects",
            "rejects.csv",
            "--outbox",
            "outbox",
        ],
    );
    assert_eq!(out["rows"], 14, "{out}");
    assert_eq!(out["recorded"], 11);
    assert_eq!(out["refused"], 6);
    assert_eq!(out["rejected"], 3);
    assert_eq!(
        codes(&out, "rejects"),
        ["invalid_ip", "invalid_email", "duplicate_in_file"]
    );
    let mut refused = codes(&out, "requests");
    refused.sort();
    assert_eq!(
        refused,
        [
            "basis_mismatch",
            "no_basis",
            "not_acting_staff",
            "not_acting_staff",
            "unknown_login",
            "unknown_system"
        ]
    );
    // Friday 20 November received on Wednesday 18 November: due Monday 23 November.
    assert_eq!(out["requests"][0]["due_at"], "2026-11-23T23:59:59+05:00");
    let rejects = std::fs::read_to_string(env.path("rejects.csv")).unwrap();
    assert!(rejects.contains("300.1.1.1") && rejects.contains("invalid_ip"));
    assert_eq!(std::fs::read_dir(env.path("outbox")).unwrap().count(), 6);

    let issued = env.json(
        0,
        &[
            "--as-of",
            "2026-11-20T12:00",
            "--admin",
            "Иванов Иван Иванович",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "creds.csv",
            "--outbox",
            "outbox",
        ],
    );
    assert_eq!(issued["done"], 5, "{issued}");
    let logins: Vec<&str> = issued["answered"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["login"].as_str())
        .collect();
    assert!(
        logins.contains(&"zhaqsybekova.gq") && logins.contains(&"lebedeva.op"),
        "{logins:?}"
    );
    let creds = env.path("creds.csv");
    assert_eq!(
        std::fs::metadata(&creds).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let text = std::fs::read_to_string(&creds).unwrap();
    assert_eq!(text.lines().count(), 6);
    let password = text
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(3)
        .unwrap()
        .to_owned();
    assert_eq!(password.len(), 16);
    // The password is nowhere but the credentials file and the letter.
    assert!(!issued.to_string().contains(&password));
    let n_clear: String = sql_value(
        &env.db,
        &format!(
            "SELECT COUNT(*) FROM accounts WHERE password_hash LIKE '%{password}%' OR password_hash NOT LIKE '$argon2id$%'"
        ),
    );
    assert_eq!(n_clear, "0");
    let in_audit = sql_value(
        &env.db,
        &format!(
            "SELECT COUNT(*) FROM audit WHERE details LIKE '%{password}%' OR objects LIKE '%{password}%'"
        ),
    );
    assert_eq!(in_audit, "0");
    assert_eq!(std::fs::read_dir(env.path("outbox")).unwrap().count(), 11);

    // Nothing pending: nothing happens, no credentials file.
    let again = env.ok(
        0,
        &[
            "--as-of",
            "2026-11-20T12:05",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "again.csv",
        ],
    );
    assert!(!env.path("again.csv").exists(), "{}", again.dump());

    // The journal read back: title, Russian headers, dates as dates.
    env.ok(
        0,
        &["--lang", "ru", "journal", "export", "--out", "journal.xlsx"],
    );
    let mut book: Xlsx<_> = open_workbook(env.path("journal.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let title = sheet.get_value((0, 0)).unwrap().to_string();
    assert!(
        title.starts_with("Журнал регистрации пользователей"),
        "{title}"
    );
    let headers: Vec<String> = (0..7)
        .map(|c| sheet.get_value((1, c)).unwrap().to_string())
        .collect();
    assert_eq!(headers[0], "№");
    assert_eq!(
        headers[1],
        "Регион/исх. номер, дата письма заявителя и вход. номер, дата письма владельца ИС"
    );
    assert_eq!(headers[4], "Основание");
    assert_eq!(headers[6], "Примечание");
    assert_eq!(sheet.height(), 7);
    match sheet.get_value((2, 3)).unwrap() {
        Data::DateTime(d) => {
            assert_eq!(d.as_datetime().unwrap().date().to_string(), "2026-11-20")
        }
        other => panic!("the date is not a date cell: {other:?}"),
    }
    let note = sheet.get_value((2, 6)).unwrap().to_string();
    assert!(note.contains("lebedeva.op"), "{note}");
    // Every cell of the XLSX is the CSV export's cell (skud writes the XLSX rows' XML itself:
    // this catches a cell lost, moved or changed on the way).
    env.ok(
        0,
        &[
            "--lang",
            "ru",
            "journal",
            "export",
            "--out",
            "journal-ru.csv",
        ],
    );
    let csv = std::fs::read_to_string(env.path("journal-ru.csv")).unwrap();
    let mut records = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(true)
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let mut compared = 0;
    for (i, record) in records.records().enumerate() {
        let record = record.unwrap();
        let row = i as u32 + 2;
        for (c, want) in record.iter().enumerate() {
            let got = match sheet.get_value((row, c as u32)) {
                Some(Data::DateTime(d)) => d.as_datetime().unwrap().format("%d.%m.%Y").to_string(),
                Some(Data::Float(f)) => format!("{f}"),
                Some(Data::Int(n)) => n.to_string(),
                Some(Data::Empty) | None => String::new(),
                Some(other) => other.to_string(),
            };
            // The CSV defuses a cell a spreadsheet would evaluate with a leading '.
            let want = match want.strip_prefix('\'') {
                Some(rest) if got.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
                _ => want,
            };
            assert_eq!(got, want, "row {row}, column {c}");
            compared += 1;
        }
    }
    assert_eq!(compared, 7 * (sheet.height() - 2));
    let kk = env.ok(
        0,
        &[
            "--lang",
            "kk",
            "journal",
            "export",
            "--out",
            "journal-kk.csv",
        ],
    );
    let csv = std::fs::read_to_string(env.path("journal-kk.csv")).unwrap();
    assert!(
        csv.contains("Өңір / өтініш берушінің хатының шығыс нөмірі"),
        "{}",
        kk.dump()
    );
    assert_eq!(csv.lines().count(), 6);
}

/// Orders for the targeted tests: hired A, transferred B, dismissed C, plus one old hire of D
/// imported while it was still within the year.
struct People {
    a: String,
    b: String,
    c: String,
    d: String,
}

fn people(env: &Env) -> People {
    env.set_var("SKUD_ADMIN", "Админов Админ Админович");
    crate::harness::add_system(env, "ESOBES");
    crate::harness::add_system(env, "ASP");
    let p = People {
        a: iin("900101", 3, 10),
        b: iin("910202", 4, 20),
        c: iin("920303", 3, 30),
        d: iin("930404", 4, 40),
    };
    let csv = [
        HEADER.to_owned(),
        order_row("1-к", "2026-10-01", "hire", &p.a, ""),
        order_row("2-к", "2026-10-05", "hire", &p.b, ""),
        order_row("3-к", "2026-11-02", "transfer", &p.b, ""),
        order_row("4-к", "2026-09-01", "hire", &p.c, ""),
        order_row("5-к", "2026-11-10", "dismissal", &p.c, ""),
    ]
    .join("\n");
    env.write("orders.csv", csv);
    env.ok(
        0,
        &["--as-of", "2026-11-20", "orders", "import", "orders.csv"],
    );
    // D's hire of 2025-11-21 is within the year on 2026-11-20, not on 2026-11-22.
    env.write(
        "old.csv",
        [
            HEADER.to_owned(),
            order_row("9-к", "2025-11-21", "hire", &p.d, ""),
        ]
        .join("\n"),
    );
    env.ok(0, &["--as-of", "2026-11-20", "orders", "import", "old.csv"]);
    p
}

/// One request from flags, as JSON (`requests add --json`).
fn add(env: &Env, code: i32, as_of: &str, kind: &str, iin: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "--json",
        "--as-of",
        as_of,
        "requests",
        "add",
        "--kind",
        kind,
        "--iin",
        iin,
        "--ip",
        "10.0.0.5",
        "--position",
        "специалист",
        "--department",
        "ДЦ",
        "--reply-email",
        "hr@enbek.kz",
    ];
    if !extra.contains(&"--surname") {
        args.extend(["--full-name", "Петров Иван Сергеевич"]);
    }
    args.extend_from_slice(extra);
    env.ok(code, &args).json()
}

fn grant(env: &Env, as_of: &str, iin: &str, no: &str, date: &str) -> Value {
    add(
        env,
        0,
        as_of,
        "grant",
        iin,
        &[
            "--systems",
            "ESOBES",
            "--basis-order-no",
            no,
            "--basis-order-date",
            date,
        ],
    )
}

/// Every reason code of requests, refusals and rejects.
pub fn every_reason_code(env: &Env) {
    let p = people(env);
    let t = "2026-11-20T10:00";
    assert_eq!(
        grant(env, t, &p.a, "1-к", "2026-10-01")["status"],
        "pending"
    );
    let r = add(
        env,
        0,
        t,
        "grant",
        &p.a,
        &[
            "--systems",
            "ESOBES,NOPE",
            "--basis-order-no",
            "1-к",
            "--basis-order-date",
            "2026-10-01",
        ],
    );
    assert_eq!(r["reason_code"], "unknown_system", "{r}");
    assert!(r["reason"].as_str().unwrap().contains("NOPE"));
    assert_eq!(
        grant(env, t, &p.c, "4-к", "2026-09-01")["reason_code"],
        "not_acting_staff"
    );
    assert_eq!(
        grant(env, t, &p.a, "77-к", "2026-10-01")["reason_code"],
        "no_basis"
    );
    // Order numbers compare without case, in Cyrillic too: 3-К is the order 3-к.
    assert_eq!(
        grant(env, t, &p.b, " 3-К ", "2026-11-02")["status"],
        "pending"
    );
    // §23 boundary: the basis of 2025-11-21 is within the year on 2026-11-21, not on 2026-11-22.
    let on = |day: &str| {
        let args = [
            "--systems",
            "ESOBES",
            "--basis-order-no",
            "9-к",
            "--basis-order-date",
            "2025-11-21",
            "--received-at",
            day,
        ];
        add(env, 0, "2026-11-22T12:00", "grant", &p.d, &args)
    };
    assert_eq!(on("2026-11-21T09:00")["status"], "pending");
    let old = on("2026-11-22T09:00");
    assert_eq!(old["reason_code"], "basis_too_old", "{old}");
    let mismatch = add(
        env,
        0,
        t,
        "change",
        &p.c,
        &[
            "--login",
            "x.y",
            "--systems",
            "ESOBES",
            "--basis-order-no",
            "5-к",
            "--basis-order-date",
            "2026-11-10",
        ],
    );
    assert_eq!(
        mismatch["reasons"],
        serde_json::json!(["unknown_login", "not_acting_staff", "basis_mismatch"])
    );
    let unknown = add(env, 0, t, "block", &p.a, &["--login", "nobody.here"]);
    assert_eq!(unknown["reason_code"], "unknown_login");
    // not_blocked needs an account: issue one to A, then ask to reactivate it.
    env.ok(
        0,
        &[
            "--as-of",
            t,
            "logins",
            "issue",
            "1",
            "--credentials",
            "c1.csv",
        ],
    );
    let login = sql_value(&env.db, "SELECT login FROM accounts");
    let nb = add(env, 0, t, "reactivate", &p.a, &["--login", &login]);
    assert_eq!(nb["reason_code"], "not_blocked", "{nb}");
    assert!(
        nb["reason"].as_str().unwrap().contains("§29")
            || nb["reason"].as_str().unwrap().contains("29")
    );
    // The login of another person.
    let other = add(env, 0, t, "block", &p.b, &["--login", &login]);
    assert_eq!(other["reason_code"], "unknown_login");
    assert!(
        other["reason"].as_str().unwrap().contains("другому лицу"),
        "{other}"
    );

    // Malformed rows: each rejected with its code, exit 3, not recorded.
    let before = sql_value(&env.db, "SELECT COUNT(*) FROM requests");
    let header = "kind,iin,full_name,ip,position,department,systems,basis_order_no,basis_order_date,reply_email,received_at";
    let good_tail = "специалист,ДЦ,ESOBES,1-к,2026-10-01";
    let rows = [
        format!(
            "grant,{},Петров Иван,10.0.0.1,специалист,ДЦ,ASP,1-к,2026-10-01,hr@enbek.kz,",
            p.a
        ),
        format!("grant,{},,10.0.0.1,{good_tail},hr@enbek.kz,", p.b),
        format!(
            "grant,{}0,Петров Иван,10.0.0.1,{good_tail},hr@enbek.kz,",
            p.c
        ),
        format!(
            "grant,{},Петров Иван,300.1.1.1,{good_tail},hr@enbek.kz,",
            p.d
        ),
        format!(
            "grant,{},Петров Иван,::1,{good_tail},ivanov@,",
            iin("940505", 3, 50)
        ),
        format!(
            "grant,{},Петров Иван,::1,специалист,ДЦ,ESOBES,1-к,2026-13-01,hr@enbek.kz,",
            iin("950606", 3, 60)
        ),
        format!(
            "уволить,{},Петров Иван,::1,{good_tail},hr@enbek.kz,",
            iin("960707", 3, 70)
        ),
        format!(
            "grant,{},Петров Иван,10.0.0.2,{good_tail},hr@enbek.kz,",
            p.a
        ),
    ];
    env.write("bad.csv", format!("{header}\n{}\n", rows.join("\n")));
    let out = env.json(
        3,
        &[
            "--as-of",
            t,
            "requests",
            "import",
            "bad.csv",
            "--rejects",
            "bad-rejects.csv",
        ],
    );
    assert_eq!(
        codes(&out, "rejects"),
        [
            "missing_field",
            "invalid_iin",
            "invalid_ip",
            "invalid_email",
            "bad_date",
            "unknown_kind",
            "duplicate_in_file"
        ],
        "{out}"
    );
    // Only the first row is a request.
    assert_eq!(out["recorded"], 1);
    assert_eq!(
        sql_value(&env.db, "SELECT COUNT(*) FROM requests"),
        (before.parse::<i64>().unwrap() + 1).to_string()
    );
    let rejects = std::fs::read_to_string(env.path("bad-rejects.csv")).unwrap();
    assert!(rejects.contains("reason_code") && rejects.contains("invalid_email"));
    // The same request sent twice is recorded once.
    let again = env.json(3, &["--as-of", t, "requests", "import", "bad.csv"]);
    assert_eq!(again["already_recorded"], 1, "{again}");
    assert_eq!(again["requests"][0]["status"], "pending", "{again}");
}

/// Grant, change, block, reactivate; answering twice does nothing; registration (§24).
pub fn every_kind(env: &Env) {
    let p = people(env);
    let t = "2026-11-20T10:00";
    let g = grant(env, t, &p.b, "3-к", "2026-11-02");
    let id = g["id"].as_i64().unwrap().to_string();
    let issued = env.json(
        0,
        &[
            "--as-of",
            t,
            "logins",
            "issue",
            &id,
            &id,
            "--credentials",
            "c1.csv",
        ],
    );
    // A request named twice is answered once.
    assert_eq!(issued["done"], 1, "{issued}");
    assert_eq!(sql_value(&env.db, "SELECT COUNT(*) FROM accounts"), "1");
    let login = issued["answered"][0]["login"].as_str().unwrap().to_owned();
    assert_eq!(login, "petrov.is");
    // Answering the same request again changes nothing.
    let twice = env.json(
        0,
        &[
            "--as-of",
            t,
            "logins",
            "issue",
            &id,
            "--credentials",
            "c2.csv",
        ],
    );
    assert_eq!(twice["skipped"], 1, "{twice}");
    assert!(!env.path("c2.csv").exists());
    // A second person of the same name gets petrov.is2.
    let g2 = grant(env, t, &p.a, "1-к", "2026-10-01");
    let i2 = env.json(
        0,
        &[
            "--as-of",
            t,
            "logins",
            "issue",
            &g2["id"].as_i64().unwrap().to_string(),
            "--credentials",
            "c3.csv",
        ],
    );
    assert_eq!(i2["answered"][0]["login"], "petrov.is2");

    // §24: pending until the password is changed.
    let acct = env.json(0, &["accounts", "show", &login]);
    assert_eq!(acct["status"], "pending");
    env.ok(
        2,
        &[
            "--as-of",
            "2026-11-21",
            "accounts",
            "password-changed",
            &login,
            "--at",
            "2026-11-19T10:00",
        ],
    );
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-21",
            "accounts",
            "password-changed",
            &login,
            "--at",
            "2026-11-20T15:00",
        ],
    );
    assert_eq!(
        env.json(0, &["accounts", "show", &login])["status"],
        "active"
    );
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-21",
            "accounts",
            "seen",
            &login,
            "--at",
            "2026-11-20T16:00",
        ],
    );
    env.ok(
        2,
        &[
            "--as-of",
            "2026-11-21",
            "accounts",
            "seen",
            &login,
            "--at",
            "2026-11-25T16:00",
        ],
    );

    // Change (§27): rights replaced.
    let ch = add(
        env,
        0,
        "2026-11-21T10:00",
        "change",
        &p.b,
        &[
            "--login",
            &login,
            "--systems",
            "ASP",
            "--functions",
            "отчеты",
            "--basis-order-no",
            "3-к",
            "--basis-order-date",
            "2026-11-02",
        ],
    );
    assert_eq!(ch["status"], "pending", "{ch}");
    // The wrong command for the kind is a usage error.
    env.ok(
        2,
        &[
            "logins",
            "issue",
            &ch["id"].as_i64().unwrap().to_string(),
            "--credentials",
            "c4.csv",
        ],
    );
    env.ok(2, &["requests", "apply", "999"]);
    env.ok(2, &["requests", "apply"]);
    let applied = env.json(
        0,
        &[
            "--as-of",
            "2026-11-21T11:00",
            "requests",
            "apply",
            "--all",
            "--outbox",
            "out",
        ],
    );
    assert_eq!(applied["done"], 1, "{applied}");
    let shown = env.json(0, &["accounts", "show", &login]);
    assert_eq!(
        shown["systems"],
        serde_json::json!([{ "code": "ASP", "functions": "отчеты" }])
    );
    // Block.
    let bl = add(
        env,
        0,
        "2026-11-21T12:00",
        "block",
        &p.b,
        &["--login", &login],
    );
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-21T12:30",
            "requests",
            "apply",
            &bl["id"].as_i64().unwrap().to_string(),
            "--outbox",
            "out",
        ],
    );
    let shown = env.json(0, &["accounts", "show", &login]);
    assert_eq!(shown["status"], "blocked");
    assert_eq!(shown["block_reason"], "request");
    assert_eq!(std::fs::read_dir(env.path("out")).unwrap().count(), 2);
    // Reactivate (§29): a new temporary password, a journal row marked as such.
    let re = add(
        env,
        0,
        "2026-11-22T09:00",
        "reactivate",
        &p.b,
        &["--login", &login],
    );
    assert_eq!(re["status"], "pending", "{re}");
    let before = std::fs::read_to_string(env.path("c1.csv")).unwrap();
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-22T10:00",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "c5.csv",
        ],
    );
    let after = std::fs::read_to_string(env.path("c5.csv")).unwrap();
    assert!(after.contains(&login) && after.contains("reactivate"));
    assert_ne!(
        before.lines().nth(1).unwrap().split(',').nth(3),
        after.lines().nth(1).unwrap().split(',').nth(3)
    );
    assert_eq!(
        env.json(0, &["accounts", "show", &login])["status"],
        "pending"
    );
    assert_eq!(sql_value(&env.db, "SELECT COUNT(*) FROM journal"), "3");
    assert_eq!(
        sql_value(
            &env.db,
            "SELECT COUNT(*) FROM journal WHERE reactivation = TRUE"
        ),
        "1"
    );
    // A login is never reused: even blocked, it stays taken.
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-22T11:00",
            "accounts",
            "block",
            &login,
            "--reason",
            "security",
            "--note",
            "test",
        ],
    );
    let v = env.json(
        3,
        &[
            "logins",
            "validate",
            &login,
            "root",
            "Petrov",
            "fresh.login",
        ],
    );
    let problems: Vec<&str> = v["logins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["problem"].as_str().unwrap_or("ok"))
        .collect();
    assert_eq!(problems, ["taken", "reserved", "bad_char", "ok"]);
    env.ok(0, &["logins", "validate", "fresh.login"]);
    // Every answer was audited, and the chain holds.
    env.ok(0, &["audit", "verify"]);
}

/// §22 deadlines from DESIGN.md's examples, through the binary.
pub fn deadlines(env: &Env) {
    let p = people(env);
    let due = |received: &str| -> String {
        let r = add(
            env,
            0,
            "2027-01-10T12:00",
            "block",
            &p.a,
            &["--login", "none.such", "--received-at", received],
        );
        r["due_at"].as_str().unwrap().to_owned()
    };
    assert_eq!(due("2026-11-20T17:59"), "2026-11-25T23:59:59+05:00");
    assert_eq!(due("2026-03-20T09:00"), "2026-03-30T23:59:59+05:00");
    assert_eq!(due("2026-12-15"), "2026-12-21T23:59:59+05:00");
    assert_eq!(due("2026-12-31T23:00"), "2027-01-08T23:59:59+05:00");
    // Overdue: one pending request received long ago.
    let g = grant(env, "2026-11-20T10:00", &p.a, "1-к", "2026-10-01");
    assert_eq!(g["due_at"], "2026-11-25T23:59:59+05:00");
    let none = env.json(
        0,
        &[
            "--as-of",
            "2026-11-25T23:00",
            "requests",
            "list",
            "--overdue",
        ],
    );
    assert_eq!(none["requests"].as_array().unwrap().len(), 0);
    let late = env.json(
        3,
        &[
            "--as-of",
            "2026-11-26T00:00",
            "requests",
            "list",
            "--overdue",
        ],
    );
    assert_eq!(late["requests"].as_array().unwrap().len(), 1);
    // The calendar command and a calendar file from the configuration.
    let cal = env.json(0, &["calendar", "--year", "2027"]);
    assert_eq!(cal["published"], false);
    env.write(
        "calendar.toml",
        "[[year]]\nyear = 2027\nkurban_ait = \"2027-05-17\"\npublished = true\n",
    );
    env.write("skud.toml", "[calendar]\nfile = \"calendar.toml\"\n");
    let cal = env.json(0, &["--config", "skud.toml", "calendar", "--year", "2027"]);
    assert_eq!(cal["published"], true);
    assert_eq!(cal["kurban_ait"], "2027-05-17");
    env.write(
        "broken.toml",
        "[[year]]\nyear = 2027\ndays_off = [{ date = \"2027-01-16\", note = \"x\" }]\n",
    );
    env.write("skud2.toml", "[calendar]\nfile = \"broken.toml\"\n");
    env.ok(2, &["--config", "skud2.toml", "calendar", "--year", "2027"])
        .stderr_has("broken.toml");
    // A law that changes a holiday is data: an unknown one names the file and the holidays.
    env.write(
        "holiday.toml",
        "[[holiday]]\nname = \"easter\"\ndate = \"04-01\"\n",
    );
    env.write("skud3.toml", "[calendar]\nfile = \"holiday.toml\"\n");
    let out = env.ok(2, &["--config", "skud3.toml", "calendar", "--year", "2027"]);
    out.stderr_has("holiday.toml");
    out.stderr_has("constitution");
}

/// Bad places and dry runs: nothing is half-written.
pub fn safety(env: &Env) {
    let p = people(env);
    let t = "2026-11-20T10:00";
    let g = grant(env, t, &p.b, "3-к", "2026-11-02");
    let id = g["id"].as_i64().unwrap().to_string();
    // The journal names the administrator (§25): without one, nothing is issued.
    let no_admin = env
        .cmd(&[
            "--as-of",
            t,
            "logins",
            "issue",
            &id,
            "--credentials",
            "c0.csv",
        ])
        .env_remove("SKUD_ADMIN")
        .output()
        .unwrap();
    assert_eq!(no_admin.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_admin.stderr).contains("--admin"));
    env.write("exists.csv", "keep me");
    let r = env.ok(
        2,
        &[
            "--lang=en",
            "--as-of",
            t,
            "logins",
            "issue",
            &id,
            "--credentials",
            "exists.csv",
        ],
    );
    r.stderr_has("already exists");
    assert_eq!(
        std::fs::read_to_string(env.path("exists.csv")).unwrap(),
        "keep me"
    );
    env.write("not-a-dir", "x");
    env.ok(
        2,
        &[
            "--as-of",
            t,
            "logins",
            "issue",
            &id,
            "--credentials",
            "c.csv",
            "--outbox",
            "not-a-dir",
        ],
    )
    .stderr_has("not-a-dir");
    env.ok(
        2,
        &[
            "--as-of",
            t,
            "logins",
            "issue",
            &id,
            "--credentials",
            "no/such/dir/c.csv",
        ],
    );
    env.ok(
        0,
        &[
            "--as-of",
            t,
            "logins",
            "issue",
            &id,
            "--credentials",
            "dry.csv",
            "--dry-run",
        ],
    );
    assert!(!env.path("dry.csv").exists());
    assert_eq!(sql_value(&env.db, "SELECT COUNT(*) FROM accounts"), "0");
    assert_eq!(sql_value(&env.db, "SELECT COUNT(*) FROM journal"), "0");
    assert_eq!(env.json(0, &["requests", "show", &id])["status"], "pending");
    // A person dismissed between the request and the answer is refused (§30).
    env.write(
        "dismiss.csv",
        [
            HEADER.to_owned(),
            order_row("8-к", "2026-11-21", "dismissal", &p.b, ""),
        ]
        .join("\n"),
    );
    env.ok(
        0,
        &["--as-of", "2026-11-21", "orders", "import", "dismiss.csv"],
    );
    let late = env.json(
        0,
        &[
            "--as-of",
            "2026-11-21T12:00",
            "logins",
            "issue",
            &id,
            "--credentials",
            "c.csv",
        ],
    );
    assert_eq!(late["refused"], 1, "{late}");
    assert_eq!(late["answered"][0]["reason_code"], "not_acting_staff");
    assert_eq!(sql_value(&env.db, "SELECT COUNT(*) FROM accounts"), "0");
    // The journal: a name that looks like a formula stays text.
    let h = iin("970808", 3, 80);
    env.write(
        "f.csv",
        format!("{HEADER}\n8-к,2026-11-01,hire,{h},=HYPERLINK(\"x\"),Иван,,специалист,ДЦ,,\n"),
    );
    env.ok(0, &["--as-of", "2026-11-20", "orders", "import", "f.csv"]);
    add(
        env,
        0,
        t,
        "grant",
        &h,
        &[
            "--surname",
            "=HYPERLINK(\"x\")",
            "--name",
            "Иван",
            "--systems",
            "ESOBES",
            "--basis-order-no",
            "8-к",
            "--basis-order-date",
            "2026-11-01",
        ],
    );
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-22T10:00",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "f-creds.csv",
        ],
    );
    env.ok(
        0,
        &[
            "journal",
            "export",
            "--out",
            "j.xlsx",
            "--from",
            "2026-11-01",
            "--system",
            "esobes",
        ],
    );
    let mut book: Xlsx<_> = open_workbook(env.path("j.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let notes: Vec<String> = (2..sheet.height() as u32)
        .map(|r| sheet.get_value((r, 6)).unwrap().to_string())
        .collect();
    assert!(
        notes.iter().any(|n| n.starts_with("=HYPERLINK")),
        "{notes:?}"
    );
    let name = book.sheet_names()[0].clone();
    assert!(book.worksheet_formula(&name).unwrap().used_cells().count() == 0);
    env.ok(0, &["journal", "export", "--out", "j.csv"]);
    let csv = std::fs::read_to_string(env.path("j.csv")).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    env.ok(2, &["journal", "export", "--out", "j.pdf"]);
    env.ok(
        0,
        &[
            "journal",
            "export",
            "--out",
            "none.xlsx",
            "--to",
            "2020-01-01",
        ],
    );
    // The Appendix 2 form of a request.
    env.ok(
        0,
        &[
            "--lang",
            "kk",
            "requests",
            "form",
            &id,
            "--out",
            "form.xlsx",
        ],
    );
    let mut form: Xlsx<_> = open_workbook(env.path("form.xlsx")).unwrap();
    let fs = form.worksheet_range_at(0).unwrap().unwrap();
    let all: String = fs
        .rows()
        .flatten()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join("|");
    assert!(
        all.contains("Пайдаланушының есептік жазбасын тіркеуге") && all.contains(&p.b),
        "{all}"
    );
    env.ok(2, &["requests", "form", "999", "--out", "x.xlsx"]);
    // A name that gives no login: that request stays pending and is reported, exit 3.
    let odd = add(
        env,
        0,
        t,
        "grant",
        &p.a,
        &[
            "--surname",
            "123",
            "--name",
            "456",
            "--systems",
            "ESOBES",
            "--basis-order-no",
            "1-к",
            "--basis-order-date",
            "2026-10-01",
        ],
    );
    let odd_id = odd["id"].as_i64().unwrap().to_string();
    let r = env.ok(
        3,
        &[
            "--as-of",
            "2026-11-22T11:00",
            "logins",
            "issue",
            &odd_id,
            "--credentials",
            "odd.csv",
        ],
    );
    r.stderr_has(&odd_id);
    assert_eq!(
        env.json(0, &["requests", "show", &odd_id])["status"],
        "pending"
    );
    assert!(!env.path("odd.csv").exists());
    // The dry run and the refused run took no journal numbers: the journal starts at № 1.
    assert_eq!(
        sql_value(&env.db, "SELECT MIN(no) || '-' || MAX(no) FROM journal"),
        "1-1"
    );
}

/// Requests from a spreadsheet: Kazakh headers, an IIN typed as a number (its leading zero
/// lost), date cells.
pub fn xlsx_requests(env: &Env) {
    env.set_var("SKUD_ADMIN", "Админов Админ Админович");
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    crate::harness::add_system(env, "ASP");
    let young = iin("050312", 5, 10);
    assert!(young.starts_with('0'));
    env.write(
        "o.csv",
        [
            HEADER.to_owned(),
            order_row("3-ж/қ", "2026-11-02", "hire", &young, ""),
        ]
        .join("\n"),
    );
    env.ok(0, &["--as-of", "2026-11-20", "orders", "import", "o.csv"]);
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let headers = [
        "Өтінім түрі",
        "ЖСН",
        "ТАӘ",
        "IP-мекенжай",
        "Лауазымы",
        "Бөлімше",
        "Ақпараттық жүйелер",
        "Бұйрық нөмірі",
        "Бұйрық күні",
        "Электрондық пошта",
        "Алынған күні",
    ];
    for (i, h) in headers.iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd.mm.yyyy");
    ws.write_string(1, 0, "беру").unwrap();
    ws.write_number(1, 1, young.parse::<f64>().unwrap())
        .unwrap();
    ws.write_string(1, 2, "Тұрсынова Аружан Ерланқызы").unwrap();
    ws.write_string(1, 3, "192.168.10.5").unwrap();
    ws.write_string(1, 4, "жетекші маман").unwrap();
    ws.write_string(1, 5, "ЕХТМ").unwrap();
    ws.write_string(1, 6, "asp").unwrap();
    ws.write_string(1, 7, "3-ж/қ").unwrap();
    ws.write_datetime_with_format(1, 8, ExcelDateTime::from_ymd(2026, 11, 2).unwrap(), &date)
        .unwrap();
    ws.write_string(1, 9, "hr@enbek.gov.kz").unwrap();
    ws.write_datetime_with_format(1, 10, ExcelDateTime::from_ymd(2026, 11, 20).unwrap(), &date)
        .unwrap();
    book.save(env.path("requests.xlsx")).unwrap();
    let out = env.json(
        0,
        &[
            "--as-of",
            "2026-11-20T18:00",
            "requests",
            "import",
            "requests.xlsx",
        ],
    );
    assert_eq!(out["recorded"], 1, "{out}");
    assert_eq!(out["requests"][0]["status"], "pending", "{out}");
    let id = out["requests"][0]["id"].as_i64().unwrap().to_string();
    let shown = env.json(0, &["requests", "show", &id]);
    assert_eq!(shown["iin"], young.as_str());
    assert_eq!(shown["received_at"], "2026-11-20T00:00:00+05:00");
    let issued = env.json(
        0,
        &[
            "--as-of",
            "2026-11-21T10:00",
            "logins",
            "issue",
            &id,
            "--credentials",
            "c.csv",
        ],
    );
    assert_eq!(issued["answered"][0]["login"], "tursynova.ae");
}
