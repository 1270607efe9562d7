//! The configuration file (TOML) and where each resolved value came from.
//!
//! File: `--config FILE` > `SKUD_CONFIG` > `$XDG_CONFIG_HOME/skud/skud.toml` >
//! `/etc/skud/skud.toml`. Unknown keys are an error naming the file, the line and the key (a
//! misspelt key silently ignored is a setting silently not applied). Nothing is ever written
//! unless asked (`skud config init`). Secrets are never in this file: the LDAP bind password
//! comes from the environment variable or the file it names.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub db: Option<String>,
    pub lang: Option<crate::i18n::Lang>,
    pub admin: Option<String>,
    pub login: Option<LoginConfig>,
    pub calendar: Option<CalendarConfig>,
    pub ldap: Option<LdapConfig>,
    pub backup: Option<BackupConfig>,
    pub daemon: Option<DaemonConfig>,
    pub mail: Option<MailConfig>,
    pub orders: Option<OrdersConfig>,
}

/// HR orders: spellings of the order kinds beyond the built-in words.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrdersConfig {
    pub kinds: Option<OrderKindsConfig>,
}

/// `[orders.kinds]`: for each kind, the leading words that also name it, e.g.
/// `hire = ["Зачисление в штат"]`. They are matched as whole words, before the built-in ones.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OrderKindsConfig {
    #[serde(default)]
    pub hire: Vec<String>,
    #[serde(default)]
    pub transfer: Vec<String>,
    #[serde(default)]
    pub dismissal: Vec<String>,
}

/// Reply letters (§22): handed to an SMTP relay (`skud mail send`, the `mail` job).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// The sender of reply letters, e.g. "ИБ <ib@enbek.kz>".
    pub from: Option<String>,
    /// `smtp://host:587` (STARTTLS) or `smtps://host:465` (implicit TLS); none: no sending.
    pub relay: Option<String>,
    /// `starttls`, `implicit` or `none` (a loopback relay only).
    pub tls: Option<String>,
    /// SMTP AUTH user (optional).
    pub user: Option<String>,
    pub password_env: Option<String>,
    pub password_file: Option<PathBuf>,
    /// The CA certificate(s) the relay's certificate is checked against (default: the system's).
    pub ca_file: Option<PathBuf>,
    /// Seconds to wait for the relay (default 30).
    pub timeout_s: Option<u64>,
}

impl Config {
    /// How old the last pull from the directory may be before §28 refuses to act on it, when a
    /// directory is configured (clamped: a mistyped huge value must not overflow).
    pub fn max_pull_age_h(&self) -> Option<u64> {
        self.ldap
            .as_ref()
            .map(|l| l.max_pull_age_h.unwrap_or(26).min(24 * 366))
    }

    /// Whether the configured directory is Active Directory (`[ldap] flavour = "ad"`).
    pub fn directory_is_ad(&self) -> bool {
        self.ldap
            .as_ref()
            .and_then(|l| l.flavour.as_deref())
            .is_some_and(|f| f == "ad")
    }

    /// The words that name the order kinds: the built-in ones and `[orders.kinds]`.
    pub fn order_kinds(&self) -> crate::domain::order::KindWords {
        use crate::domain::order::OrderKind;
        let Some(k) = self.orders.as_ref().and_then(|o| o.kinds.as_ref()) else {
            return Default::default();
        };
        let each = |list: &Vec<String>, kind: OrderKind| {
            list.iter()
                .map(move |s| (s.clone(), kind))
                .collect::<Vec<_>>()
        };
        crate::domain::order::KindWords::with(
            each(&k.hire, OrderKind::Hire)
                .into_iter()
                .chain(each(&k.transfer, OrderKind::Transfer))
                .chain(each(&k.dismissal, OrderKind::Dismissal)),
        )
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LoginConfig {
    pub template: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    pub file: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LdapConfig {
    pub url: Option<String>,
    pub starttls: Option<bool>,
    pub ca_file: Option<PathBuf>,
    pub bind_dn: Option<String>,
    pub bind_password_env: Option<String>,
    pub bind_password_file: Option<PathBuf>,
    pub flavour: Option<String>,
    pub users_base: Option<String>,
    pub user_rdn: Option<String>,
    pub groups_base: Option<String>,
    pub page_size: Option<u32>,
    pub timeout_s: Option<u64>,
    pub max_pull_age_h: Option<u64>,
    /// Seals temporary passwords between issue and push (default: transit.key beside this file).
    pub transit_key_file: Option<PathBuf>,
    /// Where existing entries keep the IIN (adoption; default employeeNumber).
    pub iin_attribute: Option<String>,
    /// Groups whose members are never adopted or touched (DNs).
    pub protected_groups: Option<Vec<String>>,
    /// Allow passwords over ldap:// without TLS (default false; loopback test servers only).
    pub allow_plaintext: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BackupConfig {
    pub dir: Option<PathBuf>,
    pub keep: Option<u32>,
    /// PostgreSQL: the pg_dump to run (skud copies only SQLite itself).
    pub pg_dump: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DaemonConfig {
    pub jobs: Option<PathBuf>,
    pub catch_up: Option<bool>,
    pub log_format: Option<String>,
}

impl ConfigError {
    /// The message in the reader's language.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr;
        match self {
            ConfigError::Missing { path, by } => {
                tr!(
                    lang,
                    "config-missing",
                    path = path.display().to_string(),
                    by = *by
                )
            }
            ConfigError::Read { path, source } => tr!(
                lang,
                "config-unreadable",
                path = path.display().to_string(),
                error = source.to_string()
            ),
            ConfigError::Parse { .. } => self.to_string(),
        }
    }
}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: no such configuration file (named by {by})")]
    Missing { path: PathBuf, by: &'static str },
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// Where the configuration came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    pub path: Option<PathBuf>,
}

/// The XDG base folder named by `var`, if it is set to an absolute path (the spec says relative
/// values are to be ignored).
pub fn xdg_dir(var: &str, home_fallback: &str) -> Option<PathBuf> {
    match std::env::var_os(var).map(PathBuf::from) {
        Some(p) if p.is_absolute() => Some(p),
        _ => std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| PathBuf::from(h).join(home_fallback)),
    }
}

/// Finds and reads the configuration: an explicitly named file must exist; the default places
/// are used when present.
pub fn load(flag: Option<&Path>, env: Option<&Path>) -> Result<Loaded, ConfigError> {
    let explicit = flag
        .map(|p| (p, "--config"))
        .or(env.map(|p| (p, "SKUD_CONFIG")));
    let path = match explicit {
        Some((p, by)) => {
            if !p.is_file() {
                return Err(ConfigError::Missing {
                    path: p.to_owned(),
                    by,
                });
            }
            Some(p.to_owned())
        }
        None => [
            xdg_dir("XDG_CONFIG_HOME", ".config").map(|d| d.join("skud/skud.toml")),
            Some(PathBuf::from("/etc/skud/skud.toml")),
        ]
        .into_iter()
        .flatten()
        .find(|p| p.is_file()),
    };
    let Some(path) = path else {
        return Ok(Loaded {
            config: Config::default(),
            path: None,
        });
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
        path: path.clone(),
        source,
    })?;
    let config = parse(&text).map_err(|(line, message)| ConfigError::Parse {
        path: path.clone(),
        line,
        message,
    })?;
    Ok(Loaded {
        config,
        path: Some(path),
    })
}

/// Parses configuration text; an error comes with its 1-based line.
pub fn parse(text: &str) -> Result<Config, (usize, String)> {
    toml::from_str::<Config>(text).map_err(|e| {
        let line = e.span().map_or(1, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        (line, e.message().trim().to_owned())
    })
}

/// The commented file `skud config init` writes.
pub const TEMPLATE: &str = include_str!("../samples/skud.toml");

/// `$XDG_DATA_HOME/skud/skud.db`, else `~/.local/share/skud/skud.db`, else
/// `/var/lib/skud/skud.db` (a service account without a home).
pub fn default_db() -> PathBuf {
    xdg_dir("XDG_DATA_HOME", ".local/share")
        .map(|d| d.join("skud/skud.db"))
        .unwrap_or_else(|| PathBuf::from("/var/lib/skud/skud.db"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_their_line() {
        let (line, msg) =
            parse("db = \"x.db\"\n\n[ldap]\nurl = \"ldap://127.0.0.1\"\nbind_pasword = \"oops\"\n")
                .unwrap_err();
        assert_eq!(line, 5);
        assert!(msg.contains("bind_pasword"), "{msg}");
        let (line, _) = parse("lang = \"de\"\n").unwrap_err();
        assert_eq!(line, 1);
    }

    #[test]
    fn the_shipped_template_parses() {
        let c = parse(TEMPLATE).unwrap();
        assert!(c.ldap.is_some());
    }
}
