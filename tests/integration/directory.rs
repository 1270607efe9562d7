//! The directory suite, against both servers: the throwaway OpenLDAP of scripts/slapd
//! (`SKUD_TEST_LDAP_URL`, `SKUD_TEST_LDAP_SECRET`) and the throwaway Samba AD domain controller
//! of scripts/samba-ad (`SKUD_TEST_AD_URL`, `SKUD_TEST_AD_SECRET`, `SKUD_TEST_AD_CA`). Each
//! test gets its own branch of the tree (tests run at once against one server).

use crate::harness::{self, Env};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Output, Stdio};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    OpenLdap,
    Ad,
}

/// A directory server the tests can use.
#[derive(Debug, Clone)]
pub struct Dir {
    pub flavour: Flavour,
    pub url: String,
    pub admin_dn: String,
    pub secret_file: String,
    pub ca: Option<String>,
    pub base: String,
}

fn var(k: &str) -> Option<String> {
    std::env::var(k).ok().filter(|v| !v.is_empty())
}

impl Dir {
    pub fn of(flavour: Flavour) -> Option<Dir> {
        match flavour {
            Flavour::OpenLdap => Some(Dir {
                flavour,
                url: var("SKUD_TEST_LDAP_URL")?,
                admin_dn: "cn=admin,dc=enbek,dc=kz".into(),
                secret_file: var("SKUD_TEST_LDAP_SECRET")?,
                ca: None,
                base: "dc=enbek,dc=kz".into(),
            }),
            Flavour::Ad => Some(Dir {
                flavour,
                url: var("SKUD_TEST_AD_URL")?,
                admin_dn: "CN=Administrator,CN=Users,DC=enbek,DC=kz".into(),
                secret_file: var("SKUD_TEST_AD_SECRET")?,
                ca: var("SKUD_TEST_AD_CA"),
                base: "DC=enbek,DC=kz".into(),
            }),
        }
    }

    pub fn secret(&self) -> String {
        std::fs::read_to_string(&self.secret_file)
            .unwrap()
            .trim()
            .to_owned()
    }

    /// The attribute that names a user entry.
    pub fn rdn(&self) -> &'static str {
        match self.flavour {
            Flavour::OpenLdap => "uid",
            Flavour::Ad => "CN",
        }
    }

    fn client(&self, tool: &str) -> Command {
        let mut c = Command::new(tool);
        c.args(["-x", "-H", &self.url]);
        if let Some(ca) = &self.ca {
            c.env("LDAPTLS_CACERT", ca);
        }
        c
    }

    /// An ldap-utils command as the administrator with LDIF on stdin; its exit status.
    pub fn tool(&self, tool: &str, args: &[&str], ldif: &str) -> i32 {
        let mut child = self
            .client(tool)
            .args(["-D", &self.admin_dn, "-y", &self.secret_file])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{tool}: {e} (apt-get install ldap-utils)"));
        child
            .stdin
            .take()
            .unwrap()
            .write_all(ldif.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        if !out.status.success() {
            eprintln!("{tool}: {}", String::from_utf8_lossy(&out.stderr));
        }
        out.status.code().unwrap_or(-1)
    }

    /// ldapsearch as the administrator: the LDIF (unwrapped, no comments).
    pub fn search(&self, base: &str, scope: &str, filter: &str, attrs: &[&str]) -> String {
        let out = self
            .client("ldapsearch")
            .args(["-LLL", "-o", "ldif-wrap=no"])
            .args(["-D", &self.admin_dn, "-y", &self.secret_file])
            .args(["-b", base, "-s", scope, filter])
            .args(attrs)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A simple bind as a user: the outcome (AD answers "data 773" to a password that must be
    /// changed; OpenLDAP's ppolicy binds it and refuses everything else).
    pub fn bind(&self, dn: &str, password: &str) -> Output {
        match self.flavour {
            // Samba has no Who am I: a base search of the user's own entry binds.
            Flavour::Ad => self
                .client("ldapsearch")
                .args(["-D", dn, "-w", password, "-b", dn, "-s", "base", "1.1"])
                .output()
                .unwrap(),
            Flavour::OpenLdap => self
                .client("ldapwhoami")
                .args(["-D", dn, "-w", password])
                .output()
                .unwrap(),
        }
    }

    /// Whether a user's password is the right one and must be changed before anything else.
    pub fn must_change(&self, dn: &str, password: &str) -> bool {
        let out = self.bind(dn, password);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        match self.flavour {
            Flavour::Ad => err.contains("data 773"),
            Flavour::OpenLdap => {
                if !out.status.success() {
                    return false;
                }
                let search = self
                    .client("ldapsearch")
                    .args(["-D", dn, "-w", password, "-b", dn, "-s", "base", "dn"])
                    .output()
                    .unwrap();
                !search.status.success()
            }
        }
    }

    /// AD only: removes the branches earlier tests left. A domain's sAMAccountName is unique
    /// across the whole domain (users and groups alike), so AD tests run one at a time (see
    /// `main.rs`) and each starts from a clean domain.
    fn clear_branches(&self) {
        for parent in ["OU=people", "OU=systems"] {
            let base = format!("{parent},{}", self.base);
            let found = self.search(&base, "one", "(objectClass=organizationalUnit)", &["1.1"]);
            for dn in found.lines().filter_map(|l| l.strip_prefix("dn: ")) {
                self.tool("ldapdelete", &["-r"], &format!("{dn}\n"));
            }
        }
    }

    /// A branch of the tree of its own: the users' and groups' bases of one test.
    pub fn branch(&self, env: &Env) -> (String, String) {
        if self.flavour == Flavour::Ad {
            self.clear_branches();
        }
        let tag = format!(
            "t{}",
            env.dir
                .path()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "")
        );
        let (people, groups) = match self.flavour {
            Flavour::OpenLdap => (
                format!("ou={tag},ou=people,{}", self.base),
                format!("ou={tag},ou=systems,{}", self.base),
            ),
            Flavour::Ad => (
                format!("OU={tag},OU=people,{}", self.base),
                format!("OU={tag},OU=systems,{}", self.base),
            ),
        };
        let ldif = format!(
            "dn: {people}\nobjectClass: organizationalUnit\nou: {tag}\n\n\
             dn: {groups}\nobjectClass: organizationalUnit\nou: {tag}\n"
        );
        assert_eq!(self.tool("ldapadd", &[], &ldif), 0, "the test's branch");
        (people, groups)
    }

    /// The [ldap] section for a branch; the configuration file's path.
    pub fn config(&self, env: &Env, people: &str, groups: &str, extra: &str) -> String {
        let p = env.write("ldap.secret", format!("{}\n", self.secret()));
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        let mut cfg = format!(
            "[ldap]\nurl = \"{}\"\nbind_dn = \"{}\"\nbind_password_file = \"{}\"\n\
             users_base = \"{people}\"\ngroups_base = \"{groups}\"\ntimeout_s = 10\n",
            self.url,
            self.admin_dn,
            p.display()
        );
        match (&self.ca, self.flavour) {
            (Some(ca), _) => cfg.push_str(&format!("ca_file = \"{ca}\"\n")),
            (None, _) if self.url.starts_with("ldap://") => {
                cfg.push_str("allow_plaintext = true\n")
            }
            _ => {}
        }
        if self.flavour == Flavour::Ad {
            cfg.push_str("flavour = \"ad\"\n");
        }
        cfg.push_str(extra);
        env.write("skud.toml", cfg).display().to_string()
    }

    /// The LDIF of a person's entry made by hand (not by skud): `iin` in employeeNumber,
    /// enabled with `password` (AD) or a userPassword (OpenLDAP), or disabled.
    pub fn person_ldif(
        &self,
        people: &str,
        login: &str,
        iin: Option<&str>,
        password: Option<&str>,
    ) -> String {
        let dn = format!("{}={login},{people}", self.rdn());
        let mut l = format!("dn: {dn}\n");
        match self.flavour {
            Flavour::OpenLdap => {
                l.push_str(&format!(
                    "objectClass: inetOrgPerson\nuid: {login}\ncn: {login}\nsn: {login}\n"
                ));
                match password {
                    Some(p) => l.push_str(&format!("userPassword: {p}\n")),
                    None => l.push_str("pwdAccountLockedTime: 000001010000Z\n"),
                }
            }
            Flavour::Ad => {
                use base64::Engine;
                l.push_str(&format!("objectClass: user\nsAMAccountName: {login}\n"));
                match password {
                    Some(p) => {
                        let utf16: Vec<u8> = format!("\"{p}\"")
                            .encode_utf16()
                            .flat_map(u16::to_le_bytes)
                            .collect();
                        let b64 = base64::engine::general_purpose::STANDARD.encode(utf16);
                        l.push_str(&format!("unicodePwd:: {b64}\nuserAccountControl: 512\n"));
                    }
                    None => l.push_str("userAccountControl: 514\n"),
                }
            }
        }
        if let Some(iin) = iin {
            l.push_str(&format!("employeeNumber: {iin}\n"));
        }
        l
    }

    /// A group of the branch with members.
    pub fn group_ldif(&self, dn: &str, cn: &str, members: &[&str]) -> String {
        let class = match self.flavour {
            Flavour::OpenLdap => "groupOfNames",
            Flavour::Ad => "group",
        };
        let mut l = format!("dn: {dn}\nobjectClass: {class}\ncn: {cn}\n");
        for m in members {
            l.push_str(&format!("member: {m}\n"));
        }
        l
    }

    /// Whether an entry is locked (OpenLDAP) or disabled (AD).
    pub fn locked(&self, dn: &str) -> bool {
        match self.flavour {
            Flavour::OpenLdap => self
                .search(dn, "base", "(objectClass=*)", &["pwdAccountLockedTime"])
                .contains("pwdAccountLockedTime: "),
            Flavour::Ad => {
                let e = self.search(dn, "base", "(objectClass=*)", &["userAccountControl"]);
                let uac: u32 = e
                    .lines()
                    .find_map(|l| l.strip_prefix("userAccountControl: "))
                    .unwrap_or_else(|| panic!("no userAccountControl: {e}"))
                    .trim()
                    .parse()
                    .unwrap();
                uac & 2 != 0
            }
        }
    }
}

/// People on record: one hire order each (a dismissal too for those in `dismissed`).
fn hire(env: &Env, people: &[(&str, [&str; 2])], dismissed: &[&str]) {
    let mut rows = vec![harness::HEADER.to_owned()];
    for (iin, names) in people {
        rows.push(format!(
            "9-к,2026-11-02,hire,{iin},{},{},Иванович,специалист,ДЦ,,p@enbek.kz",
            names[0], names[1]
        ));
    }
    for iin in dismissed {
        rows.push(format!(
            "12-к,2026-11-10,dismissal,{iin},Уволенов,Даурен,Иванович,специалист,ДЦ,,"
        ));
    }
    env.write("o.csv", rows.join("\n"));
    env.ok(0, &["--as-of", "2026-11-20", "orders", "import", "o.csv"]);
}

const BASIS: [&str; 4] = [
    "--basis-order-no",
    "9-к",
    "--basis-order-date",
    "2026-11-02",
];

fn grant(env: &Env, at: &str, iin: &str, names: [&str; 2], systems: &str) {
    let mut rest = vec!["--patronymic", "Иванович", "--systems", systems];
    rest.extend_from_slice(&BASIS);
    harness::request(env, at, "grant", iin, names, &rest);
}

fn issue(env: &Env, at: &str, file: &str) {
    env.ok(
        0,
        &[
            "--as-of",
            at,
            "logins",
            "issue",
            "--all",
            "--credentials",
            file,
        ],
    );
}

fn login_of(env: &Env, prefix: &str) -> String {
    env.json(0, &["accounts", "list"])["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["login"].as_str().unwrap().to_owned())
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no login starting with {prefix}"))
}

/// `ldap check`: bound, the identity read from its own entry (AD has no Who am I), and every
/// configuration error is exit 2 with what to do: no TLS, a server that demands TLS, a CA that
/// does not issue the server's certificate.
pub fn check(env: &Env, dir: &Dir) {
    let (people, groups) = dir.branch(env);
    let cfg = dir.config(env, &people, &groups, "");
    let ok = env.json(0, &["--config", &cfg, "ldap", "check"]);
    assert_eq!(ok["users_base"], true, "{ok}");
    assert!(
        ok["bound_as"]
            .as_str()
            .unwrap()
            .eq_ignore_ascii_case(&dir.admin_dn),
        "{ok}"
    );
    let text = std::fs::read_to_string(&cfg).unwrap();
    let wrong = text.replace(&dir.secret_file, "/nonexistent");
    env.write("wrong.toml", &wrong);
    env.write("bad.secret", "Wrong-Password-1\n");
    std::fs::set_permissions(
        env.path("bad.secret"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    let bad = text.replace(
        &env.path("ldap.secret").display().to_string(),
        &env.path("bad.secret").display().to_string(),
    );
    env.write("bad.toml", bad);
    env.ok(1, &["--config", "bad.toml", "ldap", "check"])
        .stderr_has("invalidCredentials");
    if dir.flavour == Flavour::Ad {
        // Plain ldap:// is refused by skud itself unless allowed; allowed, the server demands
        // TLS, and skud says so (not "check the password").
        let plain = text.replace("ldaps://127.0.0.1:636", "ldap://127.0.0.1:389");
        env.write("plain.toml", &plain);
        env.ok(2, &["--config", "plain.toml", "ldap", "check"])
            .stderr_has("without TLS");
        env.write("allowed.toml", format!("{plain}allow_plaintext = true\n"));
        let r = env.run(&["--config", "allowed.toml", "ldap", "check"]);
        r.expect_code(2);
        r.stderr_has("strongerAuthRequired");
        r.stderr_has("starttls");
        assert!(!r.stderr().contains("password from"), "{}", r.dump());
        // STARTTLS on the plain port works with the CA.
        env.write(
            "starttls.toml",
            plain.replace("[ldap]\n", "[ldap]\nstarttls = true\n"),
        );
        env.ok(0, &["--config", "starttls.toml", "ldap", "check"]);
        // A CA that did not issue the server's certificate: a configuration error.
        let ca = dir.ca.clone().unwrap();
        let other_ca = env.path("other-ca.pem");
        let made = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args(["-subj", "/CN=not the issuer", "-keyout"])
            .arg(env.path("other-ca.key"))
            .arg("-out")
            .arg(&other_ca)
            .output()
            .unwrap();
        assert!(made.status.success());
        env.write(
            "badca.toml",
            text.replace(&ca, &other_ca.display().to_string()),
        );
        let r = env.run(&["--lang=en", "--config", "badca.toml", "ldap", "check"]);
        r.expect_code(2);
        r.stderr_has("not trusted");
        r.stderr_has("ca_file");
        // Nobody listens: try later.
        env.write(
            "down.toml",
            text.replace("ldaps://127.0.0.1:636", "ldaps://127.0.0.1:1"),
        );
        env.ok(4, &["--lang=en", "--config", "down.toml", "ldap", "check"])
            .stderr_has("cannot be reached");
        env.ok(4, &["--lang=ru", "--config", "down.toml", "ldap", "check"])
            .stderr_has("недоступен");
    }
}

/// `ldap sync --push`, on both servers: entries made with a temporary password that every
/// directory accepts and that must be changed, logins within 20 characters, groups named by the
/// system code (AD: sAMAccountName), a login found taken in the directory replaced in the same
/// run, lock and unlock, and a password the directory refuses: the entry locked, the account
/// blocked, nothing resent.
pub fn push(env: &Env, dir: &Dir) {
    let (people, groups) = dir.branch(env);
    let cfg = dir.config(env, &people, &groups, "");
    env.set_var("SKUD_CONFIG", &cfg);
    env.set_var("SKUD_ADMIN", "Админов Админ");
    for code in ["ESOBES", "ASP"] {
        harness::add_system(env, code);
    }
    let iins: Vec<String> = (0..3)
        .map(|i| harness::iin("870707", 3, 100 + i * 100))
        .collect();
    let names = [
        ["Пушкарев", "Олег"],
        ["Жақсыбекова-Абдрахманова", "Гүлнұр"],
        ["Занятов", "Петр"],
    ];
    let persons: Vec<(&str, [&str; 2])> = iins.iter().map(|s| s.as_str()).zip(names).collect();
    hire(env, &persons, &[]);
    for (iin, n) in &persons {
        grant(env, "2026-11-20T09:00", iin, *n, "ESOBES,ASP");
    }
    issue(env, "2026-11-20T10:00", "c1.csv");
    let long = login_of(env, "zhaqsybekova");
    assert_eq!(
        long, "zhaqsybekova-abdr.gi",
        "the surname is shortened to fit 20"
    );
    let zanyatov = login_of(env, "zanyatov");
    // Somebody else's entry already holds the login skud just issued: AD's in another
    // container (sAMAccountName is unique in the domain), OpenLDAP's at the very DN.
    let foreign_parent = match dir.flavour {
        Flavour::Ad => format!("CN=Users,{}", dir.base),
        Flavour::OpenLdap => people.clone(),
    };
    let foreign_login = match dir.flavour {
        Flavour::Ad => format!("{zanyatov}x"),
        Flavour::OpenLdap => zanyatov.clone(),
    };
    let mut foreign = dir.person_ldif(&foreign_parent, &foreign_login, None, None);
    if dir.flavour == Flavour::Ad {
        foreign = foreign.replace(
            &format!("sAMAccountName: {foreign_login}"),
            &format!("sAMAccountName: {zanyatov}"),
        );
    }
    let foreign_dn = foreign.lines().next().unwrap()[4..].to_owned();
    dir.tool("ldapdelete", &["-c"], &format!("{foreign_dn}\n"));
    assert_eq!(dir.tool("ldapadd", &[], &foreign), 0, "the foreign entry");

    let first = env.run(&["--json", "ldap", "sync", "--push"]);
    first.expect_code(3);
    let first = first.json();
    let new = format!("{zanyatov}2");
    assert_eq!(first["renamed"][0]["old"], zanyatov.as_str(), "{first}");
    assert_eq!(first["renamed"][0]["new"], new.as_str(), "{first}");
    let detail = first["taken"][0]["detail"].as_str().unwrap();
    assert!(detail.contains("result code 68"), "{first}");
    if dir.flavour == Flavour::Ad {
        assert!(detail.contains("already in use"), "AD's own text: {first}");
    }
    assert_eq!(first["created"].as_array().unwrap().len(), 3, "{first}");
    assert_eq!(first["passwords_set"], 3, "{first}");
    assert_eq!(first["failed"], serde_json::json!([]), "{first}");
    assert!(first["password_refused"].as_array().unwrap().is_empty());
    // Every password works and must be changed first; the replaced login's is the letter's.
    for (login, file) in [
        (login_of(env, "pushkarev"), "c1.csv"),
        (long.clone(), "c1.csv"),
    ] {
        let dn = format!("{}={login},{people}", dir.rdn());
        let pw = harness::temporary_password(env, file, &login);
        assert!(
            dir.must_change(&dn, &pw),
            "{dn} with its temporary password"
        );
    }
    let old_pw = harness::temporary_password(env, "c1.csv", &zanyatov);
    let new_dn = format!("{}={new},{people}", dir.rdn());
    assert!(dir.must_change(&new_dn, &old_pw), "the letter's password");
    // Groups: named by the code; AD's has it as sAMAccountName.
    let esobes = format!("cn=ESOBES,{groups}");
    let g = dir.search(
        &esobes,
        "base",
        "(objectClass=*)",
        &["member", "sAMAccountName"],
    );
    assert_eq!(g.matches("member: ").count(), 3, "{g}");
    if dir.flavour == Flavour::Ad {
        assert!(g.contains("sAMAccountName: ESOBES"), "{g}");
    }
    // The foreign entry is untouched.
    let f = dir.search(
        &foreign_dn,
        "base",
        "(objectClass=*)",
        &["employeeNumber", "memberOf"],
    );
    assert!(
        !f.contains("employeeNumber") && !f.contains("ESOBES"),
        "{f}"
    );
    let again = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(again["operations_sent"], 0, "{again}");
    if dir.flavour == Flavour::Ad {
        ad_pull(env, dir, &people, &long);
    }

    // Blocked (§28): locked; reactivated (§29): unlocked with a new password.
    let pushkarev = login_of(env, "pushkarev");
    let pdn = format!("{}={pushkarev},{people}", dir.rdn());
    env.ok(
        0,
        &[
            "accounts", "block", &pushkarev, "--reason", "security", "--note", "t",
        ],
    );
    let locked = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(locked["locked"], serde_json::json!([pushkarev]), "{locked}");
    assert!(dir.locked(&pdn));
    harness::request(
        env,
        "2026-11-23T09:00",
        "reactivate",
        &iins[0],
        names[0],
        &["--patronymic", "Иванович", "--login", &pushkarev],
    );
    issue(env, "2026-11-23T10:00", "c2.csv");
    let unlocked = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(
        unlocked["unlocked"],
        serde_json::json!([pushkarev]),
        "{unlocked}"
    );
    assert_eq!(unlocked["passwords_set"], 1, "{unlocked}");
    assert!(!dir.locked(&pdn));
    let pw2 = harness::temporary_password(env, "c2.csv", &pushkarev);
    assert!(dir.must_change(&pdn, &pw2), "the reactivation's password");
    if dir.flavour == Flavour::Ad {
        refused_password(env, dir, &people, &iins[1], names[1], &long);
        too_long_for_ad(env);
    }
}

/// AD: a login issued before logins were limited to 20 characters is never sent as an
/// over-long sAMAccountName (Windows refuses it; Samba would take it): the account gets a new
/// login that fits.
fn too_long_for_ad(env: &Env) {
    let old = "dlinnofamilnaya-abdr.az";
    harness::sql(
        &env.db,
        &format!(
            "INSERT INTO accounts (login, iin, surname, name, patronymic, status, password_hash, \
             issued_at, created_at, request_id) VALUES ('{old}', '{}', 'Длиннофамильная-Абдрахманова', \
             'Алма', 'Жановна', 'pending', 'x', '2026-11-20T05:00:00+00:00', '2026-11-20T05:00:00+00:00', 1); \
             INSERT INTO journal (no, issued_on, login, request_id, letter, systems, basis, basis_kind, admin, \
             full_name, reactivation) VALUES (1000, '2026-11-20', '{old}', 1, '', 'ESOBES', '№ 9-к', 'hire', 'A', 'Д', false)",
            harness::iin("870707", 3, 900)
        ),
    );
    let r = env.run(&["--json", "ldap", "sync", "--push"]);
    r.expect_code(3);
    let r = r.json();
    assert_eq!(r["renamed"][0]["old"], old, "{r}");
    let new = r["renamed"][0]["new"].as_str().unwrap();
    assert!(new.len() <= 20 && new.starts_with("dlinnofamilnaya"), "{r}");
    assert!(
        r["taken"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("allows 20"),
        "{r}"
    );
}

/// AD: a reactivation's password that the domain refuses (a fine-grained password policy
/// demands 20 characters of this user): the entry stays locked, the account is blocked until
/// another reactivation, and the password is never sent again.
fn refused_password(env: &Env, dir: &Dir, people: &str, iin: &str, names: [&str; 2], login: &str) {
    let dn = format!("CN={login},{people}");
    env.ok(
        0,
        &[
            "accounts", "block", login, "--reason", "security", "--note", "t",
        ],
    );
    env.json(0, &["ldap", "sync", "--push"]);
    assert!(dir.locked(&dn));
    let pso = format!(
        "CN=skud-{},CN=Password Settings Container,CN=System,{}",
        login.replace('.', "-"),
        dir.base
    );
    dir.tool("ldapdelete", &["-c"], &format!("{pso}\n"));
    let ldif = format!(
        "dn: {pso}\nobjectClass: msDS-PasswordSettings\nmsDS-MaximumPasswordAge: -36288000000000\n\
         msDS-MinimumPasswordAge: 0\nmsDS-MinimumPasswordLength: 20\nmsDS-PasswordHistoryLength: 0\n\
         msDS-PasswordComplexityEnabled: TRUE\nmsDS-PasswordReversibleEncryptionEnabled: FALSE\n\
         msDS-LockoutObservationWindow: -18000000000\nmsDS-LockoutDuration: -18000000000\n\
         msDS-LockoutThreshold: 0\nmsDS-PasswordSettingsPrecedence: 1\nmsDS-PSOAppliesTo: {dn}\n"
    );
    assert_eq!(
        dir.tool("ldapadd", &[], &ldif),
        0,
        "the password settings object"
    );
    harness::request(
        env,
        "2026-11-24T09:00",
        "reactivate",
        iin,
        names,
        &["--patronymic", "Иванович", "--login", login],
    );
    issue(env, "2026-11-24T10:00", "c3.csv");
    let r = env.run(&["--json", "ldap", "sync", "--push"]);
    r.expect_code(3);
    let r = r.json();
    assert_eq!(r["password_refused"][0]["login"], login, "{r}");
    let detail = r["password_refused"][0]["detail"].as_str().unwrap();
    assert!(detail.contains("0000052D"), "the server's own text: {r}");
    assert_eq!(r["unlocked"], serde_json::json!([]), "{r}");
    assert!(dir.locked(&dn), "still locked: no password opens it");
    let a = env.json(0, &["accounts", "show", login]);
    assert_eq!(a["status"], "blocked", "{a}");
    assert_eq!(a["block_reason"], "directory", "{a}");
    assert_eq!(
        harness::sql_value(
            &env.db,
            &format!(
                "SELECT count(*) FROM accounts WHERE login = '{login}' AND password_sealed IS NOT NULL"
            )
        ),
        "0",
        "the refused password is not kept to be sent again"
    );
    let again = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(again["operations_sent"], 0, "{again}");
    dir.tool("ldapdelete", &[], &format!("{pso}\n"));
}

/// AD: the pull reads what the domain records of use. The user's own password (set here by
/// the administrator with `pwdLastSet: -1`, "set now, no change required") completes the
/// registration (§24); a real bind writes `lastLogonTimestamp` (§28).
fn ad_pull(env: &Env, dir: &Dir, people: &str, login: &str) {
    use base64::Engine;
    let dn = format!("CN={login},{people}");
    let own = "Own-Password-2026x";
    let utf16: Vec<u8> = format!("\"{own}\"")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let b64 = base64::engine::general_purpose::STANDARD.encode(utf16);
    let ldif = format!(
        "dn: {dn}\nchangetype: modify\nreplace: unicodePwd\nunicodePwd:: {b64}\n-\n\
         replace: pwdLastSet\npwdLastSet: -1\n-\n"
    );
    assert_eq!(
        dir.tool("ldapmodify", &[], &ldif),
        0,
        "the user's own password"
    );
    let bound = dir.bind(&dn, own);
    assert!(
        bound.status.success(),
        "{}",
        String::from_utf8_lossy(&bound.stderr)
    );
    let pulled = env.json(0, &["ldap", "sync", "--pull"]);
    assert_eq!(pulled["registered"], serde_json::json!([login]), "{pulled}");
    assert!(
        pulled["last_login_updated"].as_u64().unwrap() >= 1,
        "{pulled}"
    );
    let a = env.json(0, &["accounts", "show", login]);
    assert_eq!(a["status"], "active", "{a}");
    assert!(a["last_login_at"].is_string(), "{a}");
    // The domain's own accounts are logins skud never issues (§26).
    assert!(
        harness::sql_value(
            &env.db,
            &format!("SELECT count(*) FROM directory_logins WHERE login = '{login}'")
        ) == "1"
    );
}

/// AD only: 500 accounts issued and pushed with the domain's complexity rule on: every
/// password is accepted on the first try.
pub fn push_many(env: &Env, dir: &Dir) {
    const N: u32 = 500;
    let (people, groups) = dir.branch(env);
    let cfg = dir.config(env, &people, &groups, "");
    env.set_var("SKUD_CONFIG", &cfg);
    env.set_var("SKUD_ADMIN", "Админов Админ");
    harness::add_system(env, "ESOBES");
    let mut orders = vec![harness::HEADER.to_owned()];
    let mut requests = vec![
        "kind,iin,surname,name,ip,position,department,systems,basis_order_no,basis_order_date,reply_email"
            .to_owned(),
    ];
    for i in 0..N {
        let iin = harness::iin("900101", 3, i * 10);
        let surname = format!("Массов{}", to_letters(i));
        orders.push(format!(
            "9-к,2026-11-02,hire,{iin},{surname},Иван,Иванович,специалист,ДЦ,,"
        ));
        requests.push(format!(
            "grant,{iin},{surname},Иван,10.1.1.1,специалист,ДЦ,ESOBES,9-к,2026-11-02,hr@enbek.kz"
        ));
    }
    env.write("o.csv", orders.join("\n"));
    env.ok(0, &["--as-of", "2026-11-20", "orders", "import", "o.csv"]);
    env.write("r.csv", requests.join("\n"));
    env.ok(
        0,
        &["--as-of", "2026-11-20T09:00", "requests", "import", "r.csv"],
    );
    issue(env, "2026-11-20T10:00", "c.csv");
    let pushed = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(
        pushed["created"].as_array().unwrap().len(),
        N as usize,
        "{pushed}"
    );
    assert_eq!(pushed["passwords_set"], N, "{pushed}");
    assert_eq!(
        pushed["password_refused"],
        serde_json::json!([]),
        "{pushed}"
    );
    assert_eq!(pushed["failed"], serde_json::json!([]), "{pushed}");
    let enabled = dir.search(
        &people,
        "one",
        "(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))",
        &["1.1"],
    );
    assert_eq!(enabled.matches("dn: ").count(), N as usize);
}

/// A number as Cyrillic letters (names have no digits).
fn to_letters(mut n: u32) -> String {
    const L: [char; 10] = ['а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'к'];
    let mut s = String::new();
    loop {
        s.push(L[(n % 10) as usize]);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    s
}

/// `ldap adopt` on both servers: a directory with a service account, a hand-made entry holding
/// a login skud would generate, an existing entry of a dismissed employee, an acting one in a
/// system's group, a member of a protected group, and entries with an unknown or invalid IIN.
pub fn adopt(env: &Env, dir: &Dir) {
    let (people, groups) = dir.branch(env);
    let rdn = dir.rdn();
    let dn = |login: &str| format!("{rdn}={login},{people}");
    let admins = format!("cn=admins,{groups}");
    let cfg = dir.config(
        env,
        &people,
        &groups,
        &format!("protected_groups = [\"{admins}\"]\n"),
    );
    env.set_var("SKUD_CONFIG", &cfg);
    env.set_var("SKUD_ADMIN", "Админов Админ");
    harness::add_system(env, "ESOBES");
    let acting = harness::iin("850505", 3, 10);
    let leaver = harness::iin("850505", 3, 20);
    let boss = harness::iin("850505", 3, 30);
    let later = harness::iin("850505", 3, 40);
    let newcomer = harness::iin("850505", 3, 50);
    let later2 = harness::iin("850505", 3, 80);
    let nobody = harness::iin("850505", 3, 60);
    let mut invalid = harness::iin("850505", 3, 70);
    let last = invalid.pop().unwrap();
    invalid.push(if last == '9' {
        '0'
    } else {
        char::from(last as u8 + 1)
    });
    hire(
        env,
        &[
            (&acting, ["Действующий", "Асет"]),
            (&leaver, ["Уволенов", "Даурен"]),
            (&boss, ["Главный", "Начальник"]),
            (&later, ["Ручной", "Рустем"]),
            (&newcomer, ["Новичок", "Нурлан"]),
            (&later2, ["Опсов", "Олжас"]),
        ],
        &[&leaver],
    );
    let pw = "Existing-Pass-2026";
    let mut ldif = vec![
        dir.person_ldif(&people, "svc.backup", None, Some(pw)),
        // The login skud would give Ручной Рустем Иванович, made by hand, without an IIN.
        dir.person_ldif(&people, "ruchnoi.ri", None, Some(pw)),
        dir.person_ldif(&people, "asset.d", Some(&acting), Some(pw)),
        dir.person_ldif(&people, "dauren.u", Some(&leaver), Some(pw)),
        dir.person_ldif(&people, "boss", Some(&boss), Some(pw)),
        dir.person_ldif(&people, "ghost", Some(&nobody), Some(pw)),
        dir.person_ldif(&people, "typo", Some(&invalid), Some(pw)),
    ];
    ldif.push(dir.group_ldif(&format!("cn=ESOBES,{groups}"), "ESOBES", &[&dn("asset.d")]));
    // AD: protection reaches members of nested groups too.
    let ops = format!("cn=ops,{groups}");
    let mut admin_members = vec![dn("boss")];
    if dir.flavour == Flavour::Ad {
        ldif.push(dir.person_ldif(&people, "ops.man", Some(&later2), Some(pw)));
        ldif.push(dir.group_ldif(&ops, "ops", &[&dn("ops.man")]));
        admin_members.push(ops.clone());
    }
    let refs: Vec<&str> = admin_members.iter().map(String::as_str).collect();
    ldif.push(dir.group_ldif(&admins, "admins", &refs));
    assert_eq!(
        dir.tool("ldapadd", &[], &ldif.join("\n")),
        0,
        "the directory"
    );
    // A protected group that does not exist would protect nobody: a configuration error.
    let missing = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("cn=admins,", "cn=nosuchgroup,");
    env.write("missing.toml", missing);
    env.ok(
        2,
        &["--config", "missing.toml", "ldap", "adopt", "--dry-run"],
    )
    .stderr_has("protected_groups");

    // A dry run reports and writes nothing.
    let audit = env.audit_count();
    let dry = env.run(&["--json", "ldap", "adopt", "--dry-run"]);
    dry.expect_code(3);
    let dry = dry.json();
    assert_eq!(dry["adopted"].as_array().unwrap().len(), 2, "{dry}");
    assert_eq!(
        env.json(0, &["accounts", "list"])["accounts"],
        serde_json::json!([])
    );
    assert_eq!(env.audit_count(), audit);

    let run = env.run(&["--json", "ldap", "adopt", "--out", "adopt.csv"]);
    run.expect_code(3);
    let r = run.json();
    let adopted: Vec<&str> = r["adopted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["login"].as_str().unwrap())
        .collect();
    assert_eq!(adopted.len(), 2, "{r}");
    assert!(
        adopted.contains(&"asset.d") && adopted.contains(&"dauren.u"),
        "{r}"
    );
    let reason = |login: &str| {
        r["left_out"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["login"] == login)
            .map(|l| l["reason_code"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("{login} not left out: {r}"))
    };
    assert_eq!(reason("svc.backup"), "no_iin");
    assert_eq!(reason("ruchnoi.ri"), "no_iin");
    assert_eq!(reason("boss"), "protected_group");
    if dir.flavour == Flavour::Ad {
        assert_eq!(
            reason("ops.man"),
            "protected_group",
            "nested in the protected group"
        );
    }
    assert_eq!(reason("ghost"), "not_on_record");
    assert_eq!(reason("typo"), "invalid_iin");
    let csv = std::fs::read_to_string(env.path("adopt.csv")).unwrap();
    assert!(
        csv.contains("asset.d") && csv.contains("not_on_record"),
        "{csv}"
    );
    assert_eq!(
        std::fs::metadata(env.path("adopt.csv"))
            .unwrap()
            .permissions()
            .mode()
            & 0o077,
        0,
        "private"
    );
    env.ok(2, &["ldap", "adopt", "--out", "adopt.csv"])
        .stderr_has("exists");
    let asset = env.json(0, &["accounts", "show", "asset.d"]);
    assert_eq!(asset["origin"], "adopted", "{asset}");
    assert_eq!(asset["status"], "active", "{asset}");
    assert_eq!(asset["request_id"], serde_json::Value::Null);
    assert_eq!(asset["surname"], "Действующий");
    // No journal row: the journal records issues.
    env.ok(0, &["journal", "export", "--out", "j.csv"]);
    assert!(
        !std::fs::read_to_string(env.path("j.csv"))
            .unwrap()
            .contains("asset.d")
    );
    // Again: nothing changes.
    let audit = env.audit_count();
    let again = env.run(&["--json", "ldap", "adopt"]);
    again.expect_code(3);
    let again = again.json();
    assert_eq!(again["adopted"], serde_json::json!([]), "{again}");
    assert_eq!(again["already"], 2, "{again}");
    assert_eq!(env.audit_count(), audit);
    // The push has nothing to send for them (their state and groups are as recorded).
    let push = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(push["operations_sent"], 0, "{push}");

    // The dismissed employee's entry: blocked by the job (§30), disabled at the next push;
    // the acting one's is untouched.
    env.ok(
        3,
        &["--as-of", "2026-11-20T01:00", "jobs", "run", "dismissals"],
    );
    let push = env.json(0, &["ldap", "sync", "--push"]);
    assert_eq!(push["locked"], serde_json::json!(["dauren.u"]), "{push}");
    assert!(dir.locked(&dn("dauren.u")));
    assert!(!dir.locked(&dn("asset.d")));
    assert!(!dir.locked(&dn("svc.backup")), "never touched");

    // The hand-made login is never issued: Ручной Рустем gets ruchnoi.ri2.
    grant(
        env,
        "2026-11-20T09:00",
        &later,
        ["Ручной", "Рустем"],
        "ESOBES",
    );
    issue(env, "2026-11-20T10:00", "c.csv");
    assert_eq!(login_of(env, "ruchnoi"), "ruchnoi.ri2");
    // A new entry appears: the pull says it could be adopted.
    let add = dir.person_ldif(&people, "nurlan.n", Some(&newcomer), Some(pw));
    assert_eq!(dir.tool("ldapadd", &[], &add), 0);
    let pulled = env.json(0, &["ldap", "sync", "--pull"]);
    assert_eq!(pulled["adoptable"], 1, "{pulled}");
}
