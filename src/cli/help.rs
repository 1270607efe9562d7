//! `--help` and the man pages in the reader's language (§11: the systems work in Kazakh and
//! Russian). The English text is the clap definitions' own (their doc comments); the Kazakh and
//! Russian ones are in `src/i18n/locales/{kk,ru}/help.ftl`, keyed by the command's path and the
//! argument's id: `help-requests-add` (the command's about), `help-requests-add--login` (an
//! argument), `help-requests-add--after` (the text after the options). A test keeps the three
//! in step: every English text has its Kazakh and Russian key.

use crate::i18n::Lang;
use clap::Command;

/// The key of a command's about (`path` is "skud", "skud-requests", "skud-requests-add").
fn key(path: &str, suffix: Option<&str>) -> String {
    let path = path.strip_prefix("skud").unwrap_or(path);
    let path = path.strip_prefix('-').unwrap_or(path);
    let base = if path.is_empty() {
        "help".to_owned()
    } else {
        format!("help-{path}")
    };
    match suffix {
        Some(s) => format!("{base}--{s}"),
        None => base,
    }
}

/// Every text of the tree that is translated, with its English original: (key, text).
#[cfg(test)]
pub fn texts(cmd: &Command) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(cmd, "skud", &mut out);
    out
}

#[cfg(test)]
fn collect(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
    if let Some(about) = cmd.get_about() {
        out.push((key(path, None), about.to_string()));
    }
    if let Some(after) = cmd.get_after_help() {
        out.push((key(path, Some("after")), after.to_string()));
    }
    if let Some(long) = cmd.get_long_about() {
        out.push((key(path, Some("long")), long.to_string()));
    }
    for arg in cmd.get_arguments() {
        if arg.is_global_set() && path != "skud" {
            continue;
        }
        if let Some(help) = arg.get_help() {
            out.push((key(path, Some(arg.get_id().as_str())), help.to_string()));
        }
    }
    for sub in cmd.get_subcommands() {
        collect(sub, &format!("{path}-{}", sub.get_name()), out);
    }
}

/// The tree with its texts in `lang` (English: as defined), and clap's own words (the
/// headings, the help and version flags) translated too.
pub fn localized(cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    localize(cmd, "skud", lang)
}

fn localize(mut cmd: Command, path: &str, lang: Lang) -> Command {
    let text = |k: String| lang.lookup(&k);
    if let Some(t) = text(key(path, None)) {
        cmd = cmd.about(t);
    }
    if let Some(t) = text(key(path, Some("after"))) {
        cmd = cmd.after_help(t);
    }
    if let Some(t) = text(key(path, Some("long"))) {
        cmd = cmd.long_about(t);
    }
    let (options, arguments) = (
        lang.msg("help-heading-options", &[]),
        lang.msg("help-heading-arguments", &[]),
    );
    let ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .filter(|a| !a.is_global_set() || path == "skud")
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in ids {
        let help = text(key(path, Some(&id)));
        let heading = if positional { &arguments } else { &options }.clone();
        cmd = cmd.mut_arg(id, |a| match help {
            Some(t) => a.help(t).help_heading(heading),
            None => a.help_heading(heading),
        });
    }
    let usage = lang.msg("help-usage", &[]);
    cmd = cmd
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage} {{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .subcommand_help_heading(lang.msg("help-heading-commands", &[]))
        .next_help_heading(options)
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(lang.msg("help-flag-help", &[])),
        )
        // -V on every command, as clap's propagated version flag has it.
        .version(env!("CARGO_PKG_VERSION"))
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(lang.msg("help-flag-version", &[])),
        );
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in subs {
        let sub_path = format!("{path}-{name}");
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub_path, lang));
    }
    cmd
}

/// A usage error of clap in the reader's language (`None`: English, or clap's own text is
/// the answer: help, version, a command missing).
pub fn usage_error(e: &clap::Error, lang: Lang) -> Option<String> {
    use crate::i18n::tr;
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if lang == Lang::En {
        return None;
    }
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let text = match e.kind() {
        ErrorKind::UnknownArgument => tr!(lang, "usage-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => {
            tr!(
                lang,
                "usage-unknown-command",
                arg = get(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::MissingRequiredArgument => tr!(lang, "usage-missing", arg = arg),
        ErrorKind::InvalidValue => tr!(
            lang,
            "usage-invalid-value",
            arg = arg,
            value = get(ContextKind::InvalidValue),
            valid = get(ContextKind::ValidValue)
        ),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            tr!(lang, "usage-bad-value", arg = arg, why = why)
        }
        ErrorKind::ArgumentConflict => tr!(
            lang,
            "usage-conflict",
            arg = arg,
            other = get(ContextKind::PriorArg)
        ),
        _ => return None,
    };
    Some(format!("skud: {text}\n{}", lang.msg("try-help", &[])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every English help text has its Kazakh and Russian translation. `SKUD_HELP_DUMP=1`
    /// prints the missing ones as Fluent lines to translate.
    #[test]
    fn every_help_text_is_translated() {
        let texts = texts(&crate::cli::Cli::command());
        assert!(texts.len() > 100, "{} texts", texts.len());
        let mut missing = Vec::new();
        for lang in [Lang::Kk, Lang::Ru] {
            for (k, english) in &texts {
                if lang.lookup(k).is_none() {
                    missing.push(format!(
                        "{} {k} = {}",
                        lang.as_str(),
                        english.replace('\n', " ")
                    ));
                }
            }
        }
        if std::env::var_os("SKUD_HELP_DUMP").is_some() {
            for m in &missing {
                println!("{m}");
            }
        }
        assert!(
            missing.is_empty(),
            "{} help texts untranslated, e.g. {:?}",
            missing.len(),
            missing.first()
        );
    }
}
