//! The individual identification number (IIN, ЖСН, ИИН): who a person is in every order and
//! request.
//!
//! Twelve digits: the birth date `YYMMDD`, a century-and-sex digit (1–6: 1/2 for the 1800s, 3/4
//! for the 1900s, 5/6 for the 2000s), four serial digits and a check digit. The check digit is
//! `Σ dᵢ·i mod 11` over the first eleven digits with weights 1..11; if that is 10, it is computed
//! again with weights 3,4,5,6,7,8,9,10,11,1,2; if it is 10 again, the number is invalid.

use chrono::NaiveDate;
use std::fmt;

/// A checked IIN: twelve digits, a real birth date, a known century digit, a right check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Iin(String);

/// Why a string is not an IIN. Each variant is a sentence of the `invalid_iin` reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IinError {
    #[error("not 12 digits")]
    NotTwelveDigits,
    #[error("impossible birth date")]
    BirthDate,
    #[error("century digit is not 1-6")]
    Century,
    #[error("wrong check digit")]
    CheckDigit,
}

impl IinError {
    /// The key of the message that explains this error (see `src/i18n/*/main.ftl`).
    pub fn message_key(self) -> &'static str {
        match self {
            IinError::NotTwelveDigits => "iin-not-twelve-digits",
            IinError::BirthDate => "iin-birth-date",
            IinError::Century => "iin-century",
            IinError::CheckDigit => "iin-check-digit",
        }
    }
}

const WEIGHTS_1: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const WEIGHTS_2: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// The check digit of the first eleven digits, or `None` when both passes give 10 (no valid IIN
/// has these eleven digits).
pub fn check_digit(first11: &[u8; 11]) -> Option<u8> {
    let sum = |w: &[u32; 11]| -> u32 {
        first11
            .iter()
            .zip(w)
            .map(|(d, w)| u32::from(*d) * w)
            .sum::<u32>()
            % 11
    };
    match sum(&WEIGHTS_1) {
        10 => match sum(&WEIGHTS_2) {
            10 => None,
            c => Some(c as u8),
        },
        c => Some(c as u8),
    }
}

impl Iin {
    /// Parses and checks an IIN as written (surrounding spaces are the caller's business).
    pub fn parse(s: &str) -> Result<Iin, IinError> {
        let b = s.as_bytes();
        if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
            return Err(IinError::NotTwelveDigits);
        }
        let d: Vec<u8> = b.iter().map(|c| c - b'0').collect();
        let century = match d[6] {
            1 | 2 => 1800,
            3 | 4 => 1900,
            5 | 6 => 2000,
            _ => return Err(IinError::Century),
        };
        let year = century + i32::from(d[0] * 10 + d[1]);
        let month = u32::from(d[2] * 10 + d[3]);
        let day = u32::from(d[4] * 10 + d[5]);
        if NaiveDate::from_ymd_opt(year, month, day).is_none() {
            return Err(IinError::BirthDate);
        }
        let mut first11 = [0u8; 11];
        first11.copy_from_slice(&d[..11]);
        match check_digit(&first11) {
            Some(c) if c == d[11] => Ok(Iin(s.to_owned())),
            _ => Err(IinError::CheckDigit),
        }
    }

    /// An IIN as an office suite may have written it: 12 digits, or 11 whose form with a
    /// leading zero is valid (a spreadsheet held the IIN as a number and dropped the zero). The
    /// flag says the zero was restored. Nothing else is guessed.
    pub fn parse_as_written(s: &str) -> Result<(Iin, bool), IinError> {
        match Iin::parse(s) {
            Ok(iin) => Ok((iin, false)),
            Err(e) if s.len() == 11 && s.bytes().all(|b| b.is_ascii_digit()) => {
                Iin::parse(&format!("0{s}"))
                    .map(|i| (i, true))
                    .map_err(|_| e)
            }
            Err(e) => Err(e),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid IIN from its first eleven digits (test helper).
    fn complete(first11: &str) -> String {
        let mut d = [0u8; 11];
        for (i, c) in first11.bytes().enumerate() {
            d[i] = c - b'0';
        }
        format!(
            "{first11}{}",
            check_digit(&d).expect("serial with a check digit")
        )
    }

    #[test]
    fn accepts_valid_numbers() {
        for first in ["88030140012", "05031250123", "99123130001", "00022960007"] {
            let iin = complete(first);
            assert_eq!(Iin::parse(&iin).map(|i| i.to_string()), Ok(iin));
        }
    }

    #[test]
    fn second_pass_weights_are_used() {
        // Find eleven digits whose first pass gives 10 and check that the second pass decides.
        let mut found = false;
        for serial in 0..10_000u32 {
            let first = format!("8803013{serial:04}");
            let d: Vec<u8> = first.bytes().map(|c| c - b'0').collect();
            let s1: u32 = d
                .iter()
                .zip(WEIGHTS_1)
                .map(|(d, w)| u32::from(*d) * w)
                .sum::<u32>()
                % 11;
            if s1 == 10 {
                let mut a = [0u8; 11];
                a.copy_from_slice(&d);
                if let Some(c) = check_digit(&a) {
                    let s2: u32 = d
                        .iter()
                        .zip(WEIGHTS_2)
                        .map(|(d, w)| u32::from(*d) * w)
                        .sum::<u32>()
                        % 11;
                    assert_eq!(u32::from(c), s2);
                    assert!(Iin::parse(&format!("{first}{c}")).is_ok());
                    found = true;
                    break;
                }
            }
        }
        assert!(found);
    }

    #[test]
    fn rejects_bad_numbers() {
        let good = complete("88030140012");
        let last = good.as_bytes()[11] - b'0';
        let bad = format!("{}{}", &good[..11], (last + 1) % 10);
        assert_eq!(Iin::parse(&bad), Err(IinError::CheckDigit));
        assert_eq!(Iin::parse("8803014001"), Err(IinError::NotTwelveDigits));
        assert_eq!(Iin::parse("88030140012a"), Err(IinError::NotTwelveDigits));
        assert_eq!(Iin::parse(" 880301400123"), Err(IinError::NotTwelveDigits));
        assert_eq!(Iin::parse("8803014001234"), Err(IinError::NotTwelveDigits));
        assert_eq!(Iin::parse("881301400123"), Err(IinError::BirthDate));
        assert_eq!(Iin::parse("880230400123"), Err(IinError::BirthDate));
        assert_eq!(Iin::parse("880301700123"), Err(IinError::Century));
        assert_eq!(Iin::parse("880301000123"), Err(IinError::Century));
        assert_eq!(Iin::parse("٨٨٠٣٠١٤٠٠١٢٣"), Err(IinError::NotTwelveDigits));
    }

    #[test]
    fn leap_days_follow_the_century() {
        // 29 Feb 2000 exists; 29 Feb 1900 does not.
        assert!(Iin::parse(&complete("00022950007")).is_ok());
        assert_eq!(
            Iin::parse(&complete("00022930007")),
            Err(IinError::BirthDate)
        );
    }
}
