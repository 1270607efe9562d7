//! skud: access to the information systems of the Ministry of Labour and Social Protection of
//! the Republic of Kazakhstan by the Rules of Order No. 419 (26 December 2025).
//!
//! `main` parses the command line, resolves the [`context::Context`] once, runs the command,
//! and alone turns the outcome into a message and an exit status (see [`exit`]).

mod app;
mod audit;
mod cli;
mod config;
mod context;
mod daemon;
mod domain;
mod exit;
mod export;
mod files;
mod i18n;
mod import;
mod jobs;
#[cfg(test)]
mod layers;
mod ldap;
mod logging;
mod mail;
mod secrets;
mod store;

use clap::{CommandFactory, FromArgMatches};
use exit::Exit;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Like other Unix tools, stop quietly when the reader of our output goes away
    // (`skud orders list | head`), instead of panicking on the failed write.
    // SAFETY: setting a signal's disposition to the default, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    import::sheet_source::install_panic_hook();
    // --help and usage errors in the reader's language (§11): --lang, SKUD_LANG or the locale.
    let command = cli::help::localized(cli::Cli::command(), i18n::Lang::early());
    let matches = match command.try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            match cli::help::usage_error(&e, i18n::Lang::early()) {
                Some(text) => eprintln!("{text}"),
                None => {
                    let _ = e.print();
                }
            }
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    ExitCode::from(Exit::Usage.code())
                }
                _ => ExitCode::from(Exit::Usage.code()),
            };
        }
    };
    let parsed = match cli::Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(Exit::Usage.code());
        }
    };
    // The daemon sets up its own log lines (info by default, text or JSON).
    if !matches!(parsed.command, cli::Command::Daemon(_)) {
        logging::init(
            logging::level(parsed.global.quiet, parsed.global.verbose),
            false,
        );
    }
    let outcome =
        context::Context::resolve(cli::globals(&parsed.global, &matches)).and_then(|ctx| {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()?;
            // The daemon takes SIGINT and SIGTERM itself: the running job finishes first.
            let own_signals = matches!(parsed.command, cli::Command::Daemon(_));
            let result = runtime.block_on(async {
                if own_signals {
                    return cli::run(&ctx, parsed.command).await;
                }
                tokio::select! {
                    r = cli::run(&ctx, parsed.command) => r,
                    _ = tokio::signal::ctrl_c() => Err(anyhow::Error::new(Interrupted)),
                }
            });
            // A file reader still running after Ctrl-C stops at its next row; do not wait long.
            runtime.shutdown_timeout(std::time::Duration::from_secs(5));
            result
        });
    match outcome {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if e.is::<Interrupted>() => {
            eprintln!("skud: {}", i18n::Lang::display().msg("interrupted", &[]));
            ExitCode::from(Exit::Interrupted.code())
        }
        Err(e) => {
            let status = app::exit_status::of(&e);
            eprintln!("skud: {}", chain(&e));
            if status == Exit::Usage {
                eprintln!("{}", i18n::Lang::display().msg("try-help", &[]));
            }
            ExitCode::from(status.code())
        }
    }
}

/// Ctrl-C during a command: its transaction is dropped, so nothing is committed.
#[derive(Debug, thiserror::Error)]
#[error("interrupted")]
struct Interrupted;

/// The error and its causes, outermost first, without repeating a cause already quoted.
/// An error and its causes, each once; a file's error in the reader's language.
fn chain(e: &anyhow::Error) -> String {
    let lang = i18n::Lang::display();
    let text = |c: &(dyn std::error::Error + 'static)| {
        if let Some(f) = c.downcast_ref::<import::FileError>() {
            f.text(lang)
        } else if let Some(f) = c.downcast_ref::<files::FileError>() {
            f.text(lang)
        } else if let Some(f) = c.downcast_ref::<config::ConfigError>() {
            f.text(lang)
        } else if let Some(r) = c.downcast_ref::<app::revert_import::Refusal>() {
            r.text(lang)
        } else if let Some(r) = c.downcast_ref::<app::withdraw_request::Refusal>() {
            r.text(lang)
        } else if let Some(l) = c.downcast_ref::<ldap::LdapError>() {
            l.text(lang)
        } else if let Some(m) = c.downcast_ref::<mail::MailSettingsError>() {
            m.text(lang)
        } else {
            c.to_string()
        }
    };
    let mut out = text(e.as_ref());
    for cause in e.chain().skip(1) {
        let (english, c) = (cause.to_string(), text(cause));
        // A wrapper that quotes its cause in English gets the cause in the reader's words.
        if c != english && out.contains(&english) {
            out = out.replace(&english, &c);
        } else if !out.contains(&c) {
            out.push_str(": ");
            out.push_str(&c);
        }
    }
    out
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
