//! The directory, against the throwaway slapd of scripts/slapd (`SKUD_TEST_LDAP_URL`, root DN
//! password file `SKUD_TEST_LDAP_SECRET`; scripts/test starts one).

use crate::harness::Env;
use std::os::unix::fs::PermissionsExt;

pub fn ldap_url() -> Option<String> {
    std::env::var("SKUD_TEST_LDAP_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

fn config(env: &Env, url: &str, password: &str, groups: &str) -> String {
    let p = env.write("ldap.secret", format!("{password}\n"));
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    let cfg = format!(
        "[ldap]\nurl = \"{url}\"\nallow_plaintext = true\nbind_dn = \"cn=admin,dc=enbek,dc=kz\"\nbind_password_file = \"{}\"\n\
         users_base = \"ou=people,dc=enbek,dc=kz\"\ngroups_base = \"{groups}\"\ntimeout_s = 3\n",
        p.display()
    );
    env.write("skud.toml", cfg).display().to_string()
}

/// `ldap check`: every exit status it can give.
pub fn check(env: &Env) {
    let url = ldap_url().expect("SKUD_TEST_LDAP_URL");
    let secret_file = std::env::var("SKUD_TEST_LDAP_SECRET").expect("SKUD_TEST_LDAP_SECRET");
    let secret = std::fs::read_to_string(secret_file)
        .unwrap()
        .trim()
        .to_owned();
    let groups = "ou=systems,dc=enbek,dc=kz";
    let cfg = config(env, &url, &secret, groups);
    let ok = env.json(0, &["--config", &cfg, "ldap", "check"]);
    assert_eq!(ok["users_base"], true, "{ok}");
    assert!(ok["bound_as"].as_str().unwrap().contains("cn=admin"));
    // The password never shows.
    let shown = env.ok(0, &["--config", &cfg, "config", "show"]);
    assert!(!shown.stdout().contains(&secret), "{}", shown.dump());
    let cfg = config(env, &url, &secret, "ou=nowhere,dc=enbek,dc=kz");
    env.ok(3, &["--config", &cfg, "ldap", "check"])
        .stdout_has("ou=nowhere");
    let cfg = config(env, &url, "wrong-password", groups);
    env.ok(1, &["--lang=en", "--config", &cfg, "ldap", "check"])
        .stderr_has("bind");
    // Nobody listens on port 1: try later.
    let cfg = config(env, "ldap://127.0.0.1:1", &secret, groups);
    env.ok(4, &["--lang=en", "--config", &cfg, "ldap", "check"])
        .stderr_has("cannot be reached");
    // A password file others can read is refused.
    let cfg = config(env, &url, &secret, groups);
    std::fs::set_permissions(
        env.path("ldap.secret"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    env.ok(2, &["--config", &cfg, "ldap", "check"])
        .stderr_has("chmod 600");
    env.write(
        "env.toml",
        "[ldap]\nurl = \"ldap://127.0.0.1:1\"\nallow_plaintext = true\nbind_dn = \"cn=x\"\nbind_password_env = \"SKUD_NO_SUCH_VAR\"\n\
         users_base = \"ou=p\"\ngroups_base = \"ou=g\"\n",
    );
    env.ok(2, &["--config", "env.toml", "ldap", "check"])
        .stderr_has("SKUD_NO_SUCH_VAR");
    // No password goes over ldap:// without TLS unless the configuration allows it.
    let plain = std::fs::read_to_string(config(env, &url, &secret, groups))
        .unwrap()
        .replace("allow_plaintext = true\n", "");
    std::fs::write(env.path("plain.toml"), plain).unwrap();
    env.ok(2, &["--config", "plain.toml", "ldap", "check"])
        .stderr_has("without TLS");
    env.ok(2, &["ldap", "check"]).stderr_has("[ldap]");
}

/// Runs an ldap-utils command as the root DN (password from the secret file, never on the
/// command line) with LDIF on stdin; returns its exit status.
fn ldap_tool(tool: &str, args: &[&str], ldif: &str) -> i32 {
    slapd().tool(tool, args, ldif)
}

/// The throwaway slapd, as the directory suite knows it.
fn slapd() -> crate::directory::Dir {
    crate::directory::Dir::of(crate::directory::Flavour::OpenLdap).expect("SKUD_TEST_LDAP_URL")
}

/// As the user: bind with a password (a real login: lastbind records authTimestamp).
fn user_tool(tool: &str, dn: &str, password: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(tool)
        .args(["-x", "-H", &ldap_url().unwrap(), "-D", dn, "-w", password])
        .args(args)
        .output()
        .unwrap()
}

/// `ldap sync --pull`: a real bind records the last login; the temporary password must be
/// changed before anything else (ppolicy), and once it is, the pull completes registration
/// (§24); an entry skud does not manage is read and left alone; a second pull changes nothing.
pub fn pull(env: &Env) {
    let url = ldap_url().expect("SKUD_TEST_LDAP_URL");
    let secret_file = std::env::var("SKUD_TEST_LDAP_SECRET").unwrap();
    let secret = std::fs::read_to_string(secret_file)
        .unwrap()
        .trim()
        .to_owned();
    let cfg = config(env, &url, &secret, "ou=systems,dc=enbek,dc=kz");
    env.set_var("SKUD_ADMIN", "Админов Админ");
    crate::harness::add_system(env, "ESOBES");
    let iin = crate::harness::iin("880808", 3, 8);
    env.write(
        "o.csv",
        [
            crate::harness::HEADER.to_owned(),
            crate::harness::order_row("5-к", "2026-11-02", "hire", &iin, ""),
        ]
        .join("\n"),
    );
    env.ok(0, &["--as-of", "2026-11-20", "orders", "import", "o.csv"]);
    crate::harness::request(
        env,
        "2026-11-20T09:00",
        "grant",
        &iin,
        ["Лдапов", "Павел"],
        &[
            "--patronymic",
            "Игоревич",
            "--systems",
            "ESOBES",
            "--basis-order-no",
            "5-к",
            "--basis-order-date",
            "2026-11-02",
        ],
    );
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-20T10:00",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "c.csv",
        ],
    );
    let login = "ldapov.pi";
    assert_eq!(
        env.json(0, &["accounts", "show", login])["status"],
        "pending"
    );
    // Until `ldap sync --push` exists, the entries are made with ldapadd.
    let dn = format!("uid={login},ou=people,dc=enbek,dc=kz");
    let other = "uid=not.managed,ou=people,dc=enbek,dc=kz";
    ldap_tool("ldapdelete", &["-c"], &format!("{dn}\n{other}\n"));
    let temp = "Temp23456789abcd";
    let ldif = format!(
        "dn: {dn}\nobjectClass: inetOrgPerson\nuid: {login}\ncn: Лдапов Павел Игоревич\nsn: Лдапов\n\
         userPassword: {temp}\npwdReset: TRUE\n\n\
         dn: {other}\nobjectClass: inetOrgPerson\nuid: not.managed\ncn: Not Managed\nsn: Managed\n\
         userPassword: x-{temp}\n"
    );
    assert_eq!(ldap_tool("ldapadd", &[], &ldif), 0, "ldapadd failed");
    // A real login with the temporary password: bound, but nothing else is allowed (ppolicy).
    let search = user_tool("ldapsearch", &dn, temp, &["-b", &dn, "-s", "base", "dn"]);
    assert!(
        !search.status.success(),
        "a must-change account could search"
    );
    let first = env.json(0, &["--config", &cfg, "ldap", "sync", "--pull"]);
    assert_eq!(first["last_login_updated"], 1, "{first}");
    assert_eq!(first["registered"], serde_json::json!([]), "{first}");
    assert!(first["unmanaged"].as_u64().unwrap() >= 1);
    let shown = env.json(0, &["accounts", "show", login]);
    assert_eq!(shown["status"], "pending");
    assert!(shown["last_login_at"].is_string(), "{shown}");
    // The user replaces the temporary password: the next pull completes registration (§24).
    let changed = user_tool(
        "ldappasswd",
        &dn,
        temp,
        &["-a", temp, "-s", "Own-Password-2026"],
    );
    assert!(
        changed.status.success(),
        "{}",
        String::from_utf8_lossy(&changed.stderr)
    );
    let second = env.json(0, &["--config", &cfg, "ldap", "sync", "--pull"]);
    assert_eq!(second["registered"], serde_json::json!([login]), "{second}");
    assert_eq!(
        env.json(0, &["accounts", "show", login])["status"],
        "active"
    );
    // Nothing new: nothing changes, and no audit record is added.
    let audit = env.audit_count();
    let third = env.json(0, &["--config", &cfg, "ldap", "sync", "--pull"]);
    assert_eq!(third["last_login_updated"], 0, "{third}");
    assert_eq!(third["registered"], serde_json::json!([]));
    assert_eq!(env.audit_count(), audit);
    // Unreachable: try later, nothing recorded.
    let down = config(
        env,
        "ldap://127.0.0.1:1",
        &secret,
        "ou=systems,dc=enbek,dc=kz",
    );
    env.ok(4, &["--config", &down, "ldap", "sync", "--pull"]);
}

/// Runs ldapsearch as the root DN; returns the LDIF (unwrapped, no comments).
fn admin_search(base: &str, scope: &str, filter: &str, attrs: &[&str]) -> String {
    slapd().search(base, scope, filter, attrs)
}

/// `ldap sync --push` against the real slapd: entries created with a temporary password that
/// must be changed (a real bind proves it), groups made and filled, rights moved, lock and
/// unlock, names that need escaping, an unmanaged entry in the way left alone, a run cut short
/// resumed without duplicates, and a second sync that sends nothing.
pub fn push(env: &Env) {
    let url = ldap_url().expect("SKUD_TEST_LDAP_URL");
    // Each run gets its own branch of the tree: tests run at once against one server.
    let dir = slapd();
    let (people, groups) = dir.branch(env);
    let unmanaged = format!("uid=not.managed,{people}");
    let esobes = format!("cn=ESOBES,{groups}");
    let ldif = format!(
        "dn: {unmanaged}\nobjectClass: inetOrgPerson\nuid: not.managed\ncn: Not Managed\nsn: Managed\n\n\
         dn: {esobes}\nobjectClass: groupOfNames\ncn: ESOBES\nmember: {unmanaged}\n"
    );
    assert_eq!(ldap_tool("ldapadd", &[], &ldif), 0, "ldapadd of the branch");
    let cfg = dir.config(env, &people, &groups, "");
    env.set_var("SKUD_CONFIG", &cfg);
    env.set_var("SKUD_ADMIN", "Админов Админ");
    for code in ["ESOBES", "ASP"] {
        crate::harness::add_system(env, code);
    }
    let iins: Vec<String> = (0..3)
        .map(|i| crate::harness::iin("870707", 3, 100 + i * 100))
        .collect();
    let rows: Vec<String> = std::iter::once(crate::harness::HEADER.to_owned())
        .chain(
            iins.iter()
                .map(|iin| crate::harness::order_row("9-к", "2026-11-02", "hire", iin, "")),
        )
        .collect();
    env.write("o.csv", rows.join("\n"));
    env.ok(0, &["--as-of", "2026-11-20", "orders", "import", "o.csv"]);
    let basis = [
        "--basis-order-no",
        "9-к",
        "--basis-order-date",
        "2026-11-02",
    ];
    let grant = |iin: &str, names: [&str; 2], systems: &str| {
        let mut rest = vec!["--systems", systems];
        rest.extend_from_slice(&basis);
        crate::harness::request(env, "2026-11-20T09:00", "grant", iin, names, &rest);
    };
    grant(&iins[0], ["Пушкарев", "Олег"], "ESOBES,ASP");
    grant(&iins[1], ["O'Brien, Jr. (HR)*", "John\\"], "ESOBES");
    let issued = env.run(&[
        "--as-of",
        "2026-11-20T10:00",
        "logins",
        "issue",
        "--all",
        "--credentials",
        "c1.csv",
    ]);
    issued.expect_code(0);
    issued.stderr_has("transit.key");
    let key = env.path("transit.key");
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let logins: Vec<String> = env.json(0, &["accounts", "list"])["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["login"].as_str().unwrap().to_owned())
        .collect();
    let pushkarev = logins
        .iter()
        .find(|l| l.starts_with("pushkarev"))
        .unwrap()
        .clone();
    let obrien = logins
        .iter()
        .find(|l| l.starts_with("obrien"))
        .unwrap()
        .clone();
    let temp = crate::harness::temporary_password(env, "c1.csv", &pushkarev);
    // Sealed in the database, never in clear.
    let sealed = crate::harness::sql_value(
        &env.db,
        &format!("SELECT password_sealed FROM accounts WHERE login = '{pushkarev}'"),
    );
    assert!(sealed.len() > 64 && !sealed.contains(&temp), "{sealed}");

    // A dry run lists the operations and sends nothing.
    let dry = env.ok(0, &["ldap", "sync", "--push", "--dry-run"]);
    dry.stdout_has(&format!("create uid={pushkarev},{people}"));
    dry.stdout_has(&format!("group {esobes}: +2 -0"));
    assert!(!dry.stdout().contains(&temp));
    let dn = format!("uid={pushkarev},{people}");
    assert_eq!(admin_search(&dn, "base", "(objectClass=*)", &["dn"]), "");

    let sealed_of = |login: &str| {
        crate::harness::sql_value(
            &env.db,
            &format!("SELECT password_sealed FROM accounts WHERE login = '{login}'"),
        )
    };
    let before = [
        (&pushkarev, sealed_of(&pushkarev)),
        (&obrien, sealed_of(&obrien)),
    ];
    let first = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(first["created"].as_array().unwrap().len(), 2, "{first}");
    assert_eq!(first["passwords_set"], 2, "{first}");
    assert_eq!(first["members_added"], 3, "{first}");
    assert_eq!(
        first["groups_created"],
        serde_json::json!(["ASP"]),
        "{first}"
    );
    let entry = admin_search(&dn, "base", "(objectClass=*)", &["*", "+"]);
    assert!(entry.contains("pwdReset: TRUE"), "{entry}");
    assert!(
        entry.contains(&format!("employeeNumber: {}", iins[0])),
        "{entry}"
    );
    assert!(entry.contains("mail: p@enbek.kz"), "{entry}");
    assert!(
        entry.contains("userPassword:: e1NTSEF9"),
        "hashed by the server: {entry}"
    );
    // The first new entry (O'Brien's) gets its password by the Password Modify operation; the
    // others carry it in their Add, stored as the server stored the first: both alike.
    let ob_entry = admin_search(
        &format!("uid={obrien},{people}"),
        "base",
        "(objectClass=*)",
        &["*", "+"],
    );
    for e in [&entry, &ob_entry] {
        assert!(e.contains("pwdReset: TRUE"), "{e}");
        assert!(e.contains("pwdChangedTime: "), "{e}");
        assert!(e.contains("userPassword:: e1NTSEF9"), "{e}");
    }
    let ob_temp = crate::harness::temporary_password(env, "c1.csv", &obrien);
    let ob_dn = format!("uid={obrien},{people}");
    assert!(
        dir.must_change(&ob_dn, &ob_temp),
        "the probe's password binds"
    );
    assert!(
        dir.must_change(&dn, &temp),
        "the password sent in the Add binds"
    );
    let wrong = user_tool("ldapwhoami", &dn, &format!("x{temp}"), &[]);
    assert!(!wrong.status.success(), "a wrong password binds");
    // The names that need escaping arrive exactly as given.
    let ob = admin_search(
        &format!("uid={obrien},{people}"),
        "base",
        "(objectClass=*)",
        &["sn", "givenName"],
    );
    assert!(ob.contains("sn: O'Brien, Jr. (HR)*"), "{ob}");
    assert!(ob.contains("givenName: John\\"), "{ob}");
    let members = admin_search(&esobes, "base", "(objectClass=*)", &["member"]);
    for m in [&unmanaged, &dn, &format!("uid={obrien},{people}")] {
        assert!(
            members.contains(&format!("member: {m}")),
            "{m} in {members}"
        );
    }
    let asp = admin_search(
        &format!("cn=ASP,{groups}"),
        "base",
        "(objectClass=*)",
        &["member"],
    );
    assert!(asp.contains(&format!("member: {dn}")), "{asp}");
    // The sealed copies are gone once the directory has the passwords.
    assert_eq!(
        crate::harness::sql_value(
            &env.db,
            "SELECT count(*) FROM accounts WHERE password_sealed IS NOT NULL"
        ),
        "0"
    );
    // A run cut short after the directory confirmed its Adds and before skud recorded them:
    // the next run takes over its own entries (its record of the Add, employeeNumber is the
    // IIN) and adds nobody twice.
    crate::harness::sql(
        &env.db,
        "UPDATE directory_entries SET created = false, password_issue = NULL, groups = ''",
    );
    for (login, sealed) in &before {
        crate::harness::sql(
            &env.db,
            &format!("UPDATE accounts SET password_sealed = '{sealed}' WHERE login = '{login}'"),
        );
    }
    let resumed = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(resumed["taken"], serde_json::json!([]), "{resumed}");
    assert_eq!(resumed["failed"], serde_json::json!([]), "{resumed}");
    let members = admin_search(&esobes, "base", "(objectClass=*)", &["member"]);
    assert_eq!(
        members.matches(&format!("member: {dn}")).count(),
        1,
        "{members}"
    );
    assert_eq!(members.matches("member: ").count(), 3, "{members}");
    // A real login with the temporary password: nothing but the change is allowed (ppolicy).
    let search = user_tool("ldapsearch", &dn, &temp, &["-b", &dn, "-s", "base", "dn"]);
    assert!(
        !search.status.success(),
        "a must-change account could search"
    );
    let changed = user_tool(
        "ldappasswd",
        &dn,
        &temp,
        &["-a", &temp, "-s", "Own-Password-2026"],
    );
    assert!(
        changed.status.success(),
        "{}",
        String::from_utf8_lossy(&changed.stderr)
    );
    let pulled = env.json(0, &["ldap", "sync", "--pull"]);
    assert_eq!(
        pulled["registered"],
        serde_json::json!([pushkarev]),
        "{pulled}"
    );
    // Cut short once more, after the user replaced the password: the entry is taken over
    // without resetting it.
    crate::harness::sql(
        &env.db,
        &format!(
            "UPDATE directory_entries SET created = false WHERE login = '{pushkarev}'; \
             UPDATE accounts SET password_sealed = '{}' WHERE login = '{pushkarev}'",
            before[0].1
        ),
    );
    let taken_over = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(taken_over["passwords_set"], 0, "{taken_over}");
    let own = user_tool("ldapwhoami", &dn, "Own-Password-2026", &[]);
    assert!(own.status.success(), "the user's own password was reset");

    // Nothing changed: nothing is sent, nothing is audited.
    let audit = env.audit_count();
    let again = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(again["operations_sent"], 0, "{again}");
    assert_eq!(again["planned"], 0, "{again}");
    assert_eq!(env.audit_count(), audit);

    // Rights changed (§27): out of ASP, which keeps the empty placeholder member.
    let mut rest = vec!["--login", pushkarev.as_str(), "--systems", "ESOBES"];
    rest.extend_from_slice(&basis);
    crate::harness::request(
        env,
        "2026-11-21T09:00",
        "change",
        &iins[0],
        ["Пушкарев", "Олег"],
        &rest,
    );
    env.ok(
        0,
        &["--as-of", "2026-11-21T10:00", "requests", "apply", "--all"],
    );
    let moved = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(moved["members_removed"], 1, "{moved}");
    let asp = admin_search(
        &format!("cn=ASP,{groups}"),
        "base",
        "(objectClass=*)",
        &["member"],
    );
    assert!(!asp.contains(&dn), "{asp}");

    // Blocked: locked; the user's own password no longer opens it.
    env.ok(
        0,
        &[
            "accounts", "block", &pushkarev, "--reason", "security", "--note", "test",
        ],
    );
    let locked = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(locked["locked"], serde_json::json!([pushkarev]), "{locked}");
    let entry = admin_search(&dn, "base", "(objectClass=*)", &["pwdAccountLockedTime"]);
    assert!(
        entry.contains("pwdAccountLockedTime: 000001010000Z"),
        "{entry}"
    );
    let refused = user_tool("ldapwhoami", &dn, "Own-Password-2026", &[]);
    assert!(!refused.status.success(), "a locked account could bind");
    // Reactivated (§29): a new temporary password, unlocked, must be changed again.
    crate::harness::request(
        env,
        "2026-11-23T09:00",
        "reactivate",
        &iins[0],
        ["Пушкарев", "Олег"],
        &["--login", &pushkarev],
    );
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-23T10:00",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "c2.csv",
        ],
    );
    let temp2 = crate::harness::temporary_password(env, "c2.csv", &pushkarev);
    let unlocked = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(
        unlocked["unlocked"],
        serde_json::json!([pushkarev]),
        "{unlocked}"
    );
    assert_eq!(unlocked["passwords_set"], 1, "{unlocked}");
    let entry = admin_search(
        &dn,
        "base",
        "(objectClass=*)",
        &["pwdAccountLockedTime", "pwdReset"],
    );
    assert!(!entry.contains("pwdAccountLockedTime"), "{entry}");
    assert!(entry.contains("pwdReset: TRUE"), "{entry}");
    let bound = user_tool("ldapwhoami", &dn, &temp2, &[]);
    assert!(
        bound.status.success(),
        "{}",
        String::from_utf8_lossy(&bound.stderr)
    );

    // An entry skud does not manage sits where a new account's entry would go: left alone, and
    // the account gets a new login in the same run (§26), with the same temporary password.
    grant(&iins[2], ["Занятов", "Петр"], "ESOBES");
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-23T11:00",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "c3.csv",
        ],
    );
    let zanyatov = env.json(0, &["accounts", "list"])["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["login"].as_str().unwrap().to_owned())
        .find(|l| l.starts_with("zanyatov"))
        .unwrap();
    let temp3 = crate::harness::temporary_password(env, "c3.csv", &zanyatov);
    let taken = format!("uid={zanyatov},{people}");
    let ldif = format!(
        "dn: {taken}\nobjectClass: inetOrgPerson\nuid: {zanyatov}\ncn: Someone Else\nsn: Else\nemployeeNumber: {}\n",
        iins[2]
    );
    assert_eq!(ldap_tool("ldapadd", &[], &ldif), 0);
    // Made by somebody else, even with the same person's IIN: not skud's to take over.
    let renamed = env.run(&["--json", "ldap", "sync", "--push"]);
    renamed.expect_code(3);
    let renamed = renamed.json();
    let new_login = format!("{zanyatov}2");
    assert_eq!(renamed["renamed"][0]["old"], zanyatov.as_str(), "{renamed}");
    assert_eq!(
        renamed["renamed"][0]["new"],
        new_login.as_str(),
        "{renamed}"
    );
    assert!(
        renamed["taken"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("result code 68"),
        "the server's answer is kept: {renamed}"
    );
    assert_eq!(
        renamed["created"],
        serde_json::json!([new_login]),
        "{renamed}"
    );
    let other = admin_search(&taken, "base", "(objectClass=*)", &["cn", "userPassword"]);
    assert!(
        other.contains("cn: Someone Else") && !other.contains("userPassword"),
        "{other}"
    );
    // The new entry opens with the password of the letter (it must be changed first).
    let new_dn = format!("uid={new_login},{people}");
    let bound = user_tool("ldapwhoami", &new_dn, &temp3, &[]);
    assert!(
        bound.status.success(),
        "{}",
        String::from_utf8_lossy(&bound.stderr)
    );
    let members = admin_search(&esobes, "base", "(objectClass=*)", &["member"]);
    assert!(!members.contains(&taken), "{members}");
    assert!(members.contains(&new_dn), "{members}");
    assert!(
        members.contains(&unmanaged),
        "the unmanaged member stays: {members}"
    );
    let old = env.json(0, &["accounts", "show", &zanyatov]);
    assert_eq!(old["status"], "blocked", "{old}");
    assert_eq!(old["replaced_by"], new_login.as_str(), "{old}");
    // The replaced login is nobody's account any more: a reactivation of it is refused.
    crate::harness::request(
        env,
        "2026-11-23T12:00",
        "reactivate",
        &iins[2],
        ["Занятов", "Петр"],
        &["--login", &zanyatov],
    );
    let refused = env.json(0, &["requests", "list", "--status", "refused"]);
    assert!(
        refused["requests"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["login"] == zanyatov.as_str() && r["reason_code"] == "unknown_login"),
        "{refused}"
    );
    // The journal says so, and the taken login is never generated again.
    env.ok(0, &["journal", "export", "--out", "j.csv"]);
    let journal = std::fs::read_to_string(env.path("j.csv")).unwrap();
    assert!(
        journal.contains(&format!("{new_login}, in place of {zanyatov}"))
            || journal.contains(&format!("{new_login}, взамен логина {zanyatov}")),
        "{journal}"
    );
    let again = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(again["operations_sent"], 0, "{again}");

    // Unreachable: try later, nothing recorded.
    crate::harness::request(
        env,
        "2026-11-24T09:00",
        "block",
        &iins[1],
        ["O'Brien, Jr. (HR)*", "John\\"],
        &["--login", &obrien],
    );
    env.ok(
        0,
        &["--as-of", "2026-11-24T10:00", "requests", "apply", "--all"],
    );
    let down = env.write(
        "down.toml",
        std::fs::read_to_string(&cfg)
            .unwrap()
            .replace(&url, "ldap://127.0.0.1:1"),
    );
    env.ok(
        4,
        &[
            "--config",
            &down.display().to_string(),
            "ldap",
            "sync",
            "--push",
        ],
    )
    .stderr_has("cannot be reached");
    // A new account waits while the transit key is missing: the block still goes out, the
    // entry that needs a password waits for the key (exit 3).
    let fourth = crate::harness::iin("870707", 3, 700);
    env.write(
        "o4.csv",
        [
            crate::harness::HEADER.to_owned(),
            crate::harness::order_row("9-к", "2026-11-02", "hire", &fourth, ""),
        ]
        .join("\n"),
    );
    env.ok(0, &["--as-of", "2026-11-24", "orders", "import", "o4.csv"]);
    let mut rest = vec!["--systems", "ESOBES"];
    rest.extend_from_slice(&basis);
    crate::harness::request(
        env,
        "2026-11-24T09:00",
        "grant",
        &fourth,
        ["Ждущий", "Ключ"],
        &rest,
    );
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-24T11:00",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "c4.csv",
        ],
    );
    std::fs::rename(&key, env.path("transit.key.away")).unwrap();
    let held = env.run(&["--json", "ldap", "sync", "--push"]);
    held.expect_code(3);
    let held = held.json();
    assert_eq!(held["locked"], serde_json::json!([obrien]), "{held}");
    assert_eq!(held["created"], serde_json::json!([]), "{held}");
    assert!(
        held["failed"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("transit.key"),
        "{held}"
    );
    // The key back: the entry is made.
    std::fs::rename(env.path("transit.key.away"), &key).unwrap();
    let last = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(last["created"].as_array().unwrap().len(), 1, "{last}");
    assert!(
        last["created"][0]
            .as_str()
            .unwrap()
            .starts_with("zhdushchii"),
        "{last}"
    );
    let still = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(still["operations_sent"], 0, "{still}");
}
