//! Directory values as the two flavours write them, converted as pure functions (tested here;
//! Active Directory cannot run on this machine, so its conventions are pinned by these tests).
//!
//! - OpenLDAP: GeneralizedTime (`20261122192802Z`) for `authTimestamp` (lastbind overlay) and
//!   `pwdChangedTime` (ppolicy); a locked account carries `pwdAccountLockedTime:
//!   000001010000Z` (locked until an administrator unlocks it).
//! - Active Directory: FILETIME (100-nanosecond intervals since 1601-01-01 UTC) for
//!   `lastLogonTimestamp` and `pwdLastSet` (`0` = must change at next logon); the
//!   ACCOUNTDISABLE bit of `userAccountControl`; `unicodePwd` as the UTF-16LE of the quoted
//!   password.
//!
//! Used by `ldap sync` (issue 5, being built): until then only the tests call them.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

/// `pwdAccountLockedTime` that locks an OpenLDAP account until an administrator unlocks it.
pub const OPENLDAP_LOCKED_FOREVER: &str = "000001010000Z";

/// userAccountControl: the account is disabled.
pub const UAC_ACCOUNTDISABLE: u32 = 0x0002;
/// userAccountControl: a normal user account.
pub const UAC_NORMAL_ACCOUNT: u32 = 0x0200;

/// FILETIME ticks between 1601-01-01 and 1970-01-01.
const FILETIME_UNIX_EPOCH: i64 = 116_444_736_000_000_000;

/// Reads a GeneralizedTime (`YYYYMMDDHHMMSS[.fraction]Z`).
pub fn parse_generalized_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    let body = s.strip_suffix('Z')?;
    let (main, _fraction) = body.split_once(['.', ',']).unwrap_or((body, ""));
    if main.len() != 14 || !main.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let naive = NaiveDateTime::parse_from_str(main, "%Y%m%d%H%M%S").ok()?;
    Some(Utc.from_utc_datetime(&naive))
}

/// Writes a GeneralizedTime in UTC (the tests' oracle).
#[cfg(test)]
pub fn generalized_time(t: DateTime<Utc>) -> String {
    t.format("%Y%m%d%H%M%SZ").to_string()
}

/// A FILETIME as a moment; `None` for 0 and `i64::MAX` (AD's "never").
pub fn from_filetime(ticks: i64) -> Option<DateTime<Utc>> {
    if ticks <= 0 || ticks == i64::MAX {
        return None;
    }
    let since_unix = ticks - FILETIME_UNIX_EPOCH;
    let secs = since_unix.div_euclid(10_000_000);
    let nanos = (since_unix.rem_euclid(10_000_000) * 100) as u32;
    Utc.timestamp_opt(secs, nanos).single()
}

/// A moment as FILETIME (the tests' oracle).
#[cfg(test)]
pub fn to_filetime(t: DateTime<Utc>) -> i64 {
    t.timestamp() * 10_000_000 + i64::from(t.timestamp_subsec_nanos() / 100) + FILETIME_UNIX_EPOCH
}

/// Whether userAccountControl has ACCOUNTDISABLE.
pub fn is_disabled(uac: u32) -> bool {
    uac & UAC_ACCOUNTDISABLE != 0
}

/// userAccountControl with the ACCOUNTDISABLE bit set or cleared, the other bits kept.
pub fn with_disabled(uac: u32, disabled: bool) -> u32 {
    if disabled {
        uac | UAC_ACCOUNTDISABLE
    } else {
        uac & !UAC_ACCOUNTDISABLE
    }
}

/// The `unicodePwd` value of a password: the password in double quotes, UTF-16LE.
pub fn unicode_pwd(password: &str) -> Vec<u8> {
    format!("\"{password}\"")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generalized_time_round_trip() {
        let t = parse_generalized_time("20261122192802Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-22T19:28:02+00:00");
        assert_eq!(generalized_time(t), "20261122192802Z");
        assert_eq!(parse_generalized_time("20261122192802.123456Z").unwrap(), t);
        assert!(parse_generalized_time("20261122192802").is_none());
        assert!(parse_generalized_time("2026112219Z").is_none());
        assert!(parse_generalized_time("20261399192802Z").is_none());
    }

    #[test]
    fn filetime_conversions() {
        // 2026-11-22T00:00:00Z, computed independently: (1795305600 s + 11644473600 s) * 10^7.
        let ticks = (1_795_305_600_i64 + 11_644_473_600) * 10_000_000;
        let t = from_filetime(ticks).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-22T00:00:00+00:00");
        assert_eq!(to_filetime(t), ticks);
        assert_eq!(
            from_filetime(0),
            None,
            "pwdLastSet 0: must change at next logon"
        );
        assert_eq!(from_filetime(i64::MAX), None, "never");
        let with_fraction = from_filetime(ticks + 1234567).unwrap();
        assert_eq!(to_filetime(with_fraction), ticks + 1234567);
    }

    #[test]
    fn account_control_bits() {
        let normal = UAC_NORMAL_ACCOUNT;
        let disabled = with_disabled(normal, true);
        assert_eq!(disabled, 0x0202);
        assert_eq!(with_disabled(disabled, false), normal);
        // Other bits survive: DONT_EXPIRE_PASSWORD (0x10000).
        assert_eq!(with_disabled(0x10200, true), 0x10202);
        assert_eq!(with_disabled(0x10202, false), 0x10200);
    }

    #[test]
    fn unicode_pwd_is_quoted_utf16le() {
        assert_eq!(unicode_pwd("Ab"), vec![b'"', 0, b'A', 0, b'b', 0, b'"', 0]);
        assert_eq!(unicode_pwd("ә").len(), 6);
    }
}
