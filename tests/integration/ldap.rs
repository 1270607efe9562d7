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
