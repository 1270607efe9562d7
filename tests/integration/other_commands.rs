//! The other commands: systems, audit, init, usage errors, configuration, generated docs.

use crate::harness::*;

pub fn systems(env: &Env) {
    let s = env.json(0, &["systems", "import", &sample("systems.csv")]);
    assert_eq!(s["added"].as_array().unwrap().len(), 16);
    let list = env.json(0, &["systems", "list"]);
    let codes: Vec<&str> = list["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 16);
    assert!(codes.contains(&"ESOBES") && codes.contains(&"EBT"));
    // Importing again changes nothing and records nothing.
    let audit = env.audit_count();
    let s = env.json(0, &["systems", "import", &sample("systems.csv")]);
    assert_eq!(s["unchanged"].as_array().unwrap().len(), 16);
    assert_eq!(env.audit_count(), audit);
    // add: new, rename, bad code.
    let s = env.json(
        0,
        &[
            "systems",
            "add",
            "SKUD",
            "--name-ru",
            "СКУД",
            "--name-kk",
            "ҚББЖ",
        ],
    );
    assert_eq!(s["added"][0], "SKUD");
    let s = env.json(
        0,
        &[
            "systems",
            "add",
            "SKUD",
            "--name-ru",
            "Система контроля доступа",
            "--name-kk",
            "ҚББЖ",
        ],
    );
    assert_eq!(s["updated"][0], "SKUD");
    env.ok(
        2,
        &[
            "systems",
            "add",
            "skud lower",
            "--name-ru",
            "x",
            "--name-kk",
            "y",
        ],
    )
    .stderr_has("Latin capital");
    let s = env.json(
        0,
        &[
            "systems",
            "add",
            "DRY",
            "--name-ru",
            "x",
            "--name-kk",
            "y",
            "--dry-run",
        ],
    );
    assert_eq!(s["added"][0], "DRY");
    assert_eq!(
        env.json(0, &["systems", "list"])["systems"]
            .as_array()
            .unwrap()
            .len(),
        17
    );
    // A catalogue with a bad row: the good rows are stored, exit 3.
    let f = env.write(
        "sys.csv",
        "code;name_kk;name_ru\nNEW1;Жаңа;Новая\nbad code;x;y\nNEW2;;Без казахского\n",
    );
    let s = env.json(3, &["systems", "import", f.to_str().unwrap()]);
    assert_eq!(s["added"].as_array().unwrap().len(), 1);
    assert_eq!(s["rejected"].as_array().unwrap().len(), 2);
    assert!(s["rejected"][0].as_str().unwrap().contains("row 2"));
    let f = env.write("nocols.csv", "code,name\nA,B\n");
    env.ok(1, &["systems", "import", f.to_str().unwrap()])
        .stderr_has("name_kk, name_ru");
    let text = env.ok(0, &["--lang=kk", "systems", "list"]).stdout();
    assert!(text.starts_with("коды"), "{text}");
}

fn verify(env: &Env, code: i32) -> serde_json::Value {
    env.json(code, &["--lang=en", "audit", "verify"])
}

pub fn audit_tampering(env: &Env) {
    env.json(0, &["systems", "import", &sample("systems.csv")]);
    env.json(
        3,
        &[
            "--as-of=2026-11-20",
            "orders",
            "import",
            &sample("orders-kk.csv"),
        ],
    );
    env.json(
        0,
        &["systems", "add", "X1", "--name-ru", "x", "--name-kk", "y"],
    );
    let v = verify(env, 0);
    assert_eq!(
        (v["intact"].as_bool(), v["records"].as_u64()),
        (Some(true), Some(4))
    );
    sql(&env.db, "CREATE TABLE audit_bak AS SELECT * FROM audit");
    let restore = || {
        sql(
            &env.db,
            "DELETE FROM audit; INSERT INTO audit SELECT * FROM audit_bak",
        )
    };

    sql(&env.db, "UPDATE audit SET count = 999 WHERE seq = 3");
    let v = verify(env, 3);
    assert_eq!(v["problem"]["problem"], "changed");
    assert!(
        v["message"].as_str().unwrap().contains("#3 was changed"),
        "{v}"
    );
    let text = env.ok(3, &["--lang=ru", "audit", "verify"]).stdout();
    assert!(text.contains("№3"), "{text}");
    restore();
    verify(env, 0);

    sql(&env.db, "DELETE FROM audit WHERE seq = 2");
    let v = verify(env, 3);
    assert_eq!(
        (
            v["problem"]["problem"].as_str(),
            v["problem"]["seq"].as_i64()
        ),
        (Some("removed_before"), Some(3))
    );
    restore();

    sql(
        &env.db,
        "UPDATE audit SET seq = -1 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = -1",
    );
    let v = verify(env, 3);
    assert_eq!(v["problem"]["problem"], "reordered", "{v}");
    assert!(v["message"].as_str().unwrap().contains("reordered"));
    restore();

    sql(&env.db, "DELETE FROM audit WHERE seq = 4");
    let v = verify(env, 3);
    assert_eq!(v["problem"]["problem"], "removed_at_end", "{v}");
    restore();
    assert_eq!(verify(env, 0)["intact"], true);
    // The list shows who did what.
    let list = env.json(0, &["audit", "list", "--limit", "2"]);
    let recs = list["records"].as_array().unwrap();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[1]["action"], "systems.add");
    assert_eq!(recs[0]["action"], "orders.import");
    let list = env.json(
        0,
        &[
            "--admin",
            "Иванов Иван Иванович",
            "systems",
            "add",
            "X2",
            "--name-ru",
            "x",
            "--name-kk",
            "y",
        ],
    );
    assert_eq!(list["added"][0], "X2");
    let last = env.json(0, &["audit", "list", "--limit", "1"]);
    assert_eq!(last["records"][0]["actor"], "Иванов Иван Иванович");
    assert_eq!(last["records"][0]["os_user"], "tester");
}

pub fn init_idempotent(env: &Env) {
    let s = env.json(0, &["init"]);
    assert_eq!(s["migrations_applied"].as_u64(), Some(11));
    let before = env.snapshot();
    let s = env.json(0, &["init"]);
    assert_eq!(s["migrations_applied"].as_u64(), Some(0));
    assert_eq!(env.snapshot(), before);
    if env.backend == Backend::Sqlite {
        assert_eq!(sql_value(&env.db, "PRAGMA journal_mode"), "wal");
        // A database URL naming a file in a folder that does not exist yet creates it.
        let nested = env.path("a/b/c.db");
        let r = env
            .cmd(&["--json", "init"])
            .env("SKUD_DB", format!("sqlite://{}", nested.display()))
            .output()
            .unwrap();
        assert!(r.status.success());
        assert!(nested.exists());
    }
}

/// Migration 11 rebuilds the orders table on SQLite (its kind checked by comparisons, not an IN
/// list): run on a database holding orders, and run again as after a kill between its commit
/// and its record, it keeps every order, the people view and the key index, and the kind is
/// still checked.
pub fn orders_rebuilt_by_migration(env: &Env) {
    let rows: Vec<String> = (0..3u32)
        .map(|k| {
            order_row(
                &format!("{k}-м"),
                "2026-04-01",
                "hire",
                &iin("860606", 3, k),
                "",
            )
        })
        .collect();
    let file = env.write("m.csv", format!("{HEADER}\n{}\n", rows.join("\n")));
    let s = env.json(0, &[AS_OF, "orders", "import", file.to_str().unwrap()]);
    assert_eq!(s["imported"].as_u64(), Some(3), "{s}");
    let before = env.json(0, &["orders", "list"]);
    let people = "SELECT (SELECT COUNT(*) FROM orders) || '/' || (SELECT COUNT(*) FROM employees)";
    assert_eq!(sql_value(&env.db, people), "3/3");
    if env.backend == Backend::Sqlite {
        sql(
            &env.db,
            "DELETE FROM _sqlx_migrations WHERE version = 20261204000011",
        );
        let s = env.json(0, &["init"]);
        assert_eq!(s["migrations_applied"].as_u64(), Some(1), "{s}");
        let table = sql_value(
            &env.db,
            "SELECT sql FROM sqlite_schema WHERE name = 'orders'",
        );
        assert!(table.contains("kind = 'hire' OR"), "{table}");
    }
    assert_eq!(env.json(0, &["orders", "list"]), before);
    assert_eq!(sql_value(&env.db, people), "3/3");
    assert!(env.key_index_exists());
    let again = env.json(0, &[AS_OF, "orders", "import", file.to_str().unwrap()]);
    assert_eq!(again["already_imported"].as_u64(), Some(3), "{again}");
    let bad = "INSERT INTO orders (order_no, order_date, kind, iin, surname, name, position, \
               department, effective_date, import_id, file_id, source_row) \
               SELECT 'x', '2026-04-01', 'promotion', iin, surname, name, position, department, \
               effective_date, import_id, file_id, 99 FROM orders LIMIT 1";
    let refused = sql_try(&env.db, bad).expect_err("a kind outside the three is refused");
    assert!(
        refused.to_string().contains("CHECK") || refused.to_string().contains("check"),
        "{refused}"
    );
    assert_eq!(env.orders_count(), 3);
}

pub fn usage_errors(env: &Env) {
    for args in [
        vec!["--no-such-flag", "init"],
        vec!["orders"],
        vec!["orders", "import"],
        vec!["--as-of", "20/11/2026", "init"],
        vec!["--as-of", "31.11.2026", "init"],
        vec!["--as-of", "2026-02-30", "init"],
        vec!["--lang", "de", "init"],
        vec!["employees", "show", "123"],
        vec!["--db", "mysql://x/y", "init"],
        vec!["orders", "list", "--kind", "promotion"],
    ] {
        let r = env.run(&args);
        r.expect_code(2);
        assert!(!r.stderr().is_empty(), "{}", r.dump());
    }
    env.ok(2, &["--lang=en", "employees", "show", "880301300019"])
        .stderr_has("IIN «880301300019» is invalid");
    env.ok(0, &["--help"]);
    let r = env.ok(0, &["orders", "import", "--help"]);
    assert!(r.stdout().contains("--rejects"));
    assert!(env.ok(0, &["--version"]).stdout().starts_with("skud "));
}

pub fn config_file(env: &Env) {
    let cfg = env.write("skud.toml", "db = \"sqlite://from-config.db\"\nlang = \"kk\"\n\n[ldap]\nurl = \"ldap://127.0.0.1\"\nbind_pasword = \"x\"\n");
    let r = env
        .cmd(&["--config", cfg.to_str().unwrap(), "init"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("skud.toml:6") && err.contains("bind_pasword"),
        "{err}"
    );
    let cfg = env.write(
        "good.toml",
        "db = \"sqlite://from-config.db\"\nlang = \"kk\"\nadmin = \"Әкімші\"\n",
    );
    // Without --db or SKUD_DB, the file decides.
    let out = env
        .cmd(&[
            "--json",
            "--config",
            cfg.to_str().unwrap(),
            "config",
            "show",
        ])
        .env_remove("SKUD_DB")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["db"]["source"], "config-file");
    assert!(
        v["db"]["value"]
            .as_str()
            .unwrap()
            .ends_with("from-config.db")
    );
    assert_eq!(v["lang"]["value"], "kk");
    assert_eq!(v["admin"]["value"], "Әкімші");
    // SKUD_DB beats the file; --db beats SKUD_DB; --lang beats the file.
    let out = env
        .cmd(&[
            "--json",
            "--config",
            cfg.to_str().unwrap(),
            "--lang=en",
            "config",
            "show",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["db"]["source"].as_str(), v["lang"]["source"].as_str()),
        (Some("env"), Some("flag"))
    );
    let out = env
        .cmd(&["--json", "--db", "sqlite://flag.db", "config", "show"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["db"]["source"], "flag");
    // SKUD_CONFIG works like --config, and must name an existing file.
    let out = env
        .cmd(&["config", "show"])
        .env("SKUD_CONFIG", env.path("missing.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SKUD_CONFIG"));
    // A password in the URL is never shown.
    let out = env
        .cmd(&["config", "show"])
        .env("SKUD_DB", "postgres://skud:s3cret@127.0.0.1:1/x")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("s3cret"));
    // config init writes the commented template once, then refuses.
    let target = env.path("conf/new.toml");
    env.ok(0, &["config", "init", "--out", target.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&target).unwrap().contains("[ldap]"));
    env.ok(
        2,
        &[
            "--lang=en",
            "config",
            "init",
            "--out",
            target.to_str().unwrap(),
        ],
    )
    .stderr_has("exists");
    // The locale chooses the language when nothing else does.
    let out = env
        .cmd(&["--json", "config", "show"])
        .env("LANG", "kk_KZ.UTF-8")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["lang"]["value"].as_str(), v["lang"]["source"].as_str()),
        (Some("kk"), Some("locale"))
    );
}

pub fn man_pages(env: &Env) {
    let names = |d: &std::path::Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".1"))
            .collect();
        v.sort();
        v
    };
    // English without --lang (the locale does not choose), Russian and Kazakh with it.
    for (lang, folder) in [
        (None, "man"),
        (Some("ru"), "man/ru"),
        (Some("kk"), "man/kk"),
    ] {
        let out = env.path(&format!("man-{}", lang.unwrap_or("en")));
        let mut args = vec!["man", "--out", out.to_str().unwrap()];
        if let Some(l) = lang {
            args.extend_from_slice(&["--lang", l]);
        }
        env.ok(0, &args);
        let checked_in = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        let generated = names(&out);
        assert!(generated.contains(&"skud-orders-import.1".to_owned()));
        assert_eq!(
            names(&checked_in),
            generated,
            "{folder}/ is out of date: run scripts/man"
        );
        for n in &generated {
            assert_eq!(
                std::fs::read(out.join(n)).unwrap(),
                std::fs::read(checked_in.join(n)).unwrap(),
                "{folder}/{n} is out of date: run scripts/man"
            );
        }
    }
    let ru = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man/ru/skud-requests-withdraw.1"),
    )
    .unwrap();
    assert!(
        ru.contains("Отозвать ожидающую заявку") && ru.contains(".SH \"ИМЯ\""),
        "{ru}"
    );
}

pub fn completions(env: &Env) {
    for shell in ["bash", "zsh", "fish"] {
        let r = env.ok(0, &["completions", shell]);
        assert!(r.stdout().contains("orders"), "{shell}");
    }
}

/// Files and data that stay private, and the bad cases of the security probe: the database
/// 0600 whatever the umask; no write through a symlink or over an existing file without
/// --force; no rejects file over its own input; attachments only from regular files; a
/// locked database is exit 4; a tampered audit time is named (exit 3).
pub fn private_files(env: &Env) {
    use std::os::unix::fs::PermissionsExt;
    env.set_var("SKUD_LANG", "en");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // The database: created 0600, and its -wal/-shm with it, under a permissive umask.
    let r = {
        let mut c = env.cmd(&["init"]);
        unsafe {
            use std::os::unix::process::CommandExt;
            c.pre_exec(|| {
                libc_umask(0o022);
                Ok(())
            });
        }
        c.output().unwrap()
    };
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let db = env.path("skud.db");
    assert_eq!(mode(&db), 0o600);
    crate::harness::add_system(env, "ESOBES");
    for side in ["skud.db-wal", "skud.db-shm"] {
        let p = env.path(side);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{side}");
        }
    }
    // A database others can read is warned about.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    env.ok(0, &["systems", "list"])
        .stderr_has("can be read by others");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();

    // The form: never through a symlink; never over a file without --force.
    let r = env.run(&[
        "--as-of",
        "2026-11-20T10:00",
        "requests",
        "add",
        "--kind",
        "block",
        "--iin",
        &iin("900101", 3, 10),
        "--surname",
        "Петров",
        "--name",
        "Иван",
        "--ip",
        "10.1.1.1",
        "--position",
        "x",
        "--department",
        "x",
        "--reply-email",
        "hr@enbek.kz",
        "--login",
        "nobody.x",
    ]);
    assert!(r.code() == 0 || r.code() == 3, "{}", r.dump());
    let target = env.path("victim.txt");
    std::fs::write(&target, "keep me").unwrap();
    std::os::unix::fs::symlink(&target, env.path("form.xlsx")).unwrap();
    env.ok(2, &["requests", "form", "1", "--out", "form.xlsx"])
        .stderr_has("symbolic link");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    env.ok(0, &["requests", "form", "1", "--out", "f.xlsx"]);
    assert_eq!(mode(&env.path("f.xlsx")), 0o600);
    env.ok(2, &["requests", "form", "1", "--out", "f.xlsx"])
        .stderr_has("--force");
    env.ok(0, &["requests", "form", "1", "--out", "f.xlsx", "--force"]);
    // The deadlines report likewise, 0640.
    std::os::unix::fs::symlink(&target, env.path("d.xlsx")).unwrap();
    env.ok(
        2,
        &[
            "--as-of",
            "2026-12-20",
            "jobs",
            "run",
            "deadlines",
            "--out",
            "d.xlsx",
        ],
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    env.ok(
        0,
        &[
            "--as-of",
            "2026-12-20",
            "jobs",
            "run",
            "deadlines",
            "--out",
            "d2.xlsx",
        ],
    );
    assert_eq!(mode(&env.path("d2.xlsx")), 0o640);
    env.ok(
        2,
        &[
            "--as-of",
            "2026-12-20",
            "jobs",
            "run",
            "deadlines",
            "--out",
            "d2.xlsx",
        ],
    );
    // The rejects file is never the input.
    env.write("req.csv", "Вид заявки;ИИН\nзаблокировать;123\n");
    env.ok(
        2,
        &["requests", "import", "req.csv", "--rejects", "req.csv"],
    )
    .stderr_has("input");
    assert_eq!(
        std::fs::read_to_string(env.path("req.csv")).unwrap(),
        "Вид заявки;ИИН\nзаблокировать;123\n"
    );
    // An earlier rejects file stays unless --force; the new one is the owner's only.
    env.write(
        "bad-orders.csv",
        format!(
            "{}\n{}\n",
            crate::harness::HEADER,
            crate::harness::order_row("1", "2026-11-01", "hire", "123", "2026-11-02")
        ),
    );
    env.write("rej.csv", "earlier\n");
    env.ok(
        2,
        &["orders", "import", "bad-orders.csv", "--rejects", "rej.csv"],
    )
    .stderr_has("--force");
    assert_eq!(
        std::fs::read_to_string(env.path("rej.csv")).unwrap(),
        "earlier\n"
    );
    env.ok(
        3,
        &[
            "orders",
            "import",
            "bad-orders.csv",
            "--rejects",
            "rej.csv",
            "--force",
        ],
    );
    assert!(
        std::fs::read_to_string(env.path("rej.csv"))
            .unwrap()
            .contains("reason_code")
    );
    assert_eq!(mode(&env.path("rej.csv")), 0o600);
    // The journal the same way.
    env.write("journal.csv", "earlier\n");
    env.ok(2, &["journal", "export", "--out", "journal.csv"])
        .stderr_has("--force");
    assert_eq!(
        std::fs::read_to_string(env.path("journal.csv")).unwrap(),
        "earlier\n"
    );
    env.ok(0, &["journal", "export", "--out", "journal.csv", "--force"]);
    assert_eq!(mode(&env.path("journal.csv")), 0o600);
    std::os::unix::fs::symlink(env.path("journal.csv"), env.path("link.xlsx")).unwrap();
    env.ok(2, &["journal", "export", "--out", "link.xlsx", "--force"])
        .stderr_has("symbolic link");

    // Attachments: regular files only.
    let ticket = |attachment: &str| {
        env.run(&[
            "tickets",
            "open",
            "--full-name",
            "Петров Иван Сергеевич",
            "--reason",
            "x",
            "--phone",
            "+7 717 000 00 00",
            "--attachment",
            attachment,
        ])
    };
    std::os::unix::fs::symlink("/etc/passwd", env.path("link.png")).unwrap();
    let r = ticket("link.png");
    r.expect_code(2);
    r.stderr_has("symbolic link");
    ticket("/proc/self/status").expect_code(2);
    let fifo = env.path("fifo");
    std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    ticket(fifo.to_str().unwrap()).expect_code(2);
    ticket("/dev/null").expect_code(2);

    // A tampered audit time no longer parses: named, exit 3.
    crate::harness::sql(&env.db, "UPDATE audit SET at = at || 'x' WHERE seq = 1");
    env.ok(3, &["audit", "verify"]).stdout_has("#1");

    // A database locked past the busy timeout: exit 4, try later.
    let mut holder = std::process::Command::new("sqlite3")
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sqlite3");
    {
        use std::io::{BufRead, Write};
        let stdin = holder.stdin.as_mut().unwrap();
        stdin
            .write_all(
                b"BEGIN IMMEDIATE;\nINSERT INTO audit_head SELECT * FROM audit_head WHERE 0;\nSELECT 'held';\n",
            )
            .unwrap();
        stdin.flush().unwrap();
        // Wait until the lock is held (a fixed sleep was too short on a busy machine, in CI).
        let mut out = std::io::BufReader::new(holder.stdout.as_mut().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "held");
    }
    let r = env.run(&[
        "systems",
        "add",
        "LOCKED",
        "--name-ru",
        "x",
        "--name-kk",
        "x",
    ]);
    let _ = holder.kill();
    let _ = holder.wait();
    r.expect_code(4);
}

fn libc_umask(m: u32) {
    unsafe extern "C" {
        fn umask(mask: u32) -> u32;
    }
    // SAFETY: umask only sets the process's file mode mask.
    unsafe {
        umask(m);
    }
}
