//! Message catalogues: Kazakh, Russian and English (§11: the systems work in Kazakh and Russian).
//!
//! Every sentence a user reads — messages, reject reasons, report headers — comes from the
//! Fluent files in `src/i18n/locales/{kk,ru,en}/main.ftl`, embedded at build time. Russian
//! plurals (one/few/many/other) and Kazakh (one/other) are Fluent's business. A key missing in
//! one language falls back to English (a test keeps the three files in step).

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./src/i18n/locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static DISPLAY: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// The language of messages, reports and exported headers (`--lang`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Kk,
    Ru,
    En,
}

impl Lang {
    pub fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Kk => langid!("kk"),
            Lang::Ru => langid!("ru"),
            Lang::En => langid!("en"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "kk" => Some(Lang::Kk),
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language named by a POSIX locale (`kk_KZ.UTF-8`, `ru_RU`, `en_US`, `C`).
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let code = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or_default();
        Lang::parse(code)
    }

    /// The language named by the locale variables (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first
    /// one set), if it is one of ours.
    pub fn from_locale_env(env: &dyn Fn(&str) -> Option<String>) -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| env(v))
            .find(|v| !v.is_empty())
            .and_then(|l| Lang::from_locale(&l))
    }

    /// The language of what is printed before the configuration is read (a flag's value that
    /// is not one, `--help`): `--lang`, then `SKUD_LANG`, then the locale, else Russian. The
    /// `lang` of the configuration file applies from there on.
    pub fn early() -> Lang {
        static EARLY: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();
        *EARLY.get_or_init(|| {
            let args: Vec<String> = std::env::args().collect();
            Lang::early_from(&args, &|k| std::env::var(k).ok())
        })
    }

    /// The language the command runs in, once it is resolved (`Context::resolve`); until
    /// then [`Lang::early`]. For what is printed outside a command: its final error.
    pub fn display() -> Lang {
        DISPLAY.get().copied().unwrap_or_else(Lang::early)
    }

    /// Records the resolved language (the first call wins).
    pub fn set_display(lang: Lang) {
        let _ = DISPLAY.set(lang);
    }

    pub fn early_from(args: &[String], env: &dyn Fn(&str) -> Option<String>) -> Lang {
        let flag = args.iter().enumerate().rev().find_map(|(i, a)| {
            if a == "--lang" {
                args.get(i + 1).and_then(|v| Lang::parse(v))
            } else {
                a.strip_prefix("--lang=").and_then(Lang::parse)
            }
        });
        flag.or_else(|| env("SKUD_LANG").and_then(|v| Lang::parse(&v)))
            .or_else(|| Lang::from_locale_env(env))
            .unwrap_or(Lang::Ru)
    }

    /// A message without arguments, `None` when this language (or English) has no such key.
    pub fn lookup(self, key: &str) -> Option<String> {
        LOCALES.try_lookup(&self.id(), key)
    }

    /// Looks up a message with arguments.
    pub fn msg(self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.to_fluent()))
            .collect();
        LOCALES
            .try_lookup_with_args(&self.id(), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }
}

/// A message argument.
#[derive(Debug, Clone)]
pub enum Arg {
    Str(String),
    Num(f64),
}

impl Arg {
    fn to_fluent(&self) -> FluentValue<'static> {
        match self {
            Arg::Str(s) => FluentValue::from(s.clone()),
            Arg::Num(n) => FluentValue::from(*n),
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Str(s.clone())
    }
}
macro_rules! num_arg {
    ($($t:ty),*) => {$(impl From<$t> for Arg { fn from(n: $t) -> Arg { Arg::Num(n as f64) } })*};
}
num_arg!(u64, i64, usize, u32, i32, f64);

/// `tr!(lang, "key")` or `tr!(lang, "key", name = value, ...)`.
macro_rules! tr {
    ($lang:expr, $key:expr) => { $lang.msg($key, &[]) };
    ($lang:expr, $key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $lang.msg($key, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}
pub(crate) use tr;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(lang: &str) -> BTreeSet<String> {
        let path = format!(
            "{}/src/i18n/locales/{lang}/main.ftl",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        text.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
            .collect()
    }

    #[test]
    fn catalogues_have_the_same_keys() {
        let en = keys("en");
        assert!(en.len() > 20);
        assert_eq!(keys("ru"), en, "ru and en differ");
        assert_eq!(keys("kk"), en, "kk and en differ");
    }

    #[test]
    fn every_key_used_in_the_code_exists() {
        let en = keys("en");
        let src = format!("{}/src", env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(src)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let p = entry.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "rs") && !p.ends_with("i18n/mod.rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for part in text.split("tr!(").skip(1) {
                        let Some((_, rest)) = part.split_once(',') else {
                            continue;
                        };
                        let Some(rest) = rest.trim_start().strip_prefix('"') else {
                            continue;
                        };
                        let key = rest.split('"').next().unwrap_or_default();
                        if !key.is_empty() && !key.contains('{') && !en.contains(key) {
                            missing.push(format!("{}: {key}", p.display()));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from the catalogues: {missing:?}"
        );
    }

    #[test]
    fn russian_plurals() {
        let rows = |n: f64| Lang::Ru.msg("n-rows", &[("n", Arg::Num(n))]);
        assert_eq!(rows(1.0), "1 строка");
        assert_eq!(rows(2.0), "2 строки");
        assert_eq!(rows(5.0), "5 строк");
        assert_eq!(rows(11.0), "11 строк");
        assert_eq!(rows(12.0), "12 строк");
        assert_eq!(rows(21.0), "21 строка");
        assert_eq!(rows(22.0), "22 строки");
        assert_eq!(rows(25.0), "25 строк");
        assert_eq!(rows(111.0), "111 строк");
        assert_eq!(Lang::Kk.msg("n-rows", &[("n", Arg::Num(1.0))]), "1 жол");
        assert_eq!(Lang::En.msg("n-rows", &[("n", Arg::Num(1.0))]), "1 row");
        assert_eq!(Lang::En.msg("n-rows", &[("n", Arg::Num(2.0))]), "2 rows");
    }

    #[test]
    fn locales() {
        assert_eq!(Lang::from_locale("kk_KZ.UTF-8"), Some(Lang::Kk));
        assert_eq!(Lang::from_locale("ru_RU"), Some(Lang::Ru));
        assert_eq!(Lang::from_locale("C.UTF-8"), None);
    }

    #[test]
    fn early_language() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let none = |_: &str| None;
        let kk_locale = |k: &str| (k == "LANG").then(|| "kk_KZ.UTF-8".to_string());
        assert_eq!(Lang::early_from(&args(&["skud"]), &none), Lang::Ru);
        assert_eq!(Lang::early_from(&args(&["skud"]), &kk_locale), Lang::Kk);
        assert_eq!(
            Lang::early_from(&args(&["skud", "--lang", "en", "status"]), &kk_locale),
            Lang::En
        );
        assert_eq!(
            Lang::early_from(&args(&["skud", "--lang=kk"]), &none),
            Lang::Kk
        );
    }
}
