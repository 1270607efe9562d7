//! Stored codes as the reader's words, at display time (§11): account states and block
//! reasons, request kinds and states. `--json` keeps the codes.

use crate::i18n::{Lang, tr};

/// An account's state, with its block reason: "blocked (dismissal)" in the reader's language.
pub fn account_status(lang: Lang, status: &str, reason: Option<&str>) -> String {
    let state = tr!(lang, "value-account-status", code = status);
    match reason {
        Some(r) => format!("{state} ({})", tr!(lang, "value-block-reason", code = r)),
        None => state,
    }
}

pub fn request_kind(lang: Lang, kind: &str) -> String {
    tr!(lang, "value-request-kind", code = kind)
}

pub fn request_status(lang: Lang, status: &str) -> String {
    tr!(lang, "value-request-status", code = status)
}

/// Who a listing is about: `--iin`, `--login`, `--system` (each given must hold).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Who {
    /// Only those of this person
    #[arg(long, value_name = "IIN")]
    pub iin: Option<String>,
    /// Only those of this login
    #[arg(long, value_name = "LOGIN")]
    pub login: Option<String>,
    /// Only those with this information system
    #[arg(long, value_name = "CODE")]
    pub system: Option<String>,
}

impl Who {
    /// The values as compared: trimmed; a login in lower case, a system code in upper case.
    pub fn normalized(self) -> Who {
        let clean = |v: Option<String>, f: fn(&str) -> String| {
            v.map(|s| f(s.trim())).filter(|s| !s.is_empty())
        };
        Who {
            iin: clean(self.iin, str::to_owned),
            login: clean(self.login, str::to_lowercase),
            system: clean(self.system, str::to_uppercase),
        }
    }
}
