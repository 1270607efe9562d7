//! The administrator's day (issue 15): one date grammar for every option, the state at a
//! glance, a person's whole picture, requests as an administrator writes them.

use crate::harness::Env;

/// Every date option takes DD.MM.YYYY and YYYY-MM-DD, a time only where one is wanted, and an
/// impossible day says which month it is not in, in the reader's language (exit 2, the flag
/// named).
pub fn one_date_grammar(env: &Env) {
    crate::harness::add_system(env, "ESOBES");
    // --as-of in both forms, with and without a time.
    for as_of in [
        "19.11.2026",
        "2026-11-19",
        "19.11.2026 09:30",
        "2026-11-19T09:30",
    ] {
        let r = env.run(&["--as-of", as_of, "--json", "calendar", "--year", "2026"]);
        r.expect_code(0);
    }
    let r = env.ok(2, &["--lang=en", "--as-of", "31.11.2026", "status"]);
    r.stderr_has("--as-of: «31.11.2026» is no day: November has 30 days");
    let r = env.ok(2, &["--lang=ru", "--as-of", "2026-02-29", "status"]);
    r.stderr_has("«2026-02-29» — такого дня нет: в феврале 28 дней");
    let r = env.ok(2, &["--lang=en", "--as-of", "yesterday", "status"]);
    r.stderr_has("«yesterday» is not a date");

    // Journal --from/--to: both forms; a bad one is clap's usage error naming the flag.
    let out = env.path("j.csv");
    let out = out.to_str().unwrap();
    for (from, to) in [("01.11.2026", "2026-11-30"), ("2026-11-01", "30.11.2026")] {
        env.ok(
            0,
            &[
                "journal", "export", "--out", out, "--force", "--from", from, "--to", to,
            ],
        );
    }
    let r = env.ok(
        2,
        &[
            "--lang",
            "ru",
            "journal",
            "export",
            "--out",
            out,
            "--from",
            "31.11.2026",
        ],
    );
    r.stderr_has("--from");
    r.stderr_has("«31.11.2026» — такого дня нет: в ноябре 30 дней");
    let r = env.ok(
        2,
        &[
            "--lang=kk",
            "journal",
            "export",
            "--out",
            out,
            "--to",
            "31.04.2026",
        ],
    );
    r.stderr_has("--to");
    r.stderr_has("«31.04.2026» — мұндай күн жоқ: сәуірде 30 күн");

    // A ticket's --at: a day alone is its first minute; DD.MM.YYYY HH:MM and ISO with T too.
    let open = |at: &str| {
        env.json(
            0,
            &[
                "--as-of",
                "2026-11-20T10:00",
                "tickets",
                "open",
                "--full-name",
                "Петров Иван Сергеевич",
                "--subject",
                "Вопрос",
                "--text",
                "Доступ",
                "--email",
                "p@enbek.kz",
                "--at",
                at,
            ],
        )
    };
    assert_eq!(
        open("19.11.2026")["submitted_at"],
        "2026-11-19T00:00:00+05:00"
    );
    assert_eq!(
        open("19.11.2026 08:15")["submitted_at"],
        "2026-11-19T08:15:00+05:00"
    );
    assert_eq!(
        open("2026-11-19T08:15")["submitted_at"],
        "2026-11-19T08:15:00+05:00"
    );
    let r = env.ok(
        2,
        &[
            "--lang=en",
            "--as-of",
            "2026-11-20T10:00",
            "tickets",
            "open",
            "--full-name",
            "Петров",
            "--subject",
            "x",
            "--text",
            "y",
            "--at",
            "30.02.2026 10:00",
        ],
    );
    r.stderr_has("«30.02.2026 10:00» is no day: February has 28 days");

    // A flag of `requests add` that is not a day: office::title_above_header checks it.
}

/// `skud status`: every count and every reason for attention, through the real binary; exit 3
/// while something needs a person, 0 when nothing does.
pub fn status_at_a_glance(env: &Env) {
    let (alfa, beta, iins) = crate::jobs::two_accounts(env);
    let status = |code: i32, at: &str| env.json(code, &["--as-of", at, "status"]);
    // The credentials file written on 1 January is still in place: it holds passwords.
    let s = status(3, "2026-01-31T10:00");
    assert_eq!(s["as_of"], "2026-01-31T10:00:00+05:00", "{s}");
    assert_eq!(
        s["attention"],
        serde_json::json!(["credentials_files"]),
        "{s}"
    );
    assert_eq!(
        s["credentials"]["files"].as_array().unwrap().len(),
        1,
        "{s}"
    );
    // The next night (1 February): Beta's dismissal takes effect (§30, 00:30), and Alfa, issued
    // on 1 January and never used, is unused for more than 30 days (§28, 01:00). Counted, not
    // done: both accounts are still as they were.
    assert_eq!(
        s["next_night"],
        serde_json::json!({"date": "2026-02-01", "dismissals": 1, "inactivity": 1}),
        "{s}"
    );
    for login in [&alfa, &beta] {
        let a = env.json(0, &["accounts", "show", login]);
        assert_ne!(a["status"], "blocked", "{a}");
    }
    assert!(s["audit"]["seq"].as_i64().unwrap() > 1, "{s}");
    std::fs::remove_file(env.path("c.csv")).unwrap();
    let s = status(0, "2026-01-31T10:00");
    assert_eq!(s["attention"], serde_json::json!([]), "{s}");
    assert!(
        s["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|j| j["outcome"].is_null()),
        "{s}"
    );

    // A request received on Wednesday 28 January is due at the end of Monday 2 February (three
    // working days, §22); a ticket submitted then is due at the end of 31 January (three
    // calendar days, §15).
    crate::harness::request(
        env,
        "2026-01-28T09:00",
        "change",
        &iins[0],
        ["Альфа", "Иван"],
        &[
            "--login",
            &alfa,
            "--systems",
            "ESOBES",
            "--basis-order-no",
            "1-к",
            "--basis-order-date",
            "2025-12-20",
        ],
    );
    env.ok(
        0,
        &[
            "--as-of",
            "2026-01-28T09:00",
            "tickets",
            "open",
            "--full-name",
            "Альфа Иван",
            "--subject",
            "Сбой",
            "--text",
            "Не входит",
            "--email",
            "a@enbek.kz",
        ],
    );
    let s = status(3, "2026-02-02T10:00");
    assert_eq!(
        s["requests"],
        serde_json::json!({"pending": 1, "due_today": 1, "past_due": 0}),
        "{s}"
    );
    assert_eq!(
        s["tickets"],
        serde_json::json!({"open": 1, "past_due": 1}),
        "{s}"
    );
    assert_eq!(
        s["attention"],
        serde_json::json!(["requests_due_today", "tickets_past_due"]),
        "{s}"
    );
    let s = status(3, "2026-02-03T10:00");
    assert_eq!(s["requests"]["past_due"], 1, "{s}");

    // A job that was refused, and a directory pull too old for §28.
    crate::harness::unreachable_directory(env);
    env.run(&["--as-of", "2026-02-03T01:00", "jobs", "run", "inactivity"])
        .expect_code(4);
    let s = status(3, "2026-02-03T10:00");
    let attention: Vec<&str> = s["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        attention.contains(&"job_failed") && attention.contains(&"pull_stale"),
        "{s}"
    );
    let inactivity = &s["jobs"][0];
    assert_eq!(inactivity["job"], "inactivity", "{s}");
    assert_eq!(inactivity["outcome"], "refused", "{s}");
    assert!(s["directory"]["configured"].as_bool().unwrap(), "{s}");
    assert!(
        s["next_night"]["inactivity"].is_null(),
        "a stale pull: §28 would refuse: {s}"
    );

    // The same in words, in each language.
    let r = env.ok(3, &["--lang=kk", "--as-of", "2026-02-03T10:00", "status"]);
    r.stdout_has(
        "Қолжетімділік өтінімдері (22-т.): жауап күтуде 1, мерзімі бүгін 0, мерзімі өткен 1",
    );
    r.stdout_has("inactivity  іске қосылмады (бас тарту)");
    let r = env.ok(3, &["--lang=ru", "--as-of", "2026-02-03T10:00", "status"]);
    r.stdout_has("Требует внимания: просроченные заявки; просроченные обращения; последний запуск задания не удался; чтение каталога устарело");
    let r = env.ok(3, &["--lang=en", "--as-of", "2026-02-03T10:00", "status"]);
    r.stdout_has("Support tickets (§15): 1 open, 1 past due");
}

/// A person whole (`employees show`), found by any part of the name in either alphabet, and
/// accounts and requests filtered by IIN, login and system.
pub fn person_whole(env: &Env) {
    env.set_var("SKUD_ADMIN", "Админов Админ");
    crate::harness::add_system(env, "ESOBES");
    crate::harness::add_system(env, "AISOR");
    let (a, b) = (
        crate::harness::iin("850505", 3, 200),
        crate::harness::iin("900101", 4, 300),
    );
    env.write(
        "o.csv",
        format!(
            "order_no,order_date,kind,iin,full_name,position,department,effective_date\n\
             1-к,2025-12-20,hire,{a},Жақсыбекова Гүлнұр Қайратқызы,маман,ДЦ,\n\
             2-к,2025-12-20,hire,{b},Сёмин Пётр Ильич,инженер,ДИТ,\n"
        ),
    );
    env.ok(0, &["--as-of", "2026-01-25", "orders", "import", "o.csv"]);
    crate::harness::request(
        env,
        "2026-01-05T09:00",
        "grant",
        &a,
        ["Жақсыбекова", "Гүлнұр"],
        &[
            "--systems",
            "ESOBES,AISOR",
            "--functions",
            "просмотр",
            "--basis-order-no",
            "1-к",
            "--basis-order-date",
            "2025-12-20",
        ],
    );
    crate::harness::request(
        env,
        "2026-01-05T09:00",
        "grant",
        &b,
        ["Сёмин", "Пётр"],
        &[
            "--systems",
            "ESOBES",
            "--basis-order-no",
            "2-к",
            "--basis-order-date",
            "2025-12-20",
        ],
    );
    env.ok(
        0,
        &[
            "--as-of",
            "2026-01-05T10:00",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "c.csv",
        ],
    );
    let login_a = env.json(0, &["accounts", "list", "--iin", &a])["accounts"][0]["login"]
        .as_str()
        .unwrap()
        .to_owned();
    env.ok(
        0,
        &[
            "--as-of",
            "2026-01-06T10:00",
            "tickets",
            "open",
            "--full-name",
            "Жақсыбекова Г.",
            "--login",
            &login_a,
            "--subject",
            "Не входит",
            "--text",
            "Пароль не принят",
            "--email",
            "g@enbek.kz",
        ],
    );

    // The whole picture, as JSON and in words.
    let p = env.json(0, &["--as-of", "2026-01-06T12:00", "employees", "show", &a]);
    assert_eq!(p["status"], "acting", "{p}");
    assert_eq!(p["orders"].as_array().unwrap().len(), 1, "{p}");
    assert_eq!(p["accounts"][0]["login"], login_a.as_str(), "{p}");
    assert_eq!(
        p["accounts"][0]["systems"],
        serde_json::json!([
            {"code": "AISOR", "functions": "просмотр"},
            {"code": "ESOBES", "functions": "просмотр"}
        ]),
        "{p}"
    );
    assert_eq!(p["requests"][0]["status"], "done", "{p}");
    assert_eq!(p["tickets"][0]["subject"], "Не входит", "{p}");
    assert_eq!(
        p["tickets"][0]["submitted_at"], "2026-01-06T10:00:00+05:00",
        "{p}"
    );
    let r = env.ok(
        0,
        &[
            "--lang=ru",
            "--as-of",
            "2026-01-06T12:00",
            "employees",
            "show",
            &a,
        ],
    );
    for text in [
        "Учётные записи:",
        "ожидает входа",
        "AISOR: просмотр; ESOBES: просмотр",
        "Заявки на доступ:",
        "предоставление  исполнена",
        "Обращения о сбоях:",
        "Не входит",
    ] {
        r.stdout_has(text);
    }
    let r = env.ok(
        0,
        &[
            "--lang=kk",
            "--as-of",
            "2026-01-06T12:00",
            "employees",
            "show",
            &b,
        ],
    );
    r.stdout_has("Ақаулар туралы өтініштер:\n  —");

    // Any part of the name, case and ё/е aside, in Cyrillic or Latin letters.
    let found = |text: &str| -> Vec<String> {
        env.json(0, &["employees", "list", "--name", text])["employees"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["iin"].as_str().unwrap().to_owned())
            .collect()
    };
    for text in ["жақсы", "ЖАКСЫБЕКОВА", "Zhaksybekova", "jaksy", "гулнур"] {
        assert_eq!(found(text), vec![a.clone()], "{text}");
    }
    for text in ["семин", "Пётр", "Semin", "petr"] {
        assert_eq!(found(text), vec![b.clone()], "{text}");
    }
    assert!(found("Сидоров").is_empty());

    // Filters by IIN, login and system; each given must hold.
    let logins = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["accounts", "list"];
        all.extend_from_slice(args);
        env.json(0, &all)["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["login"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(logins(&["--system", "aisor"]), vec![login_a.clone()]);
    assert_eq!(logins(&["--system", "ESOBES"]).len(), 2);
    assert_eq!(
        logins(&["--iin", &b, "--system", "AISOR"]),
        Vec::<String>::new()
    );
    assert_eq!(
        logins(&["--login", &login_a.to_uppercase()]),
        vec![login_a.clone()]
    );
    let ids = |args: &[&str]| -> Vec<i64> {
        let mut all = vec!["requests", "list"];
        all.extend_from_slice(args);
        env.json(0, &all)["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(&["--system", "AISOR"]), vec![1]);
    assert_eq!(ids(&["--system", "ESOBES"]), vec![1, 2]);
    assert_eq!(
        ids(&["--system", "ESOB"]),
        Vec::<i64>::new(),
        "a whole code, not a part"
    );
    assert_eq!(ids(&["--iin", &b]), vec![2]);
    assert_eq!(
        ids(&["--login", &login_a]),
        vec![1],
        "answered with that login"
    );
    let r = env.ok(0, &["--lang=ru", "requests", "list", "--iin", &a]);
    r.stdout_has("предоставление");
}

/// Requests as an administrator writes them: a change by difference (only additions need a
/// basis order, §23, §27), a block with the login and the reply address alone, a pending request
/// withdrawn; flag errors are usage errors naming the flag.
pub fn requests_as_written(env: &Env) {
    let (alfa, _beta, iins) = crate::jobs::two_accounts(env);
    crate::harness::add_system(env, "AISOR");
    crate::harness::add_system(env, "ENP");
    let at = "2026-01-12T09:00";
    let add = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--as-of", at, "requests", "add"];
        all.extend_from_slice(args);
        env.json(0, &all)
    };
    let person = crate::harness::person_flags(&iins[0], ["Альфа", "Иван"]);
    // Add two systems (with the hire order as basis), then take one away (no order at all).
    let mut args = vec![
        "--kind",
        "change",
        "--login",
        &alfa,
        "--add-systems",
        "AISOR, ENP",
    ];
    args.extend_from_slice(&person);
    args.extend_from_slice(&[
        "--functions",
        "чтение",
        "--basis-order-no",
        "1-к",
        "--basis-order-date",
        "20.12.2025",
    ]);
    let r = add(&args);
    assert_eq!(r["status"], "pending", "{r}");
    assert_eq!(r["add_systems"], serde_json::json!(["AISOR", "ENP"]), "{r}");
    env.ok(
        0,
        &["--as-of", "2026-01-12T10:00", "requests", "apply", "--all"],
    );
    let systems = |login: &str| env.json(0, &["accounts", "show", login])["systems"].clone();
    assert_eq!(
        systems(&alfa),
        serde_json::json!([
            {"code": "AISOR", "functions": "чтение"},
            {"code": "ENP", "functions": "чтение"},
            {"code": "ESOBES", "functions": null}
        ]),
        "the rights not named stay, with their functions"
    );
    let mut args = vec![
        "--kind",
        "change",
        "--login",
        &alfa,
        "--remove-systems",
        "ENP",
    ];
    args.extend_from_slice(&person);
    let r = add(&args);
    assert_eq!(
        r["status"], "pending",
        "taking away needs no basis order: {r}"
    );
    env.ok(
        0,
        &["--as-of", "2026-01-12T11:00", "requests", "apply", "--all"],
    );
    assert_eq!(
        systems(&alfa),
        serde_json::json!([
            {"code": "AISOR", "functions": "чтение"},
            {"code": "ESOBES", "functions": null}
        ])
    );
    // Bad change requests are usage errors naming the flag (exit 2), nothing recorded.
    let refused = |extra: &[&str], why: &str| {
        let mut args = vec![
            "--lang=en",
            "--as-of",
            at,
            "requests",
            "add",
            "--kind",
            "change",
            "--login",
            &alfa,
        ];
        args.extend_from_slice(extra);
        args.extend_from_slice(&person);
        env.ok(2, &args).stderr_has(why);
    };
    // An addition without a basis order.
    refused(&["--add-systems", "ENP"], "--basis-order-no");
    // The same system to add and to take away.
    refused(
        &[
            "--add-systems",
            "ENP",
            "--remove-systems",
            "enp",
            "--basis-order-no",
            "1-к",
            "--basis-order-date",
            "20.12.2025",
        ],
        "the change names ENP both to add and to take away",
    );
    // No system at all.
    refused(&[], "option --systems is required");
    // Found by any of its systems, shown with + and -.
    let listed = env.json(0, &["requests", "list", "--system", "ENP"]);
    assert_eq!(listed["requests"].as_array().unwrap().len(), 2, "{listed}");
    let r = env.ok(0, &["--lang=en", "requests", "list", "--login", &alfa]);
    r.stdout_has("+AISOR,+ENP");
    r.stdout_has("-ENP");

    // A block with the login and the reply address alone: the holder is read from the account.
    let r = add(&[
        "--kind",
        "block",
        "--login",
        &alfa,
        "--reply-email",
        "sec@enbek.kz",
    ]);
    assert_eq!(r["status"], "pending", "{r}");
    assert_eq!(r["iin"], iins[0].as_str(), "{r}");
    assert_eq!(r["full_name"], "Альфа Иван", "{r}");
    let r = add(&[
        "--kind",
        "block",
        "--login",
        "nobody.x",
        "--reply-email",
        "sec@enbek.kz",
    ]);
    assert_eq!(r["status"], "refused", "{r}");
    assert_eq!(r["reason_code"], "unknown_login", "{r}");
    env.ok(
        2,
        &[
            "--lang=en",
            "--as-of",
            at,
            "requests",
            "add",
            "--kind",
            "block",
            "--login",
            &alfa,
        ],
    )
    .stderr_has("--reply-email <REPLY_EMAIL>");
    // In a file too: a block row needs no IIN, IP, position or department.
    env.write(
        "blocks.csv",
        format!("kind,iin,full_name,login,ip,position,department,reply_email\nblock,,,{alfa},,,,it@enbek.kz\n"),
    );
    let s = env.json(
        0,
        &[
            "--as-of",
            "2026-01-12T12:00",
            "requests",
            "import",
            "blocks.csv",
        ],
    );
    assert_eq!(s["recorded"], 1, "{s}");
    env.ok(
        0,
        &["--as-of", "2026-01-12T13:00", "requests", "apply", "--all"],
    );
    let a = env.json(0, &["accounts", "show", &alfa]);
    assert_eq!(a["block_reason"], "request", "{a}");

    // Withdrawal: a pending request is taken back; an answered one is not (exit 1); an
    // unknown one is a usage error (exit 2).
    let mut args = vec![
        "--kind",
        "change",
        "--login",
        &alfa,
        "--remove-systems",
        "AISOR",
    ];
    args.extend_from_slice(&person);
    let pending = add(&args)["id"].as_i64().unwrap().to_string();
    let before = env.snapshot();
    let w = env.json(
        0,
        &[
            "requests",
            "withdraw",
            &pending,
            "--note",
            "отозвана письмом",
            "--dry-run",
        ],
    );
    assert_eq!(w["dry_run"], true, "{w}");
    assert_eq!(env.snapshot(), before, "a dry run writes nothing");
    let r = env.ok(
        0,
        &[
            "--lang=ru",
            "--as-of",
            "2026-01-13T09:00",
            "requests",
            "withdraw",
            &pending,
            "--note",
            "отозвана письмом",
        ],
    );
    r.stdout_has(&format!("заявка {pending} отозвана"));
    let shown = env.json(0, &["requests", "show", &pending]);
    assert_eq!(shown["status"], "withdrawn", "{shown}");
    assert_eq!(shown["answered_at"], "2026-01-13T09:00:00+05:00", "{shown}");
    let listed = env.json(0, &["requests", "list", "--status", "withdrawn"]);
    assert_eq!(listed["requests"].as_array().unwrap().len(), 1, "{listed}");
    let again = env.ok(1, &["--lang=en", "requests", "withdraw", &pending]);
    again.stderr_has("is withdrawn already: only a pending request can be withdrawn");
    env.ok(1, &["--lang=en", "requests", "withdraw", "1"])
        .stderr_has("is done already");
    env.ok(1, &["--lang=kk", "requests", "withdraw", "1"])
        .stderr_has("«орындалды» жағдайында");
    env.ok(2, &["--lang=en", "requests", "withdraw", "999"])
        .stderr_has("no request 999");
    // Withdrawn is never answered, and no deadline runs for it.
    let s = env.json(
        0,
        &[
            "--as-of",
            "2026-02-20T10:00",
            "--lang=en",
            "jobs",
            "run",
            "deadlines",
        ],
    );
    assert_eq!(s["counts"]["requests_overdue"], 0, "{s}");
    let audit = env.json(0, &["audit", "list"]);
    assert!(audit.to_string().contains("requests.withdraw"), "{audit}");
}

/// Every `--dry-run` says so on stdout, where its report is, in the reader's language, and
/// writes nothing.
pub fn dry_runs_say_so(env: &Env) {
    let (alfa, _beta, iins) = crate::jobs::two_accounts(env);
    let said = [
        ("en", "dry run: nothing was written"),
        ("ru", "пробный запуск: ничего не записано"),
        ("kk", "сынақ іске қосу: ештеңе жазылған жоқ"),
    ];
    env.write(
        "more.csv",
        format!(
            "order_no,order_date,kind,iin,full_name,position,department,effective_date\n\
             9-к,2026-01-20,transfer,{},Петров Иван Сергеевич,ведущий специалист,ДЦ,\n",
            iins[0]
        ),
    );
    let import = env.json(
        0,
        &["--as-of", "2026-01-25", "orders", "import", "more.csv"],
    );
    let import_id = import["import_id"].to_string();
    env.write(
        "again.csv",
        format!(
            "order_no,order_date,kind,iin,full_name,position,department,effective_date
             10-к,2026-01-21,transfer,{},Петров Иван Сергеевич,главный специалист,ДЦ,
",
            iins[0]
        ),
    );
    let runs: Vec<Vec<&str>> = vec![
        vec!["orders", "import", "again.csv", "--dry-run"],
        vec!["orders", "revert", &import_id, "--dry-run"],
        vec![
            "systems",
            "add",
            "ENP",
            "--name-ru",
            "ЕНП",
            "--name-kk",
            "ЕНП",
            "--dry-run",
        ],
        vec![
            "requests",
            "add",
            "--kind",
            "block",
            "--login",
            &alfa,
            "--reply-email",
            "s@enbek.kz",
            "--dry-run",
        ],
        vec!["requests", "apply", "--all", "--dry-run"],
        vec![
            "accounts",
            "seen",
            &alfa,
            "--at",
            "2026-01-20 09:00",
            "--dry-run",
        ],
        vec![
            "accounts",
            "block",
            &alfa,
            "--reason",
            "security",
            "--note",
            "проверка",
            "--dry-run",
        ],
    ];
    let before = env.snapshot();
    for (lang, text) in said {
        for run in &runs {
            let mut args = vec!["--lang", lang, "--as-of", "2026-01-25T10:00"];
            args.extend_from_slice(run);
            let r = env.run(&args);
            assert!(
                r.stdout().contains(text),
                "{lang} {run:?}: stdout does not say it was a dry run\n{}",
                r.dump()
            );
        }
    }
    assert_eq!(env.snapshot(), before, "a dry run wrote something");
}

/// Kazakh and Russian throughout (§11): a refusal recorded by a command in one language is
/// shown in the reader's; table headers and values of tickets, jobs, config, requests and
/// accounts are in the reader's language.
pub fn in_the_readers_language(env: &Env) {
    let (alfa, _beta, iins) = crate::jobs::two_accounts(env);
    // Refused at intake, in Russian: no system SUPERSYS.
    let mut args = vec![
        "--lang",
        "ru",
        "--as-of",
        "2026-01-12T09:00",
        "requests",
        "add",
        "--kind",
        "change",
        "--login",
        &alfa,
        "--add-systems",
        "SUPERSYS",
        "--basis-order-no",
        "1-к",
        "--basis-order-date",
        "20.12.2025",
    ];
    args.extend(crate::harness::person_flags(&iins[0], ["Альфа", "Иван"]));
    let r = env.json(0, &args);
    assert_eq!(r["status"], "refused", "{r}");
    let id = r["id"].to_string();
    for (lang, want) in [
        ("kk", "каталогта SUPERSYS жүйесі жоқ"),
        ("ru", "системы SUPERSYS нет в каталоге"),
        ("en", "no system SUPERSYS in the catalogue"),
    ] {
        let shown = env.json(0, &["--lang", lang, "requests", "show", &id]);
        assert_eq!(shown["reason"], want, "{lang}: {shown}");
        assert_eq!(shown["reason_code"], "unknown_system", "codes stay codes");
    }
    let r = env.ok(0, &["--lang", "kk", "requests", "list"]);
    r.stdout_has("мұндай жүйе жоқ");
    r.stdout_has("бас тартылды");
    r.stdout_has("өзгерту");

    // Tables: headers and values in the reader's language.
    env.ok(
        0,
        &[
            "--as-of",
            "2026-01-12T10:00",
            "tickets",
            "open",
            "--full-name",
            "Альфа Иван",
            "--subject",
            "Сбой",
            "--text",
            "x",
            "--email",
            "a@enbek.kz",
        ],
    );
    env.ok(0, &["--lang", "ru", "tickets", "list"])
        .stdout_has("подано");
    env.ok(0, &["--lang", "kk", "tickets", "list"])
        .stdout_has("берілді");
    env.run(&["--as-of", "2026-01-13T08:00", "jobs", "run", "deadlines"]);
    let r = env.ok(0, &["--lang", "ru", "jobs", "list"]);
    r.stdout_has("расписание (Asia/Almaty)");
    r.stdout_has("только рабочие дни");
    r.stdout_has("итог");
    let r = env.ok(0, &["--lang", "kk", "config", "show"]);
    r.stdout_has("параметр");
    r.stdout_has("әдепкі");
    r.stdout_has("(бапталмаған)");
    let r = env.ok(0, &["--lang", "ru", "accounts", "list"]);
    r.stdout_has("ожидает входа");
    // --help and usage errors too, by --lang or SKUD_LANG.
    let r = env.ok(0, &["--lang", "ru", "requests", "withdraw", "--help"]);
    for want in [
        "Отозвать ожидающую заявку",
        "Использование:",
        "Аргументы:",
        "Параметры:",
        "Показать справку",
    ] {
        r.stdout_has(want);
    }
    let r = env.ok(0, &["--lang=kk", "status", "--help"]);
    r.stdout_has("Жағдай бір қарағанда");
    r.stdout_has("Параметрлер:");
    env.ok(0, &["--lang", "ru", "help", "requests"])
        .stdout_has("Заявки на доступ");
    env.ok(0, &["--lang", "kk", "requests", "add", "-V"])
        .stdout_has("0.1.0");
    let r = env.ok(2, &["--lang", "kk", "status", "--bogus"]);
    r.stderr_has("белгісіз параметр --bogus");
    let r = env.ok(2, &["--lang", "ru", "requests", "list", "--status", "lost"]);
    r.stderr_has("«lost» — не одно из значений pending, refused, done, withdrawn");
    env.set_var("SKUD_LANG", "kk");
    env.ok(0, &["journal", "--help"])
        .stdout_has("Пайдаланушыларды тіркеу және логиндерді беру журналы");
    env.set_var("SKUD_LANG", "ru");
    // Configuration errors too.
    env.ok(2, &["--db", "mysql://x/y", "init"])
        .stderr_has("неподдерживаемая база данных");
    env.write(
        "bad-jobs.toml",
        "[[job]]\nname = \"nightly\"\ncron = \"0 0 1 * * *\"\n",
    );
    env.write("jobs.toml", "[daemon]\njobs = \"bad-jobs.toml\"\n");
    let r = env.run(&["--lang=kk", "--config", "jobs.toml", "jobs", "list"]);
    r.expect_code(2);
    r.stderr_has("«nightly» тапсырмасы: мұндай тапсырма жоқ");
    // File errors too.
    let r = env.ok(2, &["--lang", "kk", "orders", "import", "no-such.csv"]);
    r.stderr_has("no-such.csv: файл табылмады");
    r.stderr_has("Толығырақ: skud --help");
    env.write("binary.csv", [0u8, 1, 2, 3, 0, 0, 7]);
    let r = env.ok(1, &["--lang", "ru", "orders", "import", "binary.csv"]);
    r.stderr_has("двоичные данные, а не CSV или электронная таблица");
    for english in ["pending", "blocked", "grant", "refused", "default", "never"] {
        for out in [
            env.ok(0, &["--lang", "ru", "accounts", "list"]).stdout(),
            env.ok(0, &["--lang", "kk", "requests", "list"]).stdout(),
            env.ok(0, &["--lang", "kk", "config", "show"]).stdout(),
        ] {
            assert!(
                !out.contains(english),
                "{english:?} left in English:\n{out}"
            );
        }
    }
}
