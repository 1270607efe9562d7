//! Date and time options: one grammar for all of them (`DD.MM.YYYY` or `YYYY-MM-DD`, a time
//! `HH:MM` where a moment is wanted, Asia/Almaty). A value that is not one is clap's usage error
//! naming the flag (exit 2), in the reader's language.

use crate::context::{bad_when_text, read_day, read_moment};
use crate::i18n::Lang;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// `value_parser` of a day option.
pub fn day(s: &str) -> Result<NaiveDate, String> {
    read_day(s).map_err(|bad| bad_when_text(Lang::early(), s, bad))
}

/// `value_parser` of a moment option: a day alone is its first minute.
pub fn moment(s: &str) -> Result<DateTime<FixedOffset>, String> {
    read_moment(s).map_err(|bad| bad_when_text(Lang::early(), s, bad))
}
