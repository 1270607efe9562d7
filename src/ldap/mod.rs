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
mod settings;
pub mod values;

pub use settings::{Flavour, Settings, SettingsError, transit_key_path};

use ldap3::{Ldap, LdapConnAsync};

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

impl LdapError {
    /// The message in the reader's language (the `Display` text is English, for logs).
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr;
        match self {
            LdapError::Settings(s) => s.text(lang),
            LdapError::Unreachable { url, detail } => {
                tr!(
                    lang,
                    "ldap-unreachable",
                    url = url.as_str(),
                    detail = detail.as_str()
                )
            }
            LdapError::Bind {
                url,
                dn,
                detail,
                source_of,
            } => tr!(
                lang,
                "ldap-bind",
                url = url.as_str(),
                dn = dn.as_str(),
                detail = detail.as_str(),
                source = source_of.as_str()
            ),
            LdapError::Operation { url, detail } => {
                tr!(
                    lang,
                    "ldap-operation",
                    url = url.as_str(),
                    detail = detail.as_str()
                )
            }
            LdapError::Certificate { url, reason, ca } => tr!(
                lang,
                "ldap-certificate",
                url = url.as_str(),
                reason = reason.as_str(),
                ca = ca.as_str()
            ),
            LdapError::NeedsTls { url, detail } => {
                tr!(
                    lang,
                    "ldap-needs-tls",
                    url = url.as_str(),
                    detail = detail.as_str()
                )
            }
        }
    }
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
    let lang = crate::i18n::Lang::display();
    match e {
        LdapError::Settings(s) => UsageError(s.text(lang)).into(),
        e @ (LdapError::Certificate { .. } | LdapError::NeedsTls { .. }) => {
            UsageError(e.text(lang)).into()
        }
        e @ LdapError::Unreachable { .. } => TryLater(e.text(lang)).into(),
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
