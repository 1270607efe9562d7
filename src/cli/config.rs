//! `skud config show|init`: what skud will use and where each value came from; a commented file
//! to start from. Nothing is written unless asked.

use super::output;
use crate::config::TEMPLATE;
use crate::context::{Context, Source};
use crate::exit::{Exit, UsageError};
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Print the resolved values and where each came from (secrets masked)
    Show,
    /// Write a commented configuration file (refuses to overwrite)
    Init {
        /// Where to write it (default: $XDG_CONFIG_HOME/skud/skud.toml)
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    match cmd {
        Cmd::Show => show(ctx),
        Cmd::Init { out } => init(ctx, out),
    }
}

/// One setting: its key, its value (secrets masked) and where it came from.
type Setting = (&'static str, String, &'static str);

fn show(ctx: &Context) -> anyhow::Result<Exit> {
    let values = settings(ctx);
    if ctx.json {
        let map: serde_json::Map<String, serde_json::Value> = values
            .iter()
            .map(|(k, v, s)| {
                (
                    (*k).to_owned(),
                    serde_json::json!({ "value": v, "source": s }),
                )
            })
            .collect();
        output::json(&map)?;
    } else {
        let rows: Vec<Vec<String>> = values
            .into_iter()
            .map(|(k, v, s)| {
                let source = crate::i18n::tr!(ctx.lang, "value-source", code = s);
                vec![k.to_owned(), v, source]
            })
            .collect();
        let header = ["col-key", "col-value", "col-source"]
            .map(|k| crate::i18n::tr!(ctx.lang, k))
            .to_vec();
        output::table(&header, &rows)?;
    }
    Ok(Exit::Ok)
}

/// The settings in effect, in the order `config show` lists them.
fn settings(ctx: &Context) -> Vec<Setting> {
    let src = Context::describe_source;
    // A value from the configuration file, or the default.
    let file_or_default = |set: bool| {
        src(if set {
            Source::ConfigFile
        } else {
            Source::Default
        })
    };
    let file = ctx.config_path.as_ref().map(|p| p.display().to_string());
    let c = &ctx.config;
    let template = c.login.as_ref().and_then(|l| l.template.clone());
    let calendar = c.calendar.as_ref().and_then(|c| c.file.as_ref());
    let mut values = vec![
        (
            "config",
            file.clone()
                .unwrap_or_else(|| crate::i18n::tr!(ctx.lang, "config-none")),
            if file.is_some() { "found" } else { "-" },
        ),
        ("db", ctx.db.masked(), src(ctx.db_source)),
        ("lang", ctx.lang.as_str().into(), src(ctx.lang_source)),
        ("admin", ctx.admin.clone(), src(ctx.admin_source)),
        (
            "as_of",
            ctx.as_of
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            src(ctx.as_of_source),
        ),
        (
            "login.template",
            template
                .clone()
                .unwrap_or_else(|| crate::domain::login::DEFAULT_TEMPLATE.into()),
            file_or_default(template.is_some()),
        ),
        (
            "calendar.file",
            calendar.map_or_else(
                || crate::i18n::tr!(ctx.lang, "config-shipped-calendar"),
                |p| p.display().to_string(),
            ),
            file_or_default(calendar.is_some()),
        ),
        (
            "mail.from",
            ctx.mail_from(),
            file_or_default(c.mail.as_ref().is_some_and(|m| m.from.is_some())),
        ),
    ];
    values.extend(ldap_settings(ctx));
    values
}

/// The directory's URL and where its bind password comes from (never the password).
fn ldap_settings(ctx: &Context) -> [Setting; 2] {
    let ldap = ctx.config.ldap.as_ref();
    let source = match ldap {
        Some(_) => Context::describe_source(Source::ConfigFile),
        None => "-",
    };
    let url = ldap
        .and_then(|l| l.url.clone())
        .unwrap_or_else(|| crate::i18n::tr!(ctx.lang, "config-not-configured"));
    let password = match ldap {
        Some(l) if l.bind_password_env.is_some() => {
            format!("*** (${})", l.bind_password_env.as_deref().unwrap_or(""))
        }
        Some(l) if l.bind_password_file.is_some() => format!(
            "*** ({})",
            l.bind_password_file
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        ),
        _ => crate::i18n::tr!(ctx.lang, "config-none"),
    };
    [
        ("ldap.url", url, source),
        ("ldap.bind_password", password, source),
    ]
}

fn init(ctx: &Context, out: Option<PathBuf>) -> anyhow::Result<Exit> {
    let path = match out {
        Some(p) => p,
        None => crate::config::xdg_dir("XDG_CONFIG_HOME", ".config")
            .map(|d| d.join("skud/skud.toml"))
            .ok_or_else(|| UsageError("no $XDG_CONFIG_HOME or $HOME: pass --out FILE".into()))?,
    };
    // The configuration names secrets' files and the database: the owner only, never over an
    // existing configuration.
    let rules = crate::files::Rules::private("config");
    crate::files::check(&path, &rules)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::files::write(&path, &rules, TEMPLATE.as_bytes())?;
    if ctx.json {
        output::json(&serde_json::json!({ "written": path.display().to_string() }))?;
    } else {
        println!("{}", path.display());
    }
    Ok(Exit::Ok)
}
