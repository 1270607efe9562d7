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

    // A flag of `requests add` that is not a day: usage error naming the flag, not "column".
    let r = env.ok(
        2,
        &[
            "--lang=en",
            "--as-of",
            "2026-11-20T10:00",
            "requests",
            "add",
            "--kind",
            "grant",
            "--iin",
            &crate::harness::iin("750101", 3, 2),
            "--surname",
            "Серіков",
            "--name",
            "Ерлан",
            "--ip",
            "10.0.0.1",
            "--position",
            "маман",
            "--department",
            "Бөлім",
            "--systems",
            "ESOBES",
            "--basis-order-no",
            "1",
            "--basis-order-date",
            "31.11.2026",
            "--reply-email",
            "hr@enbek.kz",
        ],
    );
    r.stderr_has("--basis-order-date: «31.11.2026» is no day: November has 30 days");
}
