//! Everything a command needs to know about its run, resolved once: the database, the language,
//! the moment treated as now, the administrator, how to print. Commands receive a [`Context`]
//! and never read the environment or the clock themselves.
//!
//! The one place that reads the real clock is [`real_now`]; `clippy.toml` forbids clock calls
//! anywhere else, so every rule about dates runs with the `--as-of` it is given.

use crate::audit;
use crate::config::{self, Config};
use crate::i18n::Lang;
use crate::store::DbUrl;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use std::io::IsTerminal;
use std::path::PathBuf;

pub use crate::domain::date::{
    BadWhen, almaty, from_almaty, in_almaty, json_time, read_day, read_moment,
};

/// A stored moment as RFC 3339 in Asia/Almaty (`--json` output).
pub fn rfc3339(at: DateTime<Utc>) -> String {
    json_time::rfc3339(at)
}

/// A stored moment as people read it: `DD.MM.YYYY HH:MM`, Asia/Almaty.
pub fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&almaty())
        .format("%d.%m.%Y %H:%M")
        .to_string()
}

/// The real clock. The only call of `Utc::now` in skud.
#[allow(clippy::disallowed_methods)]
pub fn real_now() -> DateTime<Utc> {
    Utc::now()
}

/// Parses `--as-of` and every other moment: the one grammar of [`read_moment`], Asia/Almaty.
pub fn parse_as_of(s: &str, lang: Lang) -> Result<DateTime<FixedOffset>, String> {
    read_moment(s).map_err(|bad| bad_when_text(lang, s, bad))
}

/// The sentence for something written as a day or a moment that is not one, in the reader's
/// language: "«31.11.2026» is no day: November has 30 days".
pub fn bad_when_text(lang: Lang, written: &str, bad: BadWhen) -> String {
    let value = written.trim();
    match bad {
        BadWhen::NoSuchDay { month, days } => {
            let month_in = crate::i18n::tr!(lang, "month-in", month = month);
            crate::i18n::tr!(
                lang,
                "when-no-such-day",
                value = value,
                month_in = month_in,
                days = days
            )
        }
        BadWhen::Unreadable => crate::i18n::tr!(lang, "when-unreadable", value = value),
    }
}

/// Where a resolved value came from (`skud config show`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Flag,
    Env,
    ConfigFile,
    Locale,
    Default,
}

/// The resolved run.
#[derive(Debug, Clone)]
pub struct Context {
    pub db: DbUrl,
    pub db_source: Source,
    pub lang: Lang,
    pub lang_source: Source,
    pub json: bool,
    /// The moment the command treats as now (Asia/Almaty).
    pub as_of: DateTime<FixedOffset>,
    pub as_of_source: Source,
    /// The real moment, for audit timestamps.
    pub now: DateTime<Utc>,
    pub admin: String,
    pub admin_source: Source,
    pub os_user: String,
    pub quiet: bool,
    pub config: Config,
    pub config_path: Option<PathBuf>,
}

/// The raw global options, with where each came from.
#[derive(Debug, Default)]
pub struct Globals {
    pub db: Option<(String, Source)>,
    pub config: Option<(PathBuf, Source)>,
    pub lang: Option<(Lang, Source)>,
    pub as_of: Option<(String, Source)>,
    pub admin: Option<(String, Source)>,
    pub json: bool,
    pub quiet: bool,
}

impl Context {
    /// Resolves the globals against the configuration file and the defaults.
    pub fn resolve(g: Globals) -> anyhow::Result<Context> {
        let (flag_cfg, env_cfg) = match &g.config {
            Some((p, Source::Env)) => (None, Some(p.as_path())),
            Some((p, _)) => (Some(p.as_path()), None),
            None => (None, None),
        };
        let loaded = config::load(flag_cfg, env_cfg)?;
        let cfg = loaded.config;

        let (db_text, db_source) = match (&g.db, &cfg.db) {
            (Some((u, s)), _) => (u.clone(), *s),
            (None, Some(u)) => (u.clone(), Source::ConfigFile),
            (None, None) => (default_db().display().to_string(), Source::Default),
        };
        let db =
            DbUrl::parse(&db_text).map_err(|e| crate::exit::UsageError(format!("--db: {e}")))?;

        let locale = Lang::from_locale_env(&|k| std::env::var(k).ok());
        let (lang, lang_source) = match (g.lang, cfg.lang, locale) {
            (Some((l, s)), _, _) => (l, s),
            (None, Some(l), _) => (l, Source::ConfigFile),
            (None, None, Some(l)) => (l, Source::Locale),
            _ => (Lang::Ru, Source::Default),
        };
        Lang::set_display(lang);

        let now = real_now();
        let (as_of, as_of_source) = match &g.as_of {
            Some((s, src)) => (
                parse_as_of(s, lang)
                    .map_err(|e| crate::exit::UsageError(format!("--as-of: {e}")))?,
                *src,
            ),
            None => (in_almaty(&now), Source::Default),
        };

        let os_user = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .ok()
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| {
                use std::os::unix::fs::MetadataExt;
                std::fs::metadata("/proc/self")
                    .map_or_else(|_| "unknown".into(), |m| format!("uid {}", m.uid()))
            });
        let (admin, admin_source) = match (&g.admin, &cfg.admin) {
            (Some((a, s)), _) if !a.trim().is_empty() => (a.trim().to_owned(), *s),
            (_, Some(a)) if !a.trim().is_empty() => (a.trim().to_owned(), Source::ConfigFile),
            _ => (os_user.clone(), Source::Default),
        };

        Ok(Context {
            db,
            db_source,
            lang,
            lang_source,
            json: g.json,
            as_of,
            as_of_source,
            now,
            admin,
            admin_source,
            os_user,
            quiet: g.quiet,
            config: cfg,
            config_path: loaded.path,
        })
    }

    /// The as-of date (Asia/Almaty calendar day).
    pub fn today(&self) -> NaiveDate {
        self.as_of.date_naive()
    }

    /// The date the next night's jobs run for: the dismissals at 00:30 and inactivity at 01:00
    /// (§28, §30) of the day after the as-of date.
    pub fn next_night(&self) -> NaiveDate {
        let today = self.today();
        today.succ_opt().unwrap_or(today)
    }

    /// §28's cutoffs on `day`, as moments: the cutoff day, accounts unused since its start, and
    /// the start of the login cutoff (earlier for Active Directory, which reports logins late).
    pub fn inactivity_cutoffs(&self, day: NaiveDate) -> (NaiveDate, DateTime<Utc>, DateTime<Utc>) {
        let (cutoff, login_cutoff) =
            crate::domain::inactivity::inactivity_cutoffs(day, self.config.directory_is_ad());
        (
            cutoff,
            Context::start_of_day(cutoff),
            Context::start_of_day(login_cutoff),
        )
    }

    /// Whether to draw progress bars: on a terminal, unless quiet.
    pub fn progress(&self) -> bool {
        !self.quiet && std::io::stderr().is_terminal()
    }

    /// An audit record of an action by this run's administrator.
    /// The working-day calendar (§22): the shipped data with `[calendar] file` merged in.
    pub fn calendar(&self) -> anyhow::Result<crate::domain::calendar::Calendar> {
        use crate::domain::calendar::Calendar;
        let Some(path) = self.config.calendar.as_ref().and_then(|c| c.file.as_ref()) else {
            return Ok(Calendar::shipped());
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            crate::exit::UsageError(crate::i18n::tr!(
                self.lang,
                "calendar-unreadable",
                path = path.display().to_string(),
                error = e.to_string()
            ))
        })?;
        Calendar::with_file(&text)
            .map_err(|e| crate::exit::UsageError(format!("{}: {e}", path.display())).into())
    }

    /// The login template (`[login] template`), checked.
    pub fn login_template(&self) -> anyhow::Result<String> {
        let t = self
            .config
            .login
            .as_ref()
            .and_then(|l| l.template.clone())
            .unwrap_or_else(|| crate::domain::login::DEFAULT_TEMPLATE.to_owned());
        crate::domain::login::check_template(&t).map_err(|e| {
            let why = match &e {
                crate::domain::login::TemplateError::Unknown(k) => {
                    crate::i18n::tr!(self.lang, "template-unknown", key = k.as_str())
                }
                other => crate::i18n::tr!(self.lang, other.message_key()),
            };
            crate::exit::UsageError(format!("[login] template «{t}»: {why}"))
        })?;
        Ok(t)
    }

    /// The sender of reply letters (`[mail] from`).
    pub fn mail_from(&self) -> String {
        self.config
            .mail
            .as_ref()
            .and_then(|m| m.from.clone())
            .unwrap_or_else(|| "skud@localhost".to_owned())
    }

    /// The start of a day in Asia/Almaty (00:00), as a UTC moment: where §28 counts from.
    pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
        from_almaty(&day.and_time(NaiveTime::MIN))
            .expect("Almaty's clock never skipped midnight")
            .with_timezone(&Utc)
    }

    /// The end of a day in Asia/Almaty (23:59:59), as a UTC moment: when §22 deadlines fall.
    pub fn end_of_day(day: NaiveDate) -> DateTime<Utc> {
        // The last pass of 23:59:59 (29 February 2024 had two, the clock going back at midnight).
        almaty()
            .from_local_datetime(&day.and_hms_opt(23, 59, 59).expect("a valid time"))
            .latest()
            .expect("Almaty's clock never skipped 23:59:59")
            .with_timezone(&Utc)
    }

    pub fn audit_entry(
        &self,
        action: &str,
        objects: serde_json::Value,
        count: i64,
        mut details: serde_json::Value,
    ) -> audit::Entry {
        if let Some(map) = details
            .as_object_mut()
            .filter(|_| self.as_of_source != Source::Default)
        {
            map.insert(
                "as_of".into(),
                serde_json::Value::String(self.as_of.to_rfc3339()),
            );
        }
        audit::Entry {
            at: self.now,
            actor: self.admin.clone(),
            os_user: self.os_user.clone(),
            action: action.to_owned(),
            objects,
            count,
            details,
        }
    }

    pub fn describe_source(s: Source) -> &'static str {
        match s {
            Source::Flag => "flag",
            Source::Env => "env",
            Source::ConfigFile => "config-file",
            Source::Locale => "locale",
            Source::Default => "default",
        }
    }
}

pub use crate::config::default_db;

/// The names of the host's system accounts (uid below 1000, and nobody): never issued as
/// logins (read from /etc/passwd; none when it cannot be read).
pub fn host_system_accounts() -> std::collections::HashSet<String> {
    let Ok(text) = std::fs::read_to_string("/etc/passwd") else {
        return std::collections::HashSet::new();
    };
    text.lines()
        .filter_map(|l| {
            let mut f = l.split(':');
            let name = f.next()?;
            let uid: u32 = f.nth(1)?.parse().ok()?;
            (uid < 1000 || uid == 65534).then(|| name.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_of_forms() {
        let at = |s| parse_as_of(s, Lang::En).map(|t| t.to_rfc3339());
        assert_eq!(at("2026-11-20"), Ok("2026-11-20T00:00:00+05:00".into()));
        assert_eq!(at("20.11.2026"), Ok("2026-11-20T00:00:00+05:00".into()));
        assert_eq!(
            at("2026-11-20T18:55"),
            Ok("2026-11-20T18:55:00+05:00".into())
        );
        assert_eq!(
            at("2026-11-20T13:55:00Z"),
            Ok("2026-11-20T18:55:00+05:00".into())
        );
        assert_eq!(
            at("2026-02-30"),
            Err("«2026-02-30» is no day: February has 28 days".into())
        );
    }

    #[test]
    fn almaty_from_the_time_zone_database() {
        let offset = |s: &str| parse_as_of(s, Lang::En).unwrap().offset().local_minus_utc() / 3600;
        assert_eq!(offset("2026-11-20T10:00"), 5);
        assert_eq!(offset("2024-03-01T00:00"), 5);
        assert_eq!(offset("2024-02-29T12:00"), 6);
        assert_eq!(offset("2023-06-01"), 6);
        assert_eq!(
            Context::end_of_day(NaiveDate::from_ymd_opt(2024, 1, 10).unwrap()).to_rfc3339(),
            "2024-01-10T17:59:59+00:00"
        );
        assert_eq!(
            rfc3339(Context::start_of_day(
                NaiveDate::from_ymd_opt(2024, 2, 1).unwrap()
            )),
            "2024-02-01T00:00:00+06:00"
        );
    }
}
