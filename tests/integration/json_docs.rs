//! `docs/json.md` against the real binary: every field it lists is in the command's output,
//! every documented command is run here, and every moment in the outputs is RFC 3339 in
//! Asia/Almaty to the second.

use crate::harness::{Env, iin};
use std::collections::BTreeMap;

/// The documented commands and their fields: `## \`skud ...\`` headings, then the backticked
/// paths of the first cell of each table row.
fn documented() -> BTreeMap<String, Vec<String>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## `skud ") {
            let name = h.trim_end_matches('`').to_owned();
            out.entry(name.clone()).or_default();
            current = Some(name);
        } else if let (Some(c), Some(row)) = (&current, line.strip_prefix("| `")) {
            let first = row.split(" |").next().unwrap_or_default();
            let fields = first.split(", ").map(|f| f.trim_matches('`').to_owned());
            out.get_mut(c).unwrap().extend(fields);
        }
    }
    out
}

/// Whether `path` (`a.b`, `a[].b`) is in `v`: every element of an array must have the rest, and
/// an array walked into must not be empty (the scenario fills each one).
fn has(v: &serde_json::Value, path: &str) -> Result<(), String> {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let (key, each) = match head.strip_suffix("[]") {
        Some(k) => (k, true),
        None => (head, false),
    };
    let field = v
        .get(key)
        .ok_or_else(|| format!("no field {key:?} in {v}"))?;
    if each {
        let items = field
            .as_array()
            .ok_or_else(|| format!("{key:?} is not an array: {field}"))?;
        if items.is_empty() {
            return Err(format!("{key:?} is empty: the scenario must fill it"));
        }
        if let Some(rest) = rest {
            for item in items {
                has(item, rest)?;
            }
        }
        return Ok(());
    }
    match rest {
        Some(rest) => has(field, rest),
        None => Ok(()),
    }
}

/// Every string that starts like a moment is RFC 3339 in Asia/Almaty, to the second.
fn moments_are_almaty(v: &serde_json::Value, at: &str) {
    match v {
        serde_json::Value::String(s) => {
            let b = s.as_bytes();
            let moment_like = b.len() > 10 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T';
            if moment_like && b[..4].iter().all(u8::is_ascii_digit) {
                let ok = s.len() == 25 && (s.ends_with("+05:00") || s.ends_with("+06:00"));
                assert!(
                    ok,
                    "{at}: {s:?} is not RFC 3339 in Asia/Almaty to the second"
                );
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| moments_are_almaty(x, at)),
        serde_json::Value::Object(m) => m.values().for_each(|x| moments_are_almaty(x, at)),
        _ => {}
    }
}

pub fn documented_fields_are_present(env: &Env) {
    env.set_var("SKUD_ADMIN", "Админов Админ");
    let (a, b) = (iin("850505", 3, 200), iin("900101", 4, 300));
    env.write(
        "o.csv",
        format!(
            "order_no,order_date,kind,iin,full_name,position,department,effective_date\n\
             1-к,2025-12-20,hire,{a},Жақсыбекова Гүлнұр Қайратқызы,маман,ДЦ,\n\
             2-к,2025-12-20,hire,{b},Сёмин Пётр Ильич,инженер,ДИТ,\n\
             3-к,2025-12-20,hire,{},Неверный ИИН,инженер,ДИТ,\n",
            crate::harness::bad_check(&a)
        ),
    );
    env.write(
        "r.csv",
        format!(
            "kind,iin,full_name,ip,position,department,systems,basis_order_no,basis_order_date,reply_email\n\
             grant,{b},Сёмин Пётр Ильич,10.1.1.2,инженер,ДИТ,ESOBES,2-к,20.12.2025,hr@enbek.kz\n\
             grant,{b},Сёмин Пётр Ильич,300.1.1.1,инженер,ДИТ,ESOBES,2-к,20.12.2025,hr@enbek.kz\n"
        ),
    );
    let mut out: BTreeMap<&str, serde_json::Value> = BTreeMap::new();
    let mut run = |name: &'static str, code: i32, args: &[&str]| {
        let v = env.json(code, args);
        out.insert(name, v.clone());
        v
    };
    run("init", 0, &["init"]);
    run(
        "systems add",
        0,
        &[
            "systems",
            "add",
            "ESOBES",
            "--name-ru",
            "ЕСОБЕС",
            "--name-kk",
            "ЕСОБЕС",
        ],
    );
    run("systems list", 0, &["systems", "list"]);
    let imported = run(
        "orders import",
        3,
        &["--as-of", "2026-01-05", "orders", "import", "o.csv"],
    );
    assert_eq!(imported["rejected"], 1, "{imported}");
    run("orders list", 0, &["orders", "list"]);
    run(
        "employees list",
        0,
        &["--as-of", "2026-01-05", "employees", "list"],
    );
    run(
        "requests add",
        0,
        &[
            "--as-of",
            "2026-01-05T09:00",
            "requests",
            "add",
            "--kind",
            "grant",
            "--iin",
            &a,
            "--full-name",
            "Жақсыбекова Гүлнұр Қайратқызы",
            "--ip",
            "10.1.1.1",
            "--position",
            "маман",
            "--department",
            "ДЦ",
            "--reply-email",
            "hr@enbek.kz",
            "--systems",
            "ESOBES",
            "--functions",
            "просмотр",
            "--basis-order-no",
            "1-к",
            "--basis-order-date",
            "2025-12-20",
        ],
    );
    run(
        "requests import",
        3,
        &["--as-of", "2026-01-05T09:30", "requests", "import", "r.csv"],
    );
    run(
        "logins issue",
        0,
        &[
            "--as-of",
            "2026-01-05T10:00",
            "logins",
            "issue",
            "1",
            "--credentials",
            "c.csv",
        ],
    );
    let login = env.json(0, &["accounts", "list", "--iin", &a])["accounts"][0]["login"]
        .as_str()
        .unwrap()
        .to_owned();
    run("accounts list", 0, &["accounts", "list"]);
    run("accounts show", 0, &["accounts", "show", &login]);
    run(
        "accounts seen",
        0,
        &[
            "--as-of",
            "2026-01-06T12:00",
            "accounts",
            "seen",
            &login,
            "--at",
            "06.01.2026 09:00",
        ],
    );
    run(
        "tickets open",
        0,
        &[
            "--as-of",
            "2026-01-06T10:00",
            "tickets",
            "open",
            "--full-name",
            "Жақсыбекова Г.",
            "--login",
            &login,
            "--subject",
            "Не входит",
            "--text",
            "Пароль",
            "--email",
            "g@enbek.kz",
        ],
    );
    run(
        "tickets close",
        0,
        &[
            "--as-of",
            "2026-01-06T11:00",
            "tickets",
            "close",
            "1",
            "--resolution",
            "сброшен",
        ],
    );
    run("tickets list", 0, &["tickets", "list"]);
    run("requests list", 0, &["requests", "list"]);
    run("requests show", 0, &["requests", "show", "1"]);
    run(
        "employees show",
        0,
        &["--as-of", "2026-01-06T12:00", "employees", "show", &a],
    );
    run(
        "requests withdraw",
        0,
        &[
            "--as-of",
            "2026-01-07T09:00",
            "requests",
            "withdraw",
            "2",
            "--note",
            "отозвана",
        ],
    );
    run(
        "jobs run",
        0,
        &["--as-of", "2026-01-08T08:00", "jobs", "run", "deadlines"],
    );
    run("jobs list", 0, &["jobs", "list"]);
    run("status", 3, &["--as-of", "2026-01-08T10:00", "status"]);
    run(
        "journal export",
        0,
        &["journal", "export", "--out", "j.xlsx"],
    );
    run("audit list", 0, &["audit", "list"]);
    run("audit verify", 0, &["audit", "verify"]);
    run("mail list", 0, &["mail", "list"]);
    run("calendar", 0, &["calendar", "--year", "2026"]);
    run("config show", 0, &["config", "show"]);
    // PostgreSQL is backed up by pg_dump, which skud runs when the configuration names it.
    if env.backend == crate::harness::Backend::Postgres {
        env.write("skud.toml", "[backup]\npg_dump = \"/usr/bin/pg_dump\"\n");
        env.set_var("SKUD_CONFIG", &env.path("skud.toml").display().to_string());
    }
    run("backup", 0, &["backup", "--out", "copy.db"]);
    run(
        "logins validate",
        3,
        &["logins", "validate", "zhaqsybekova.gq", "Плохой"],
    );

    let docs = documented();
    for (command, fields) in &docs {
        let v = out.get(command.as_str()).unwrap_or_else(|| {
            panic!("docs/json.md documents `skud {command}`, which this test does not run")
        });
        for f in fields {
            if let Err(e) = has(v, f) {
                panic!("skud {command} --json: documented field {f:?} is missing: {e}");
            }
        }
    }
    for (command, v) in &out {
        assert!(
            docs.contains_key(*command),
            "`skud {command}` --json is not in docs/json.md"
        );
        moments_are_almaty(v, command);
    }
}
