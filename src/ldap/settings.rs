//! `[ldap]` resolved: the server, the bind (its password from the environment or a file, never
//! a flag), the bases, the flavour, TLS.

use super::normalize_dn;
use crate::config::LdapConfig;
use ldap3::LdapConnSettings;
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
    pub(super) password: String,
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

impl SettingsError {
    /// The message in the reader's language.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr;
        let p = |p: &PathBuf| p.display().to_string();
        match self {
            SettingsError::NotConfigured => tr!(lang, "ldap-not-configured"),
            SettingsError::Missing(key) => tr!(lang, "ldap-missing", key = *key),
            SettingsError::Url(u) => tr!(lang, "ldap-url", url = u.as_str()),
            SettingsError::Flavour(f) => tr!(lang, "ldap-flavour", flavour = f.as_str()),
            SettingsError::StartTlsOnLdaps => tr!(lang, "ldap-starttls-on-ldaps"),
            SettingsError::TwoPasswords => tr!(lang, "ldap-two-passwords"),
            SettingsError::EnvUnset(v) => tr!(lang, "ldap-env-unset", var = v.as_str()),
            SettingsError::File { path, source } => tr!(
                lang,
                "ldap-password-file",
                path = p(path),
                error = source.to_string()
            ),
            SettingsError::FileMode(path) => tr!(lang, "ldap-password-file-mode", path = p(path)),
            SettingsError::Ca { path, detail } => {
                tr!(
                    lang,
                    "ldap-ca-file",
                    path = p(path),
                    detail = detail.as_str()
                )
            }
            SettingsError::Plaintext(u) => tr!(lang, "ldap-plaintext", url = u.as_str()),
            SettingsError::IinAttribute(a) => tr!(lang, "ldap-iin-attribute", name = a.as_str()),
            SettingsError::ProtectedGroup(g) => {
                tr!(lang, "ldap-protected-group", group = g.as_str())
            }
        }
    }
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

    pub(super) fn conn_settings(&self) -> Result<LdapConnSettings, SettingsError> {
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
