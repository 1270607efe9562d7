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
        "[ldap]\nurl = \"{url}\"\nbind_dn = \"cn=admin,dc=enbek,dc=kz\"\nbind_password_file = \"{}\"\n\
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
    env.ok(1, &["--config", &cfg, "ldap", "check"])
        .stderr_has("bind");
    // Nobody listens on port 1: try later.
    let cfg = config(env, "ldap://127.0.0.1:1", &secret, groups);
    env.ok(4, &["--config", &cfg, "ldap", "check"])
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
        "[ldap]\nurl = \"ldap://127.0.0.1:1\"\nbind_dn = \"cn=x\"\nbind_password_env = \"SKUD_NO_SUCH_VAR\"\n\
         users_base = \"ou=p\"\ngroups_base = \"ou=g\"\n",
    );
    env.ok(2, &["--config", "env.toml", "ldap", "check"])
        .stderr_has("SKUD_NO_SUCH_VAR");
    env.ok(2, &["ldap", "check"]).stderr_has("[ldap]");
}

/// Runs an ldap-utils command as the root DN (password from the secret file, never on the
/// command line) with LDIF on stdin; returns its exit status.
fn ldap_tool(tool: &str, args: &[&str], ldif: &str) -> i32 {
    use std::io::Write;
    let url = ldap_url().unwrap();
    let secret = std::env::var("SKUD_TEST_LDAP_SECRET").unwrap();
    let mut child = std::process::Command::new(tool)
        .args([
            "-x",
            "-H",
            &url,
            "-D",
            "cn=admin,dc=enbek,dc=kz",
            "-y",
            &secret,
        ])
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{tool}: {e} (apt-get install ldap-utils)"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ldif.as_bytes())
        .unwrap();
    child.wait().unwrap().code().unwrap_or(-1)
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
    env.ok(
        0,
        &[
            "systems",
            "add",
            "ESOBES",
            "--name-ru",
            "Е-Собес",
            "--name-kk",
            "Е-Собес",
        ],
    );
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
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-20T09:00",
            "requests",
            "add",
            "--kind",
            "grant",
            "--iin",
            &iin,
            "--full-name",
            "Лдапов Павел Игоревич",
            "--ip",
            "10.1.1.1",
            "--position",
            "специалист",
            "--department",
            "ДЦ",
            "--reply-email",
            "hr@enbek.kz",
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
