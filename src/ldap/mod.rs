//! The directory (LDAP / Active Directory): settings from `[ldap]`, and the connection.
//!
//! The bind password comes from the environment variable or the file the configuration names,
//! never from a flag or the configuration itself. Every connection has a timeout; a server that
//! cannot be reached is "try later" (exit 4), not a failure of skud.

pub mod entry;
pub mod existing;
pub mod plan;
pub mod pull;
pub mod push;
pub mod values;

use crate::config::LdapConfig;
use ldap3::{Ldap, LdapConnAsync, LdapConnSettings};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Where the transit key lives when a directory is configured (see
/// [`crate::secrets::transit_key_path`]); `None` without `[ldap]` (nothing is pushed).
pub fn transit_key_path(
    cfg: Option<&LdapConfig>,
    config_path: Option<&std::path::Path>,
) -> Option<PathBuf> {
    cfg?;
    Some(crate::secrets::transit_key_path(cfg, config_path))
}

/// The directory flavour: attribute names and value conventions differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavour {
    OpenLdap,
    Ad,
}

/// `[ldap]`, resolved and checked.
#[derive(Clone)]
pub struct Settings {
    pub url: String,
    pub starttls: bool,
    pub ca_file: Option<PathBuf>,
    pub bind_dn: String,
    password: String,
    /// Where the password came from (`$VAR` or a file), for messages.
    pub password_source: String,
    pub flavour: Flavour,
    pub users_base: String,
    pub user_rdn: String,
    pub groups_base: String,
    pub page_size: i32,
    pub timeout: Duration,
    pub max_pull_age_h: u64,
    /// Where entries keep the IIN: skud writes it there and adoption reads it from there.
    pub iin_attribute: String,
    /// DNs of groups whose members are never adopted or touched, lower-cased.
    pub protected_groups: Vec<String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("url", &self.url)
            .field("bind_dn", &self.bind_dn)
            .field("password", &"***")
            .finish_non_exhaustive()
    }
}

/// Why `[ldap]` cannot be used (a usage error: exit 2).
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(
        "LDAP is not configured: add an [ldap] section to the configuration (see samples/skud.toml)"
    )]
    NotConfigured,
    #[error("[ldap] {0} is missing")]
    Missing(&'static str),
    #[error("[ldap] url {0:?}: use ldap://HOST[:PORT] or ldaps://HOST[:PORT]")]
    Url(String),
    #[error("[ldap] flavour {0:?}: use openldap or ad")]
    Flavour(String),
    #[error("[ldap] starttls applies to ldap:// URLs, and this one is ldaps://")]
    StartTlsOnLdaps,
    #[error("[ldap] give the bind password by bind_password_env or bind_password_file, not both")]
    TwoPasswords,
    #[error("[ldap] bind_password_env: the variable ${0} is not set or empty")]
    EnvUnset(String),
    #[error("[ldap] bind_password_file {path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("[ldap] bind_password_file {0}: the file is readable by others; chmod 600 it")]
    FileMode(PathBuf),
    #[error("[ldap] ca_file {path}: {detail}")]
    Ca { path: PathBuf, detail: String },
    #[error(
        "[ldap] url {0}: the bind password would go over the network without TLS; use ldaps://, or \
         ldap:// with starttls = true (allow_plaintext = true only for a loopback test server)"
    )]
    Plaintext(String),
    #[error("[ldap] iin_attribute {0:?}: give an attribute name (letters, digits, '-')")]
    IinAttribute(String),
    #[error(
        "[ldap] protected_groups: the directory has no group {0}; a missing group would protect \
         nobody: correct the DN"
    )]
    ProtectedGroup(String),
}

impl Settings {
    /// Resolves `[ldap]`: every required key present, the password read from its source.
    pub fn resolve(cfg: Option<&LdapConfig>) -> Result<Settings, SettingsError> {
        let c = cfg.ok_or(SettingsError::NotConfigured)?;
        let url = c.url.clone().ok_or(SettingsError::Missing("url"))?;
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("ldap://") || lower.starts_with("ldaps://")) {
            return Err(SettingsError::Url(url));
        }
        let starttls = c.starttls.unwrap_or(false);
        if starttls && lower.starts_with("ldaps://") {
            return Err(SettingsError::StartTlsOnLdaps);
        }
        let flavour = match c.flavour.as_deref().unwrap_or("openldap") {
            "openldap" => Flavour::OpenLdap,
            "ad" => Flavour::Ad,
            other => return Err(SettingsError::Flavour(other.to_owned())),
        };
        let (password, password_source) = match (&c.bind_password_env, &c.bind_password_file) {
            (Some(_), Some(_)) => return Err(SettingsError::TwoPasswords),
            (Some(var), None) => (
                std::env::var(var)
                    .ok()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| SettingsError::EnvUnset(var.clone()))?,
                format!("${var}"),
            ),
            (None, Some(path)) => (read_secret_file(path)?, path.display().to_string()),
            (None, None) => {
                return Err(SettingsError::Missing(
                    "bind_password_env or bind_password_file",
                ));
            }
        };
        let bind_dn = c.bind_dn.clone().ok_or(SettingsError::Missing("bind_dn"))?;
        let users_base = c
            .users_base
            .clone()
            .ok_or(SettingsError::Missing("users_base"))?;
        let groups_base = c
            .groups_base
            .clone()
            .ok_or(SettingsError::Missing("groups_base"))?;
        if lower.starts_with("ldap://") && !starttls && !c.allow_plaintext.unwrap_or(false) {
            return Err(SettingsError::Plaintext(url));
        }
        let iin_attribute = c
            .iin_attribute
            .clone()
            .unwrap_or_else(|| "employeeNumber".to_owned());
        if iin_attribute.is_empty()
            || !iin_attribute
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
        {
            return Err(SettingsError::IinAttribute(iin_attribute));
        }
        let default_rdn = if flavour == Flavour::Ad { "cn" } else { "uid" };
        Ok(Settings {
            url,
            starttls,
            ca_file: c.ca_file.clone(),
            bind_dn,
            password,
            password_source,
            flavour,
            users_base,
            user_rdn: c.user_rdn.clone().unwrap_or_else(|| default_rdn.to_owned()),
            groups_base,
            page_size: c.page_size.unwrap_or(500).clamp(1, 10_000) as i32,
            timeout: Duration::from_secs(c.timeout_s.unwrap_or(10).max(1)),
            max_pull_age_h: c.max_pull_age_h.unwrap_or(26),
            iin_attribute,
            protected_groups: c
                .protected_groups
                .iter()
                .flatten()
                .map(|g| normalize_dn(g))
                .collect(),
        })
    }

    fn conn_settings(&self) -> Result<LdapConnSettings, SettingsError> {
        let mut s = LdapConnSettings::new()
            .set_conn_timeout(self.timeout)
            .set_starttls(self.starttls);
        if let Some(path) = &self.ca_file {
            s = s.set_config(Arc::new(tls_config(path)?));
        }
        Ok(s)
    }
}

/// The bind password from a file: the first line, which must not be readable by others.
fn read_secret_file(path: &std::path::Path) -> Result<String, SettingsError> {
    use crate::secrets::SecretFileError;
    crate::secrets::read_secret_file(path).map_err(|e| match e {
        SecretFileError::Read(source) => SettingsError::File {
            path: path.to_owned(),
            source,
        },
        SecretFileError::Readable => SettingsError::FileMode(path.to_owned()),
        SecretFileError::Empty => SettingsError::File {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "the file is empty"),
        },
    })
}

/// A TLS client configuration that trusts the CA certificates of a PEM file (only those).
fn tls_config(path: &PathBuf) -> Result<rustls::ClientConfig, SettingsError> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    let err = |detail: String| SettingsError::Ca {
        path: path.clone(),
        detail,
    };
    let mut roots = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(path).map_err(|e| err(e.to_string()))?;
    for cert in certs {
        roots
            .add(cert.map_err(|e| err(e.to_string()))?)
            .map_err(|e| err(e.to_string()))?;
    }
    if roots.is_empty() {
        return Err(err("no certificate in the file".into()));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| err(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Why the directory could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LdapError {
    #[error("{0}")]
    Settings(#[from] SettingsError),
    /// Not reachable now (refused, timed out, TLS handshake failed): try later.
    #[error("LDAP server {url} cannot be reached: {detail}")]
    Unreachable { url: String, detail: String },
    #[error(
        "LDAP server {url}: bind as {dn} failed: {detail} (check bind_dn and the password from {source_of})"
    )]
    Bind {
        url: String,
        dn: String,
        detail: String,
        source_of: String,
    },
    #[error("LDAP server {url}: {detail}")]
    Operation { url: String, detail: String },
    /// The server's certificate failed verification: a configuration error, not "try later".
    #[error(
        "LDAP server {url}: its TLS certificate is not trusted: {reason}. Put the CA certificate \
         that issued the server's certificate (PEM) into [ldap] ca_file{ca}, and make sure the \
         certificate names the host of the URL in its subjectAltName"
    )]
    Certificate {
        url: String,
        reason: String,
        ca: String,
    },
    /// The server refuses simple binds without TLS (strongerAuthRequired, result code 8).
    #[error(
        "LDAP server {url} requires an encrypted connection for the bind ({detail}): use \
         ldaps:// or starttls = true in [ldap]"
    )]
    NeedsTls { url: String, detail: String },
}

/// A DN as compared: lower-cased, no spaces around the separators.
pub fn normalize_dn(dn: &str) -> String {
    dn.split(',')
        .map(|rdn| match rdn.split_once('=') {
            Some((k, v)) => format!("{}={}", k.trim(), v.trim()),
            None => rdn.trim().to_owned(),
        })
        .collect::<Vec<_>>()
        .join(",")
        .to_lowercase()
}

/// A server's result as it gave it: the code, its name, and the server's own text.
pub fn describe_result(rc: u32, text: &str) -> String {
    let name = result_name(rc);
    let text = text.trim_end_matches('\0').trim();
    match (name, text.is_empty()) {
        (Some(n), true) => format!("result code {rc} ({n})"),
        (Some(n), false) => format!("result code {rc} ({n}): {text}"),
        (None, true) => format!("result code {rc}"),
        (None, false) => format!("result code {rc}: {text}"),
    }
}

/// RFC 4511's names of the result codes a directory is likely to give skud.
fn result_name(rc: u32) -> Option<&'static str> {
    Some(match rc {
        1 => "operationsError",
        2 => "protocolError",
        3 => "timeLimitExceeded",
        4 => "sizeLimitExceeded",
        8 => "strongerAuthRequired",
        11 => "adminLimitExceeded",
        12 => "unavailableCriticalExtension",
        13 => "confidentialityRequired",
        16 => "noSuchAttribute",
        17 => "undefinedAttributeType",
        19 => "constraintViolation",
        20 => "attributeOrValueExists",
        21 => "invalidAttributeSyntax",
        32 => "noSuchObject",
        34 => "invalidDNSyntax",
        49 => "invalidCredentials",
        50 => "insufficientAccessRights",
        51 => "busy",
        52 => "unavailable",
        53 => "unwillingToPerform",
        64 => "namingViolation",
        65 => "objectClassViolation",
        66 => "notAllowedOnNonLeaf",
        67 => "notAllowedOnRDN",
        68 => "entryAlreadyExists",
        69 => "objectClassModsProhibited",
        80 => "other",
        _ => return None,
    })
}

/// The TLS verifier's reason, when a connection failed because the server's certificate was
/// not trusted (rustls reports it inside the I/O error of the handshake).
fn certificate_problem(e: &ldap3::LdapError) -> Option<String> {
    let ldap3::LdapError::Io { source } = e else {
        return None;
    };
    let inner = source.get_ref()?.downcast_ref::<rustls::Error>()?;
    match inner {
        rustls::Error::InvalidCertificate(why) => Some(format!("{why:?}")),
        rustls::Error::NoCertificatesPresented => Some("the server sent no certificate".into()),
        _ => None,
    }
}

/// The first value of an attribute of an entry (attribute names are case-insensitive).
fn first<'e>(e: &'e ldap3::SearchEntry, attr: &str) -> Option<&'e str> {
    e.attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(attr))
        .and_then(|(_, v)| v.first())
        .map(String::as_str)
}

/// Maps directory errors to exit codes: settings 2, unreachable 4, the rest 1.
pub fn classify(e: LdapError) -> anyhow::Error {
    use crate::exit::{TryLater, UsageError};
    match e {
        LdapError::Settings(s) => UsageError(s.to_string()).into(),
        e @ (LdapError::Certificate { .. } | LdapError::NeedsTls { .. }) => {
            UsageError(e.to_string()).into()
        }
        e @ LdapError::Unreachable { .. } => TryLater(e.to_string()).into(),
        e => anyhow::Error::new(e),
    }
}

/// A failed operation: refused by the server (`Operation`), or the connection failed or timed
/// out on the way (`Unreachable`: try later).
pub fn operation_error(s: &Settings, e: ldap3::LdapError) -> LdapError {
    match e {
        ldap3::LdapError::LdapResult { result } => LdapError::Operation {
            url: s.url.clone(),
            detail: describe_result(result.rc, &result.text),
        },
        e => LdapError::Unreachable {
            url: s.url.clone(),
            detail: e.to_string(),
        },
    }
}

/// Connects and binds; the connection is driven on the runtime until dropped. A certificate
/// that fails verification and a server that demands TLS are configuration errors (exit 2);
/// a server that cannot be reached is "try later" (exit 4).
pub async fn connect(s: &Settings) -> Result<Ldap, LdapError> {
    let unreachable = |e: ldap3::LdapError| match certificate_problem(&e) {
        Some(reason) => LdapError::Certificate {
            url: s.url.clone(),
            reason,
            ca: s
                .ca_file
                .as_ref()
                .map(|p| format!(" (now {})", p.display()))
                .unwrap_or_else(|| " (not set: only the system's CAs are trusted)".into()),
        },
        None => LdapError::Unreachable {
            url: s.url.clone(),
            detail: e.to_string(),
        },
    };
    let settings = s.conn_settings()?;
    let (conn, mut ldap) =
        tokio::time::timeout(s.timeout, LdapConnAsync::with_settings(settings, &s.url))
            .await
            .map_err(|_| LdapError::Unreachable {
                url: s.url.clone(),
                detail: format!("no answer within {} s", s.timeout.as_secs()),
            })?
            .map_err(unreachable)?;
    ldap3::drive!(conn);
    ldap.with_timeout(s.timeout);
    let bind = ldap
        .simple_bind(&s.bind_dn, &s.password)
        .await
        .map_err(unreachable)?;
    if bind.rc == 8 || bind.rc == 13 {
        return Err(LdapError::NeedsTls {
            url: s.url.clone(),
            detail: describe_result(bind.rc, &bind.text),
        });
    }
    if bind.rc != 0 {
        return Err(LdapError::Bind {
            url: s.url.clone(),
            dn: s.bind_dn.clone(),
            detail: describe_result(bind.rc, &bind.text),
            source_of: s.password_source.clone(),
        });
    }
    Ok(ldap)
}

/// What `ldap check` found.
#[derive(Debug, serde::Serialize)]
pub struct Check {
    pub url: String,
    pub flavour: Flavour,
    pub bound_as: String,
    pub users_base: bool,
    pub groups_base: bool,
    /// The resolved settings the sync will use.
    pub user_rdn: String,
    pub page_size: i32,
    pub timeout_s: u64,
    pub max_pull_age_h: u64,
}

/// Connects, binds, and looks for the two bases.
pub async fn check(s: &Settings) -> Result<Check, LdapError> {
    let mut ldap = connect(s).await?;
    let op = |e: ldap3::LdapError| operation_error(s, e);
    // Who we are bound as: the bind DN's own entry (Active Directory has no Who am I). An
    // identity with no entry of its own (OpenLDAP's rootdn) is the bind DN as configured.
    let ldap3::SearchResult(entries, res) = ldap
        .with_timeout(s.timeout)
        .search(
            &s.bind_dn,
            ldap3::Scope::Base,
            "(objectClass=*)",
            vec!["1.1"],
        )
        .await
        .map_err(op)?;
    let bound_as = match (res.rc, entries.into_iter().next()) {
        (0, Some(e)) => ldap3::SearchEntry::construct(e).dn,
        _ => s.bind_dn.clone(),
    };
    let timeout = s.timeout;
    let exists = |base: String| {
        let mut ldap = ldap.clone();
        async move {
            let r = ldap
                .with_timeout(timeout)
                .search(&base, ldap3::Scope::Base, "(objectClass=*)", vec!["1.1"])
                .await?;
            Ok::<bool, ldap3::LdapError>(r.1.rc == 0)
        }
    };
    let users_base = exists(s.users_base.clone()).await.map_err(op)?;
    let groups_base = exists(s.groups_base.clone()).await.map_err(op)?;
    let _ = ldap.unbind().await;
    Ok(Check {
        url: s.url.clone(),
        flavour: s.flavour,
        bound_as,
        users_base,
        groups_base,
        user_rdn: s.user_rdn.clone(),
        page_size: s.page_size,
        timeout_s: s.timeout.as_secs(),
        max_pull_age_h: s.max_pull_age_h,
    })
}
