//! The rules a request is checked against, on what is on record (§23, §27, §29, §30): every
//! rule it breaks is a [`Refusal`], in the order of DESIGN.md; the first is the one its refusal
//! quotes (§22: a refusal is an answer).

use super::{Request, RequestKind};
use crate::domain::account::AccountStatus;
use crate::domain::employee::EmployeeStatus;
use crate::domain::order::{OrderKind, one_year_limit};
use chrono::NaiveDate;

/// The account a request names, as on record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountFacts {
    pub iin: String,
    pub status: AccountStatus,
}

/// The basis order found on record for the request's IIN, number and date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BasisFacts {
    pub kind: OrderKind,
    pub order_date: NaiveDate,
}

/// What the database knows that the rules need.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The request's system codes that are not in the catalogue.
    pub unknown_systems: Vec<String>,
    /// The account of the request's login (`None`: no such login).
    pub account: Option<AccountFacts>,
    /// The person's state on the date the check is made (`None`: no order names the IIN).
    pub person: Option<EmployeeStatus>,
    /// The orders with the request's basis number and date for this IIN (all kinds).
    pub basis: Vec<BasisFacts>,
}

/// A rule the request breaks. `code()` is the stable reason code of DESIGN.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Systems not in the catalogue.
    UnknownSystem(Vec<String>),
    /// The login does not exist, or (`other_iin`) it belongs to another person.
    UnknownLogin { other_iin: bool },
    /// §30: the person's dismissal has taken effect.
    NotActingStaff,
    /// §23: no order with that number and date names this IIN.
    NoBasis,
    /// §23: the basis was approved before `limit` (one year before the request's date).
    BasisTooOld {
        order_date: NaiveDate,
        limit: NaiveDate,
    },
    /// §23, §27: a dismissal is a basis for neither a grant nor a change.
    BasisMismatch { kind: OrderKind },
    /// §29: only a blocked account is reactivated.
    NotBlocked { status: AccountStatus },
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::UnknownSystem(_) => "unknown_system",
            Refusal::UnknownLogin { .. } => "unknown_login",
            Refusal::NotActingStaff => "not_acting_staff",
            Refusal::NoBasis => "no_basis",
            Refusal::BasisTooOld { .. } => "basis_too_old",
            Refusal::BasisMismatch { .. } => "basis_mismatch",
            Refusal::NotBlocked { .. } => "not_blocked",
        }
    }

    /// What the refusal's sentence needs besides the request, stored beside its code so that
    /// the sentence is written again in the reader's language when shown.
    pub fn args(&self) -> serde_json::Value {
        match self {
            Refusal::UnknownSystem(codes) => serde_json::json!({ "systems": codes }),
            Refusal::UnknownLogin { other_iin } => serde_json::json!({ "other_iin": other_iin }),
            Refusal::BasisTooOld { order_date, limit } => {
                serde_json::json!({ "order_date": order_date, "limit": limit })
            }
            Refusal::BasisMismatch { kind } => serde_json::json!({ "kind": kind.as_str() }),
            Refusal::NotBlocked { status } => serde_json::json!({ "status": status.as_str() }),
            Refusal::NotActingStaff | Refusal::NoBasis => serde_json::json!({}),
        }
    }

    /// The refusal stored as its code and [`Refusal::args`]; `None` when they do not read back.
    pub fn from_stored(code: &str, args: &serde_json::Value) -> Option<Refusal> {
        let day = |k: &str| {
            args.get(k)
                .and_then(|v| v.as_str())
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        };
        Some(match code {
            "unknown_system" => Refusal::UnknownSystem(
                args.get("systems")?
                    .as_array()?
                    .iter()
                    .filter_map(|c| c.as_str().map(str::to_owned))
                    .collect(),
            ),
            "unknown_login" => Refusal::UnknownLogin {
                other_iin: args.get("other_iin")?.as_bool()?,
            },
            "not_acting_staff" => Refusal::NotActingStaff,
            "no_basis" => Refusal::NoBasis,
            "basis_too_old" => Refusal::BasisTooOld {
                order_date: day("order_date")?,
                limit: day("limit")?,
            },
            "basis_mismatch" => Refusal::BasisMismatch {
                kind: OrderKind::parse(args.get("kind")?.as_str()?)?,
            },
            "not_blocked" => Refusal::NotBlocked {
                status: AccountStatus::parse(args.get("status")?.as_str()?)?,
            },
            _ => return None,
        })
    }

    /// The paragraph of the Rules a refusal letter quotes.
    pub fn paragraph(&self) -> u32 {
        match self {
            Refusal::UnknownSystem(_) | Refusal::UnknownLogin { .. } => 19,
            Refusal::NotActingStaff => 30,
            Refusal::NoBasis | Refusal::BasisTooOld { .. } => 23,
            Refusal::BasisMismatch { .. } => 23,
            Refusal::NotBlocked { .. } => 29,
        }
    }
}

/// §19, §23, §27, §29, §30: every rule the request breaks, in the order of DESIGN.md (empty: it
/// may be answered). The first is the reason of the refusal.
pub fn check(req: &Request, facts: &Facts) -> Vec<Refusal> {
    let mut out = Vec::new();
    if !facts.unknown_systems.is_empty() {
        out.push(Refusal::UnknownSystem(facts.unknown_systems.clone()));
    }
    let own_account = facts.account.as_ref().filter(|a| a.iin == req.iin);
    if req.kind.needs_login() && own_account.is_none() {
        out.push(Refusal::UnknownLogin {
            other_iin: facts.account.is_some(),
        });
    }
    // §30. A grant or change for someone no order names fails on its basis below; a
    // reactivation rests on no order, so the person must be known to be acting.
    let not_acting = facts.person == Some(EmployeeStatus::Dismissed)
        || (req.kind == RequestKind::Reactivate && facts.person.is_none());
    if req.kind != RequestKind::Block && not_acting {
        out.push(Refusal::NotActingStaff);
    }
    if req.needs_basis() {
        let best = facts
            .basis
            .iter()
            .max_by_key(|b| (b.kind.is_basis_for_access(), b.order_date));
        match best {
            None => out.push(Refusal::NoBasis),
            Some(b) => {
                let limit = one_year_limit(req.received_on());
                if b.order_date < limit {
                    out.push(Refusal::BasisTooOld {
                        order_date: b.order_date,
                        limit,
                    });
                }
                if !b.kind.is_basis_for_access() {
                    out.push(Refusal::BasisMismatch { kind: b.kind });
                }
            }
        }
    }
    if req.kind == RequestKind::Reactivate
        && let Some(a) = own_account
        && a.status != AccountStatus::Blocked
    {
        out.push(Refusal::NotBlocked { status: a.status });
    }
    out
}
