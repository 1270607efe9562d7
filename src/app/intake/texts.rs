//! The sentences of a rejected row's reason and of a refusal, in the chosen language: what the
//! rejects file, the report and the refusal letter say.

use crate::domain::request::{Malformed, RawRequest, Refusal, ReqField, Request};
use crate::i18n::{Lang, tr};

/// The sentence of a malformed row's reason (`width`: the header's, for `extra_cells`).
pub fn malformed_text(
    lang: Lang,
    m: &Malformed,
    raw: &RawRequest,
    column: &dyn Fn(ReqField) -> String,
    width: usize,
) -> String {
    match m {
        Malformed::MissingField(f) => tr!(lang, "reject-missing-field", column = column(*f)),
        Malformed::UnknownKind => tr!(
            lang,
            "reject-unknown-request-kind",
            value = raw.get(ReqField::Kind)
        ),
        Malformed::InvalidIin(e) => tr!(
            lang,
            "reject-invalid-iin",
            value = raw.get(ReqField::Iin),
            detail = tr!(lang, e.message_key())
        ),
        Malformed::LostLetters { field, value } => tr!(
            lang,
            "reject-lost-letters",
            column = column(*field),
            value = value.as_str()
        ),
        Malformed::ExtraCells { column: at, value } => tr!(
            lang,
            "reject-extra-cells",
            column = *at,
            value = value.as_str(),
            width = width
        ),
        Malformed::InvalidIp => tr!(lang, "reject-invalid-ip", value = raw.get(ReqField::Ip)),
        Malformed::InvalidEmail => tr!(
            lang,
            "reject-invalid-email",
            value = raw.get(ReqField::ReplyEmail)
        ),
        Malformed::BadDate(ReqField::ReceivedAt)
            if crate::context::read_moment(raw.get(ReqField::ReceivedAt)).is_ok() =>
        {
            tr!(
                lang,
                "reject-received-in-future",
                value = raw.get(ReqField::ReceivedAt)
            )
        }
        Malformed::BadDate(f) => match crate::context::read_moment(raw.get(*f)) {
            Err(crate::context::BadWhen::NoSuchDay { month, days }) => tr!(
                lang,
                "reject-impossible-day",
                column = column(*f),
                value = raw.get(*f),
                month_in = tr!(lang, "month-in", month = month),
                days = days
            ),
            _ => tr!(
                lang,
                "reject-bad-date",
                column = column(*f),
                value = raw.get(*f)
            ),
        },
        Malformed::DuplicateInFile { row } => tr!(lang, "reject-duplicate-person", row = *row),
        Malformed::AddAndRemove(code) => tr!(lang, "reject-add-and-remove", system = code.as_str()),
    }
}

/// A stored request's reason in the reader's language: a refusal's sentence written again
/// from its code and arguments; otherwise (an older record, a withdrawal's note) the text as
/// stored.
pub fn stored_reason(lang: Lang, r: &crate::store::requests::RequestRow) -> Option<String> {
    if r.status == crate::domain::request::RequestStatus::Refused
        && let (Some(code), Some(args)) = (&r.reason_code, &r.reason_args)
        && let Ok(args) = serde_json::from_str::<serde_json::Value>(args)
        && let Some(refusal) = Refusal::from_stored(code, &args)
        && let Some(req) = r.to_request()
    {
        return Some(refusal_text(lang, &refusal, &req));
    }
    r.reason_text.clone()
}

/// The sentence of a refusal, in the chosen language.
pub fn refusal_text(lang: Lang, r: &Refusal, req: &Request) -> String {
    let d = |d: chrono::NaiveDate| d.format("%d.%m.%Y").to_string();
    let login = req.login.clone().unwrap_or_default();
    match r {
        Refusal::UnknownSystem(codes) => {
            tr!(lang, "refusal-unknown-system", systems = codes.join(", "))
        }
        Refusal::UnknownLogin { other_iin: false } => {
            tr!(lang, "refusal-unknown-login", login = login)
        }
        Refusal::UnknownLogin { other_iin: true } => tr!(
            lang,
            "refusal-login-other-iin",
            login = login,
            iin = req.iin.as_str()
        ),
        Refusal::NotActingStaff => tr!(lang, "refusal-not-acting-staff", iin = req.iin.as_str()),
        Refusal::NoBasis => tr!(
            lang,
            "refusal-no-basis",
            no = req.basis_order_no.clone().unwrap_or_default(),
            date = req.basis_order_date.map(d).unwrap_or_default(),
            iin = req.iin.as_str()
        ),
        Refusal::BasisTooOld { order_date, limit } => tr!(
            lang,
            "refusal-basis-too-old",
            date = d(*order_date),
            limit = d(*limit)
        ),
        Refusal::BasisMismatch { kind } => tr!(
            lang,
            "refusal-basis-mismatch",
            kind = tr!(lang, &format!("kind-{}", kind.as_str()))
        ),
        Refusal::NotBlocked { .. } => tr!(lang, "refusal-not-blocked", login = login),
    }
}
