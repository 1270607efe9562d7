//! SMTP delivery of the reply letters (§22) through the `[mail]` relay, with lettre: STARTTLS
//! (`smtp://`, the default) or implicit TLS (`smtps://`), SMTP AUTH, timeouts. A relay without
//! TLS (`tls = "none"`) is allowed only on the loopback interface: passwords travel in the
//! letters.

use crate::config::MailConfig;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

/// A `[mail]` section that cannot be used (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum MailSettingsError {
    #[error("[mail] relay {0:?}: expected smtp://HOST[:PORT] or smtps://HOST[:PORT]")]
    Relay(String),
    #[error("[mail] tls {0:?}: expected starttls, implicit or none")]
    Tls(String),
    #[error(
        "[mail] tls = \"none\" sends letters with passwords in clear: allowed only for a relay on this machine (127.0.0.1, ::1, localhost), not {0}"
    )]
    Plaintext(String),
    #[error("[mail] from {0:?} is not an e-mail address")]
    From(String),
    #[error("[mail] give the password by password_env or password_file, not both")]
    TwoPasswords,
    #[error("[mail] user is set: give its password by password_env or password_file")]
    NoPassword,
    #[error("[mail] password_env: the variable ${0} is not set or empty")]
    EnvUnset(String),
    #[error("[mail] password_file {path}: {detail}")]
    File { path: PathBuf, detail: String },
    #[error("[mail] ca_file {path}: {detail}")]
    Ca { path: PathBuf, detail: String },
}

impl MailSettingsError {
    /// The message in the reader's language.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::tr;
        let p = |p: &PathBuf| p.display().to_string();
        match self {
            MailSettingsError::Relay(r) => tr!(lang, "mail-relay", relay = r.as_str()),
            MailSettingsError::Tls(t) => tr!(lang, "mail-tls", tls = t.as_str()),
            MailSettingsError::Plaintext(h) => tr!(lang, "mail-plaintext", host = h.as_str()),
            MailSettingsError::From(f) => tr!(lang, "mail-from", from = f.as_str()),
            MailSettingsError::TwoPasswords => tr!(lang, "mail-two-passwords"),
            MailSettingsError::NoPassword => tr!(lang, "mail-no-password"),
            MailSettingsError::EnvUnset(v) => tr!(lang, "mail-env-unset", var = v.as_str()),
            MailSettingsError::File { path, detail } => {
                tr!(
                    lang,
                    "mail-password-file",
                    path = p(path),
                    detail = detail.as_str()
                )
            }
            MailSettingsError::Ca { path, detail } => {
                tr!(
                    lang,
                    "mail-ca-file",
                    path = p(path),
                    detail = detail.as_str()
                )
            }
        }
    }
}

/// What the relay said to one letter.
#[derive(Debug)]
pub enum Sent {
    /// Accepted: the reply (`250 2.0.0 Ok: queued as ...`).
    Accepted(String),
    /// Refused for good (5xx): a bad address, say.
    Refused(String),
    /// Not now (4xx, the relay down, a timeout): the letter waits.
    Later(String),
    /// The relay's certificate does not verify, or AUTH is refused: a setting to fix.
    Misconfigured(String),
}

/// The configured relay.
pub struct Relay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Address,
    /// `host:port`, for messages.
    pub name: String,
}

const DEFAULT_TIMEOUT_S: u64 = 30;

impl Relay {
    /// The relay of `[mail]`, or `None` when no relay is configured (letters are then written
    /// only to an outbox).
    pub fn from_config(c: Option<&MailConfig>) -> Result<Option<Relay>, MailSettingsError> {
        let Some(c) = c else { return Ok(None) };
        let Some(url) = c.relay.as_deref().filter(|u| !u.trim().is_empty()) else {
            return Ok(None);
        };
        let parsed =
            url::Url::parse(url.trim()).map_err(|_| MailSettingsError::Relay(url.to_owned()))?;
        let implicit_default = match parsed.scheme() {
            "smtp" => false,
            "smtps" => true,
            _ => return Err(MailSettingsError::Relay(url.to_owned())),
        };
        let host = parsed
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| MailSettingsError::Relay(url.to_owned()))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let mode = match c.tls.as_deref() {
            None if implicit_default => "implicit",
            None => "starttls",
            Some(m @ ("starttls" | "implicit" | "none")) => m,
            Some(other) => return Err(MailSettingsError::Tls(other.to_owned())),
        };
        let port = parsed
            .port()
            .unwrap_or(if mode == "implicit" { 465 } else { 587 });
        let loopback = host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if mode == "none" && !loopback {
            return Err(MailSettingsError::Plaintext(host));
        }
        let from_text = c.from.clone().unwrap_or_else(|| "skud@localhost".into());
        let from = from_text
            .parse::<lettre::message::Mailbox>()
            .map_err(|_| MailSettingsError::From(from_text.clone()))?
            .email;
        let tls = if mode == "none" {
            Tls::None
        } else {
            let mut b = TlsParameters::builder(host.clone());
            if let Some(path) = &c.ca_file {
                let ca = |detail: String| MailSettingsError::Ca {
                    path: path.clone(),
                    detail,
                };
                let pem = std::fs::read(path).map_err(|e| ca(e.to_string()))?;
                let cert = Certificate::from_pem(&pem).map_err(|e| ca(e.to_string()))?;
                b = b
                    .certificate_store(CertificateStore::None)
                    .add_root_certificate(cert);
            }
            let params = b.build_rustls().map_err(|e| MailSettingsError::Ca {
                path: c.ca_file.clone().unwrap_or_default(),
                detail: e.to_string(),
            })?;
            if mode == "implicit" {
                Tls::Wrapper(params)
            } else {
                Tls::Required(params)
            }
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone())
            .port(port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(
                c.timeout_s.unwrap_or(DEFAULT_TIMEOUT_S).max(1),
            )));
        if let Some(user) = &c.user {
            builder = builder.credentials(Credentials::new(user.clone(), password(c)?));
        }
        Ok(Some(Relay {
            transport: builder.build(),
            from,
            name: format!("{host}:{port}"),
        }))
    }

    /// Connects (TLS, AUTH) without sending anything: whether letters can go now.
    pub async fn check(&self) -> Sent {
        match self.transport.test_connection().await {
            Ok(true) => Sent::Accepted(format!("{} answers", self.name)),
            Ok(false) => Sent::Later(format!("{} does not answer", self.name)),
            Err(e) => classify(&self.name, &e),
        }
    }

    /// Hands one letter (its RFC 5322 bytes) to the relay for `to`.
    pub async fn send(&self, to: &str, bytes: &[u8]) -> Sent {
        let to: Address = match to.parse() {
            Ok(a) => a,
            Err(e) => return Sent::Refused(format!("{to:?} is not an e-mail address: {e}")),
        };
        let envelope = match Envelope::new(Some(self.from.clone()), vec![to]) {
            Ok(e) => e,
            Err(e) => return Sent::Refused(e.to_string()),
        };
        match self.transport.send_raw(&envelope, bytes).await {
            Ok(r) => Sent::Accepted(
                format!("{} {}", r.code(), r.message().collect::<Vec<_>>().join(" "))
                    .trim()
                    .to_owned(),
            ),
            Err(e) => classify(&self.name, &e),
        }
    }
}

/// A 5xx is the letter's; AUTH refused (535) and TLS failures are the settings'; anything else
/// (4xx, refused connection, timeout) is for later.
fn classify(relay: &str, e: &lettre::transport::smtp::Error) -> Sent {
    let text = format!("{relay}: {e}");
    let code = e.status().map(|c| c.to_string());
    if e.is_tls() {
        return Sent::Misconfigured(format!(
            "{text} (the relay's certificate does not verify: put the CA that signed it in [mail] ca_file)"
        ));
    }
    if code
        .as_deref()
        .is_some_and(|c| c.starts_with("535") || c.starts_with("530"))
    {
        return Sent::Misconfigured(format!("{text} (check [mail] user and its password)"));
    }
    if e.is_permanent() {
        Sent::Refused(text)
    } else {
        Sent::Later(text)
    }
}

fn password(c: &MailConfig) -> Result<String, MailSettingsError> {
    match (&c.password_env, &c.password_file) {
        (Some(_), Some(_)) => Err(MailSettingsError::TwoPasswords),
        (Some(var), None) => std::env::var(var)
            .ok()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| MailSettingsError::EnvUnset(var.clone())),
        (None, Some(path)) => crate::secrets::read_secret_file(path).map_err(|e| {
            use crate::secrets::SecretFileError;
            MailSettingsError::File {
                path: path.clone(),
                detail: match e {
                    SecretFileError::Read(e) => e.to_string(),
                    SecretFileError::Readable => {
                        "the file is readable by others; chmod 600 it".into()
                    }
                    SecretFileError::Empty => "the file is empty".into(),
                },
            }
        }),
        (None, None) => Err(MailSettingsError::NoPassword),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(relay: &str, tls: Option<&str>) -> MailConfig {
        MailConfig {
            from: Some("skud@enbek.kz".into()),
            relay: Some(relay.into()),
            tls: tls.map(str::to_owned),
            ..MailConfig::default()
        }
    }

    #[tokio::test]
    async fn settings_are_checked() {
        assert!(Relay::from_config(None).unwrap().is_none());
        assert!(matches!(
            Relay::from_config(Some(&cfg("mail.enbek.kz", None))),
            Err(MailSettingsError::Relay(_))
        ));
        assert!(matches!(
            Relay::from_config(Some(&cfg("smtp://mail.enbek.kz:25", Some("none")))),
            Err(MailSettingsError::Plaintext(_))
        ));
        assert!(matches!(
            Relay::from_config(Some(&cfg("smtp://mail.enbek.kz", Some("ssl")))),
            Err(MailSettingsError::Tls(_))
        ));
        let r = Relay::from_config(Some(&cfg("smtp://127.0.0.1:2526", Some("none"))))
            .unwrap()
            .unwrap();
        assert_eq!(r.name, "127.0.0.1:2526");
        let r = Relay::from_config(Some(&cfg("smtps://mail.enbek.kz", None)))
            .unwrap()
            .unwrap();
        assert_eq!(r.name, "mail.enbek.kz:465");
        let mut c = cfg("smtp://mail.enbek.kz", None);
        c.user = Some("skud".into());
        assert!(matches!(
            Relay::from_config(Some(&c)),
            Err(MailSettingsError::NoPassword)
        ));
    }
}
