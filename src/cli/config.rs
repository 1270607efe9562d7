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

fn show(ctx: &Context) -> anyhow::Result<Exit> {
    let src = Context::describe_source;
    let file = ctx.config_path.as_ref().map(|p| p.display().to_string());
    let ldap = ctx.config.ldap.as_ref();
    let ldap_source = if ldap.is_some() {
        src(Source::ConfigFile)
    } else {
        "-"
    };
    let values: Vec<(&str, String, &str)> = vec![
        (
            "config",
            file.clone().unwrap_or_else(|| "(none)".into()),
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
            ctx.config
                .login
                .as_ref()
                .and_then(|l| l.template.clone())
                .unwrap_or_else(|| crate::domain::login::DEFAULT_TEMPLATE.into()),
            if ctx
                .config
                .login
                .as_ref()
                .is_some_and(|l| l.template.is_some())
            {
                src(Source::ConfigFile)
            } else {
                src(Source::Default)
            },
        ),
        (
            "calendar.file",
            ctx.config
                .calendar
                .as_ref()
                .and_then(|c| c.file.as_ref())
                .map_or_else(
                    || "(shipped 2025-2027 data only)".into(),
                    |p| p.display().to_string(),
                ),
            if ctx
                .config
                .calendar
                .as_ref()
                .is_some_and(|c| c.file.is_some())
            {
                src(Source::ConfigFile)
            } else {
                src(Source::Default)
            },
        ),
        (
            "mail.from",
            ctx.mail_from(),
            if ctx.config.mail.as_ref().is_some_and(|m| m.from.is_some()) {
                src(Source::ConfigFile)
            } else {
                src(Source::Default)
            },
        ),
        (
            "ldap.url",
            ldap.and_then(|l| l.url.clone())
                .unwrap_or_else(|| "(not configured)".into()),
            ldap_source,
        ),
        (
            "ldap.bind_password",
            match ldap {
                Some(l) if l.bind_password_env.is_some() => format!(
                    "*** (from ${})",
                    l.bind_password_env.as_deref().unwrap_or("")
                ),
                Some(l) if l.bind_password_file.is_some() => {
                    format!(
                        "*** (from {})",
                        l.bind_password_file
                            .as_ref()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default()
                    )
                }
                _ => "(none)".into(),
            },
            ldap_source,
        ),
    ];
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
            .map(|(k, v, s)| vec![k.to_owned(), v, s.to_owned()])
            .collect();
        output::table(&["key".into(), "value".into(), "source".into()], &rows)?;
    }
    Ok(Exit::Ok)
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
