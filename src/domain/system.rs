//! Information systems: the objects of access (§18). Each has a short code used in requests and
//! the directory, and its names in Kazakh and Russian (§11).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct System {
    pub code: String,
    pub name_kk: String,
    pub name_ru: String,
}

/// Why a system cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SystemError {
    #[error(
        "code {0:?}: use 2-16 characters: Latin capital letters, digits, '-' or '_', starting with a letter"
    )]
    BadCode(String),
    #[error("code {0}: the Kazakh and the Russian name are both required (§11)")]
    MissingName(String),
}

/// Checks a catalogue entry: an upper-case Latin code (it becomes a directory group name) and
/// both names.
pub fn check(code: &str, name_kk: &str, name_ru: &str) -> Result<System, SystemError> {
    let code = code.trim();
    let ok_code = (2..=16).contains(&code.len())
        && code.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !ok_code {
        return Err(SystemError::BadCode(code.to_owned()));
    }
    let (kk, ru) = (name_kk.trim(), name_ru.trim());
    if kk.is_empty() || ru.is_empty() {
        return Err(SystemError::MissingName(code.to_owned()));
    }
    Ok(System {
        code: code.to_owned(),
        name_kk: kk.to_owned(),
        name_ru: ru.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(check("ESOBES", "Е-Собес", "Е-Собес").is_ok());
        assert!(check("RT-2", "Еңбек нарығы", "Рынок труда").is_ok());
        for bad in [
            "e",
            "esobes",
            "1ABC",
            "AB CD",
            "АБВ",
            "A",
            "ABCDEFGHIJKLMNOPQ",
        ] {
            assert!(
                matches!(check(bad, "x", "y"), Err(SystemError::BadCode(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            check("RT", "", "Рынок труда"),
            Err(SystemError::MissingName(_))
        ));
    }
}
