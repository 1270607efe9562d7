//! Reply letters (§22): the answer to an access request, sent to the e-mail the request names,
//! as one RFC 5322 message file (UTF-8, MIME-encoded headers) built with lettre. skud keeps it
//! sealed until it is delivered (`app::deliver`): to the `[mail]` relay, or as a file into an
//! outbox folder.

use crate::i18n::{Lang, tr};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Body, Mailbox, SinglePart};

/// What the answer says.
pub enum Answer<'a> {
    /// A grant: the new login and its temporary password.
    Issued { login: &'a str, password: &'a str },
    /// A reactivation (§29): the account is unblocked with a new temporary password.
    Reactivated { login: &'a str, password: &'a str },
    /// A refusal with its reason and the paragraph of the Rules.
    Refused { reason: &'a str, paragraph: u32 },
    /// Rights replaced (§27).
    Changed { login: &'a str, systems: &'a str },
    /// The account is blocked.
    Blocked { login: &'a str },
}

/// The request being answered.
pub struct Addressee<'a> {
    pub request_id: i64,
    pub full_name: &'a str,
    pub email: &'a str,
    pub received_on: chrono::NaiveDate,
}

#[derive(Debug, thiserror::Error)]
pub enum LetterError {
    #[error("the sender address {0:?} ([mail] from) is not an e-mail address")]
    From(String),
    #[error("request {id}: the reply address {email:?} is not an e-mail address")]
    To { id: i64, email: String },
    #[error("request {id}: cannot build the letter: {detail}")]
    Build { id: i64, detail: String },
}

/// Builds the message bytes. `at` is the Date header (the as-of moment).
pub fn build(
    lang: Lang,
    from: &str,
    to: &Addressee<'_>,
    answer: &Answer<'_>,
    admin: &str,
    at: chrono::DateTime<chrono::FixedOffset>,
    message_id: &str,
) -> Result<Vec<u8>, LetterError> {
    let from: Mailbox = from
        .parse()
        .map_err(|_| LetterError::From(from.to_owned()))?;
    let to_box: Mailbox = format!("{} <{}>", quote_name(to.full_name), to.email)
        .parse()
        .or_else(|_| to.email.parse())
        .map_err(|_| LetterError::To {
            id: to.request_id,
            email: to.email.to_owned(),
        })?;
    let id = to.request_id;
    let (subject, text) = subject_and_text(lang, to, answer);
    let body = format!(
        "{text}\n\n{}\n",
        tr!(lang, "letter-signature", admin = admin)
    );
    let build_err = |e: &dyn std::fmt::Display| LetterError::Build {
        id,
        detail: e.to_string(),
    };
    // lettre picks the transfer encoding (base64 for Cyrillic paragraphs longer than a mail
    // line) and ends lines in CRLF.
    let body = Body::new(body);
    let msg = Message::builder()
        .from(from)
        .to(to_box)
        .subject(subject)
        .date(at.into())
        .message_id(Some(message_id.to_owned()))
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(body),
        )
        .map_err(|e| build_err(&e))?;
    Ok(msg.formatted())
}

/// The letter's subject and text, in the answer's words.
fn subject_and_text(lang: Lang, to: &Addressee<'_>, answer: &Answer<'_>) -> (String, String) {
    let id = to.request_id;
    let received = to.received_on.format("%d.%m.%Y").to_string();
    match answer {
        Answer::Issued { login, password } => (
            tr!(lang, "letter-subject-issued", id = id),
            tr!(
                lang,
                "letter-body-issued",
                name = to.full_name,
                received = received.as_str(),
                login = *login,
                password = *password
            ),
        ),
        Answer::Reactivated { login, password } => (
            tr!(lang, "letter-subject-reactivated", id = id),
            tr!(
                lang,
                "letter-body-reactivated",
                name = to.full_name,
                received = received.as_str(),
                login = *login,
                password = *password
            ),
        ),
        Answer::Refused { reason, paragraph } => (
            tr!(lang, "letter-subject-refused", id = id),
            tr!(
                lang,
                "letter-body-refused",
                name = to.full_name,
                received = received.as_str(),
                reason = *reason,
                paragraph = *paragraph
            ),
        ),
        Answer::Changed { login, systems } => (
            tr!(lang, "letter-subject-changed", id = id),
            tr!(
                lang,
                "letter-body-changed",
                name = to.full_name,
                received = received.as_str(),
                login = *login,
                systems = *systems
            ),
        ),
        Answer::Blocked { login } => (
            tr!(lang, "letter-subject-blocked", id = id),
            tr!(
                lang,
                "letter-body-blocked",
                name = to.full_name,
                received = received.as_str(),
                login = *login
            ),
        ),
    }
}

/// A new Message-ID for a letter: stable from then on (a resend carries the same one), unique
/// by its random part, in the sender's domain.
pub fn new_message_id(request_id: i64, what: &str, from: &str) -> String {
    let mut r = [0u8; 12];
    // A failing random source leaves zeros: still unique by request and answer in practice.
    let _ = getrandom::fill(&mut r);
    let domain = from
        .rsplit_once('@')
        .map(|(_, d)| d.trim_end_matches('>').trim())
        .filter(|d| !d.is_empty())
        .unwrap_or("localhost");
    format!("<request-{request_id}-{what}.{}@{domain}>", hex::encode(r))
}

/// A display name with the characters that would break the address quoted away.
fn quote_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '"' | '\\' | '<' | '>' | '\r' | '\n'))
        .collect();
    format!("\"{clean}\"")
}

/// The file name of a letter in the outbox.
pub fn file_name(request_id: i64, what: &str) -> String {
    format!("request-{request_id}-{what}.eml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_readable_utf8_with_encoded_headers() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-20T12:00:00+05:00").unwrap();
        let to = Addressee {
            request_id: 7,
            full_name: "Жақсыбекова Гүлнұр Қайратқызы",
            email: "hr@enbek.gov.kz",
            received_on: at.date_naive(),
        };
        let answer = Answer::Issued {
            login: "zhaqsybekova.gq",
            password: "Abcdefgh23456789",
        };
        let bytes = build(
            Lang::Kk,
            "ИБ <ib@enbek.gov.kz>",
            &to,
            &answer,
            "Иванов И. И.",
            at,
            "<request-7-issued.0@enbek.gov.kz>",
        )
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains("Content-Transfer-Encoding: base64"), "{head}");
        use base64::Engine;
        let body = base64::engine::general_purpose::STANDARD
            .decode(body.replace("\r\n", "").trim())
            .unwrap();
        let body = String::from_utf8(body).unwrap();
        assert!(head.contains("Subject: =?utf-8?"), "{head}");
        assert!(head.is_ascii());
        assert!(body.contains("zhaqsybekova.gq") && body.contains("Abcdefgh23456789"));
        assert!(body.contains("Ақпараттық қауіпсіздік әкімшісі"));
        assert!(
            head.contains("Message-ID: <request-7-issued.0@enbek.gov.kz>"),
            "{head}"
        );
        let bad = build(Lang::Ru, "not an address", &to, &answer, "x", at, "<x@y>");
        assert!(matches!(bad, Err(LetterError::From(_))));
    }
}
