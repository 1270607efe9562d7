//! Delivery of answers (§22) against a real mail server: the throwaway Postfix of
//! `scripts/smtpd` (STARTTLS with its own CA, AUTH), whose folder `SKUD_TEST_SMTP_DIR` names.
//! Letters to @mail.test land in its Maildir; @bad.test is refused with a 5xx.

use crate::harness::{Env, HEADER, iin, sql_value};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

static TAG: AtomicU32 = AtomicU32::new(0);

/// The throwaway mail server.
pub struct Smtp {
    dir: PathBuf,
    url: String,
}

impl Smtp {
    pub fn from_env() -> Option<Smtp> {
        let dir = PathBuf::from(std::env::var_os("SKUD_TEST_SMTP_DIR")?);
        let url = std::fs::read_to_string(dir.join("url"))
            .ok()?
            .trim()
            .to_owned();
        Some(Smtp { dir, url })
    }

    /// The `[mail]` section for this server (STARTTLS, AUTH), or for `relay` instead.
    fn config(&self, env: &Env, relay: Option<&str>, secret: Option<&str>) {
        let secret_file = match secret {
            Some(s) => {
                let p = env.write("smtp.secret", s);
                chmod600(&p);
                p
            }
            None => self.dir.join("auth.secret"),
        };
        let text = format!(
            "[mail]\nfrom = \"ИБ <skud@enbek.kz>\"\nrelay = \"{}\"\ntls = \"starttls\"\nuser = \"skud\"\n\
             password_file = \"{}\"\nca_file = \"{}\"\ntimeout_s = 5\n",
            relay.unwrap_or(&self.url),
            secret_file.display(),
            self.dir.join("tls/ca.pem").display()
        );
        let p = env.write("skud.toml", text);
        env.set_var("SKUD_CONFIG", p.to_str().unwrap());
    }

    /// The letters delivered to addresses containing `tag`: Message-ID → how many copies.
    /// The letters once `n` distinct ones are in the Maildir, or what is there after 20 s:
    /// Postfix answers 250 when it has queued a letter and writes it to the Maildir a moment
    /// later, so a count read at once can be short (seen in CI).
    pub fn letters_when(&self, tag: &str, n: usize) -> HashMap<String, usize> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let got = self.letters(tag);
            if got.len() >= n || std::time::Instant::now() > deadline {
                return got;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    pub fn letters(&self, tag: &str) -> HashMap<String, usize> {
        let mut out = HashMap::new();
        for sub in ["new", "cur"] {
            let Ok(rd) = std::fs::read_dir(self.dir.join("maildir/inbox").join(sub)) else {
                continue;
            };
            for e in rd.flatten() {
                let Ok(text) = std::fs::read_to_string(e.path()) else {
                    continue;
                };
                let head = text.split("\r\n\r\n").next().unwrap_or("");
                let head = head.split("\n\n").next().unwrap_or("");
                if !head.contains(tag) {
                    continue;
                }
                let id = head
                    .lines()
                    .find_map(|l| {
                        l.strip_prefix("Message-ID: ")
                            .or(l.strip_prefix("Message-Id: "))
                    })
                    .unwrap_or("none")
                    .trim()
                    .to_owned();
                *out.entry(id).or_insert(0) += 1;
            }
        }
        out
    }
}

fn chmod600(p: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600)).unwrap();
}

fn tag() -> String {
    format!(
        "t{}x{}",
        std::process::id(),
        TAG.fetch_add(1, Ordering::SeqCst)
    )
}

/// `n` people hired by order `1-к` of 2026-10-01, with distinct IINs and names.
fn hire(env: &Env, n: usize) -> Vec<(String, String)> {
    env.set_var("SKUD_ADMIN", "Админов Админ Админович");
    env.set_var("SKUD_LANG", "en");
    crate::harness::add_system(env, "ESOBES");
    let mut seen = HashSet::new();
    let mut people = Vec::new();
    let mut serial = 0;
    while people.len() < n {
        let i = iin("900101", 3, serial);
        serial += 1;
        if !seen.insert(i.clone()) {
            continue;
        }
        let letters = ['а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'к'];
        let suffix: String = format!("{:04}", people.len())
            .bytes()
            .map(|b| letters[usize::from(b - b'0')])
            .collect();
        people.push((i, format!("Ким{suffix}")));
    }
    let mut csv = vec![HEADER.to_owned()];
    for (i, surname) in &people {
        csv.push(format!(
            "1-к,2026-10-01,hire,{i},{surname},Иван,Сергеевич,специалист,ДЦ,,p@enbek.kz"
        ));
    }
    env.write("orders.csv", csv.join("\n"));
    env.ok(
        0,
        &["--as-of", "2026-11-20", "orders", "import", "orders.csv"],
    );
    people
}

/// Grant requests of these people, replies to `email(i)`, by one `requests import`.
fn grants(env: &Env, people: &[(String, String)], email: impl Fn(usize) -> String) {
    let mut csv = vec![
        "Вид заявки;ИИН;ФИО;Логин;IP-адрес;Должность;Подразделение;Информационные системы;\
         Номер приказа;Дата приказа;Электронная почта;Дата получения"
            .to_owned(),
    ];
    for (n, (i, surname)) in people.iter().enumerate() {
        csv.push(format!(
            "предоставить;{i};{surname} Иван Сергеевич;;10.1.1.1;специалист;ДЦ;ESOBES;1-к;01.10.2026;{};18.11.2026 10:15",
            email(n)
        ));
    }
    env.write("requests.csv", csv.join("\n"));
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-20",
            "requests",
            "import",
            "requests.csv",
        ],
    );
}

/// Relay down, then up; a 5xx for one address; a second send that sends nothing; STARTTLS
/// with AUTH; AUTH refused.
pub fn smtp(env: &Env, s: &Smtp) {
    let t = tag();
    let people = hire(env, 4);
    grants(env, &people, |n| {
        if n == 3 {
            format!("{t}-x@bad.test")
        } else {
            format!("{t}-{n}@mail.test")
        }
    });
    // The relay is down: the answers are committed, the letters wait (exit 0: the answers were
    // given; the mail job and `status` report what waits).
    s.config(env, Some("smtp://127.0.0.1:1"), None);
    let issued = env.ok(
        0,
        &[
            "--as-of",
            "2026-11-20T11:00",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "c.csv",
        ],
    );
    issued.stderr_has("wait for the relay");
    assert!(env.path("c.csv").exists());
    let creds = std::fs::read_to_string(env.path("c.csv")).unwrap();
    assert_eq!(creds.lines().count(), 5, "{creds}");
    let down = env.ok(4, &["mail", "send"]);
    down.stderr_has("127.0.0.1:1");
    env.ok(3, &["--as-of", "2026-11-20T11:00", "status"]);
    assert!(s.letters(&t).is_empty());

    // Up: three delivered, the bad address refused for good (exit 3).
    s.config(env, None, None);
    env.ok(3, &["mail", "send"]).stderr_has("bad.test");
    let got = s.letters_when(&t, 3);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.values().all(|n| *n == 1), "{got:?}");
    let failed = env.ok(3, &["--json", "mail", "list", "--failed"]).json()["letters"].clone();
    assert_eq!(failed.as_array().unwrap().len(), 1, "{failed}");
    assert!(
        failed[0]["reply"].as_str().unwrap().contains("554"),
        "{failed}"
    );
    let all = env.ok(0, &["--json", "mail", "list"]).json()["letters"].clone();
    let sent: Vec<_> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["state"] == "sent")
        .collect();
    assert_eq!(sent.len(), 3);
    assert!(
        sent.iter()
            .all(|l| l["reply"].as_str().unwrap().starts_with("250"))
    );
    // The sealed copies are gone once delivered or failed.
    assert_eq!(
        sql_value(
            &env.db,
            "SELECT COUNT(*) FROM deliveries WHERE sealed IS NOT NULL"
        ),
        "0"
    );
    // Sent once: a second run sends nothing.
    env.ok(0, &["mail", "send"]).stderr_has("no letters");
    assert_eq!(s.letters(&t).len(), 3);
    assert!(s.letters(&t).values().all(|n| *n == 1));
    // The password is in the letter and in no log line.
    let pw = crate::harness::temporary_password(env, "c.csv", "kimaaaa.is");
    let letters_dir = s.dir.join("maildir/inbox/new");
    let found = std::fs::read_dir(letters_dir).unwrap().flatten().any(|e| {
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        text.contains(&t) && text.contains(&pw)
            || text.contains(&t) && {
                use base64::Engine;
                let body = text
                    .split("\n\n")
                    .nth(1)
                    .unwrap_or("")
                    .replace(['\r', '\n'], "");
                base64::engine::general_purpose::STANDARD
                    .decode(body.trim())
                    .is_ok_and(|b| String::from_utf8_lossy(&b).contains(&pw))
            }
    });
    assert!(found, "the password {pw} is not in a delivered letter");
    assert!(!issued.stderr().contains(&pw) && !issued.stdout().contains(&pw));

    // AUTH refused: a setting to fix, exit 2.
    s.config(env, None, Some("wrong-password"));
    // A request of someone not on record: refused at intake, its letter queued.
    let stranger = iin("800101", 3, 77);
    env.write(
        "stranger.csv",
        format!(
            "Вид заявки;ИИН;ФИО;IP-адрес;Должность;Подразделение;Информационные системы;\
             Номер приказа;Дата приказа;Электронная почта;Дата получения\n\
             предоставить;{stranger};Ли Иван Сергеевич;10.1.1.1;специалист;ДЦ;ESOBES;1-к;01.10.2026;{t}-s@mail.test;18.11.2026 10:15"
        ),
    );
    let intake = env.run(&[
        "--as-of",
        "2026-11-20",
        "requests",
        "import",
        "stranger.csv",
    ]);
    assert!(
        intake.code() == 0 || intake.code() == 3,
        "{}",
        intake.dump()
    );
    env.ok(2, &["--lang=en", "mail", "send"])
        .stderr_has("[mail] user");
    // A relay without TLS away from this machine is refused before anything is answered.
    let p = env.write(
        "plain.toml",
        "[mail]\nfrom = \"skud@enbek.kz\"\nrelay = \"smtp://mail.enbek.kz:25\"\ntls = \"none\"\n",
    );
    env.set_var("SKUD_CONFIG", p.to_str().unwrap());
    env.ok(2, &["mail", "send"]).stderr_has("on this machine");
    env.ok(3, &["--as-of", "2026-11-20T11:00", "status"]);
}

/// Kills `logins issue` and `requests apply` at random instants; after each kill, a rerun
/// delivers every committed answer exactly once (credentials row, letter), leaves no hidden
/// file, and the audit chain is intact.
pub fn kills(env: &Env, s: &Smtp) {
    const PEOPLE: usize = 2000;
    const KILLS: usize = 100;
    let t = tag();
    let people = hire(env, PEOPLE);
    grants(env, &people, |n| format!("{t}-{n}@mail.test"));
    s.config(env, None, None);
    let mut rng = Lcg(0x5eed ^ u64::from(std::process::id()));
    let mut kills = 0;
    let mut committed_killed = 0;
    let mut run = 0;
    let mut in_apply = false;
    while kills < KILLS {
        run += 1;
        let pending: Vec<String> = if in_apply {
            pending_ids(env, "block")
        } else {
            pending_ids(env, "grant")
        };
        if pending.is_empty() {
            if in_apply {
                break;
            }
            // Every grant answered: block requests for the logins issued, answered by
            // `requests apply` under the same kills.
            block_requests(env, &t, PEOPLE);
            in_apply = true;
            continue;
        }
        let batch: Vec<&str> = pending.iter().take(30).map(String::as_str).collect();
        let creds = format!("c{run}.csv");
        let mut args: Vec<&str> = vec!["--as-of", "2026-11-20T12:00"];
        if in_apply {
            args.extend(["requests", "apply"]);
        } else {
            args.extend(["logins", "issue", "--credentials", &creds]);
        }
        args.extend(&batch);
        let before = done_count(env);
        let mut child = env
            .cmd(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(rng.next() % 700));
        let killed = child.try_wait().unwrap().is_none();
        if killed {
            unsafe_kill(child.id());
            kills += 1;
        }
        let _ = child.wait();
        if killed && done_count(env) > before {
            committed_killed += 1;
        }
        // The rerun: any delivering command; here the mail job's command.
        env.ok(0, &["mail", "send"]);
        check_delivered(env, s, &t);
    }
    assert!(kills >= KILLS, "only {kills} kills");
    let answers = done_count(env);
    assert!(answers >= 2000, "only {answers} answers");
    let doubts: i64 = sql_value(
        &env.db,
        "SELECT COUNT(*) FROM deliveries WHERE channel = 'smtp' AND attempts > 1",
    )
    .parse()
    .unwrap();
    let twice = s.letters(&t).values().filter(|n| **n > 1).count();
    println!(
        "kills: {kills}, of which {committed_killed} after the commit; answers: {answers}; \
         letters whose sending a kill interrupted: {doubts}; delivered twice (same Message-ID): {twice}"
    );
}

/// After a rerun: every done request has exactly one credentials row (grants) and one letter
/// per delivery; no sealed copy or hidden file is left; the audit chain is intact.
fn check_delivered(env: &Env, s: &Smtp, t: &str) {
    assert_eq!(
        sql_value(
            &env.db,
            "SELECT COUNT(*) FROM deliveries WHERE state = 'queued'"
        ),
        "0"
    );
    let hidden: Vec<_> = std::fs::read_dir(env.path("."))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".skud-"))
        .map(|e| e.path())
        .collect();
    assert!(hidden.is_empty(), "hidden files left: {hidden:?}");
    // Credentials rows: each issued request once across all files.
    let mut rows: HashMap<String, usize> = HashMap::new();
    for e in std::fs::read_dir(env.path(".")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('c') && name.ends_with(".csv") {
            let mut r = csv::Reader::from_path(e.path()).unwrap();
            for rec in r.records() {
                *rows.entry(rec.unwrap()[0].to_owned()).or_insert(0) += 1;
            }
        }
    }
    let issued: usize = sql_value(
        &env.db,
        "SELECT COUNT(*) FROM requests WHERE kind = 'grant' AND status = 'done'",
    )
    .parse()
    .unwrap();
    assert_eq!(
        rows.len(),
        issued,
        "credentials rows for every issued login"
    );
    assert!(rows.values().all(|n| *n == 1), "a credentials row twice");
    // Letters: one Message-ID per letter sent; a second copy only of a letter handed over twice.
    let letters = s.letters(t);
    let sent: usize = sql_value(
        &env.db,
        "SELECT COUNT(*) FROM deliveries WHERE channel = 'smtp' AND state = 'sent'",
    )
    .parse()
    .unwrap();
    // Postfix delivers asynchronously: wait until the Maildir has them all.
    let mut letters = letters;
    for _ in 0..100 {
        if letters.len() >= sent {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        letters = s.letters(t);
    }
    assert_eq!(letters.len(), sent, "every letter sent is in the Maildir");
    let twice: usize = letters.values().filter(|n| **n > 1).count();
    let doubts: usize = sql_value(
        &env.db,
        "SELECT COUNT(*) FROM deliveries WHERE channel = 'smtp' AND attempts > 1",
    )
    .parse()
    .unwrap();
    assert!(
        twice <= doubts,
        "{twice} letters twice, {doubts} handed over twice"
    );
    env.ok(0, &["audit", "verify"]);
}

fn pending_ids(env: &Env, kind: &str) -> Vec<String> {
    let out = env
        .ok(0, &["--json", "requests", "list", "--status", "pending"])
        .json();
    out["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == kind)
        .map(|r| r["id"].to_string())
        .collect()
}

fn done_count(env: &Env) -> usize {
    sql_value(
        &env.db,
        "SELECT COUNT(*) FROM requests WHERE status <> 'pending'",
    )
    .parse()
    .unwrap()
}

/// Block requests for the first `n` logins issued.
fn block_requests(env: &Env, t: &str, n: usize) {
    let logins = sql_value(
        &env.db,
        &format!(
            "SELECT group_concat(a.login || '|' || a.iin || '|' || a.surname, ',') FROM \
             (SELECT login, iin, surname FROM accounts ORDER BY login LIMIT {n}) a"
        ),
    );
    let mut csv = vec![
        "Вид заявки;ИИН;ФИО;Логин;IP-адрес;Должность;Подразделение;Информационные системы;\
         Электронная почта;Дата получения"
            .to_owned(),
    ];
    for (k, item) in logins.split(',').enumerate() {
        let mut f = item.split('|');
        let (login, iin, surname) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        csv.push(format!(
            "заблокировать;{iin};{surname} Иван Сергеевич;{login};10.1.1.1;специалист;ДЦ;ESOBES;{t}-b{k}@mail.test;19.11.2026 10:15"
        ));
    }
    env.write("blocks.csv", csv.join("\n"));
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-20T12:00",
            "requests",
            "import",
            "blocks.csv",
        ],
    );
}

fn unsafe_kill(pid: u32) {
    let _ = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status();
}

/// A small deterministic generator (the kill instants; reproducible from the seed printed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}
