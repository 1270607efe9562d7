//! The command line: clap definitions, one file per command group. Each command reads top to
//! bottom — parse → check (domain) → store → report — and returns an [`Exit`].

pub mod accounts;
pub mod answer;
pub mod audit;
pub mod calendar;
pub mod config;
pub mod docs;
pub mod employees;
pub mod help;
pub mod init;
pub mod jobs;
pub mod journal;
pub mod ldap;
pub mod logins;
pub mod mail;
pub mod orders;
pub mod output;
pub mod requests;
pub mod status;
pub mod systems;
pub mod tickets;
pub mod when;
pub mod words;

use crate::context::{Context, Globals, Source};
use crate::exit::Exit;
use crate::i18n::Lang;
use clap::parser::ValueSource;
use clap::{ArgMatches, Parser, Subcommand};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Exit status:
  0  done, nothing needs attention
  1  failed (I/O, database, bug); nothing half-done is left behind
  2  usage error (bad flags or arguments)
  3  done, but something needs attention (rows rejected, breaches found, accounts blocked)
  4  not run now, try later (a job's lock is held, the LDAP server is unreachable)

Rules cited as §N are those of Order No. 419 of 26 December 2025.";

/// Access to the Ministry's information systems by the Rules (Order No. 419): HR orders, access
/// requests, logins, the Appendix 1 journal, directory sync and the nightly jobs.
#[derive(Debug, Parser)]
#[command(name = "skud", version, about, long_about = None, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// `skud daemon`'s options.
#[derive(Debug, clap::Args)]
pub struct DaemonArgs {
    /// The schedule (default: [daemon] jobs, else the built-in jobs/default.toml)
    #[arg(long, value_name = "FILE")]
    pub jobs: Option<PathBuf>,
    /// Log lines as text, or as JSON objects for journald and log shippers (default: [daemon]
    /// log_format, else text)
    #[arg(long, value_enum, env = "SKUD_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    fn as_str(self) -> &'static str {
        match self {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        }
    }
}

/// Options every command takes.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Database URL: sqlite://PATH (default $XDG_DATA_HOME/skud/skud.db) or postgres://USER@HOST/DB
    #[arg(
        long,
        global = true,
        env = "SKUD_DB",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub db: Option<String>,
    /// Configuration file (default $XDG_CONFIG_HOME/skud/skud.toml, then /etc/skud/skud.toml)
    #[arg(long, global = true, env = "SKUD_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Language of messages, reports and exported headers (default from LANG, else ru)
    #[arg(long, global = true, env = "SKUD_LANG", value_enum)]
    pub lang: Option<Lang>,
    /// Print one JSON object (the command's summary) on stdout, nothing else
    #[arg(long, global = true)]
    pub json: bool,
    /// The moment treated as now: DD.MM.YYYY or YYYY-MM-DD, with HH:MM if wanted, Asia/Almaty
    /// (default: the clock)
    #[arg(long, global = true, env = "SKUD_AS_OF", value_name = "DATE[ HH:MM]")]
    pub as_of: Option<String>,
    /// The administrator recorded in the journal and the audit log
    #[arg(long, global = true, env = "SKUD_ADMIN", value_name = "FULL NAME")]
    pub admin: Option<String>,
    /// Print less on stderr (no progress bars, no notes)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more on stderr (-vv for debug logs)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database, or bring its schema up to date (idempotent)
    Init,
    /// The catalogue of information systems
    #[command(subcommand)]
    Systems(systems::Cmd),
    /// HR orders: hire, transfer, dismissal (§23)
    #[command(subcommand)]
    Orders(orders::Cmd),
    /// People named by orders and their state on the as-of date (§30)
    #[command(subcommand)]
    Employees(employees::Cmd),
    /// Access requests (Appendix 2): intake, answers, the filled form (§19, §22, §27)
    #[command(subcommand)]
    Requests(requests::Cmd),
    /// Logins: the policy, and issuing them with temporary passwords (§20, §22, §26)
    #[command(subcommand)]
    Logins(logins::Cmd),
    /// Accounts and their states: pending, active, blocked (§24, §28, §29)
    #[command(subcommand)]
    Accounts(accounts::Cmd),
    /// The journal of registration and login issue (Appendix 1, §25)
    #[command(subcommand)]
    Journal(journal::Cmd),
    /// The directory (LDAP / Active Directory): check the connection of [ldap]
    #[command(subcommand)]
    Ldap(ldap::Cmd),
    /// Reply letters (§22): hand them to the [mail] relay, list them
    #[command(subcommand)]
    Mail(mail::Cmd),
    /// The state at a glance: requests and tickets due, the next night's blocks, the last job
    /// runs, the directory, letters and credentials waiting, the audit head (exit 3: something
    /// needs a person)
    Status,
    /// Support tickets (§12-§15): open, close, list; due in three calendar days
    #[command(subcommand)]
    Tickets(tickets::Cmd),
    /// The nightly jobs (§28, §30, §22, §15, §17.2): run one now, or list the last runs
    #[command(subcommand)]
    Jobs(jobs::Cmd),
    /// Write one consistent copy of the database (§17.2)
    Backup(jobs::BackupArgs),
    /// Run the nightly jobs on their schedule (jobs/default.toml, Asia/Almaty) until SIGTERM
    #[command(
        after_help = "Logs go to stderr (journald under systemd): one line per run with \
its outcome and counts, and the logins blocked. SIGTERM or SIGINT: a running job finishes, then \
exit 0. Exit 2: a bad schedule or configuration."
    )]
    Daemon(DaemonArgs),
    /// Working days and days off: the calendar §22 deadlines are counted in
    Calendar(calendar::Args),
    /// The tamper-evident action log (§7)
    #[command(subcommand)]
    Audit(audit::Cmd),
    /// Show the resolved configuration, or write a commented one
    #[command(subcommand)]
    Config(config::Cmd),
    /// Write man pages for skud and every command
    Man(docs::ManArgs),
    /// Print a shell completion script
    Completions(docs::CompletionsArgs),
}

/// Reads the global options with where each value came from.
pub fn globals(g: &GlobalArgs, m: &ArgMatches) -> Globals {
    let src = |id: &str| match m.value_source(id) {
        Some(ValueSource::EnvVariable) => Source::Env,
        _ => Source::Flag,
    };
    Globals {
        db: g.db.clone().map(|v| (v, src("db"))),
        config: g.config.clone().map(|v| (v, src("config"))),
        lang: g.lang.map(|v| (v, src("lang"))),
        as_of: g.as_of.clone().map(|v| (v, src("as_of"))),
        admin: g.admin.clone().map(|v| (v, src("admin"))),
        json: g.json,
        quiet: g.quiet,
    }
}

/// Runs a parsed command.
pub async fn run(ctx: &Context, command: Command) -> anyhow::Result<Exit> {
    match command {
        Command::Init => init::run(ctx).await,
        Command::Systems(c) => systems::run(ctx, c).await,
        Command::Orders(c) => orders::run(ctx, c).await,
        Command::Employees(c) => employees::run(ctx, c).await,
        Command::Requests(c) => requests::run(ctx, c).await,
        Command::Logins(c) => logins::run(ctx, c).await,
        Command::Accounts(c) => accounts::run(ctx, c).await,
        Command::Journal(c) => journal::run(ctx, c).await,
        Command::Ldap(c) => ldap::run(ctx, c).await,
        Command::Jobs(c) => jobs::run(ctx, c).await,
        Command::Tickets(c) => tickets::run(ctx, c).await,
        Command::Mail(c) => mail::run(ctx, c).await,
        Command::Status => status::run(ctx).await,
        Command::Backup(a) => jobs::backup(ctx, a).await,
        Command::Daemon(a) => {
            let schedule = crate::daemon::load_schedule(ctx, a.jobs.as_deref())?;
            let format = a
                .log_format
                .map(|f| f.as_str().to_owned())
                .or_else(|| {
                    ctx.config
                        .daemon
                        .as_ref()
                        .and_then(|d| d.log_format.clone())
                })
                .unwrap_or_else(|| "text".to_owned());
            // The daemon's lines: info by default, text or JSON.
            crate::logging::init("info", format == "json");
            crate::daemon::run(ctx, schedule).await
        }
        Command::Calendar(a) => calendar::run(ctx, a),
        Command::Audit(c) => audit::run(ctx, c).await,
        Command::Config(c) => config::run(ctx, c),
        Command::Man(a) => docs::man(ctx, a),
        Command::Completions(a) => docs::completions(a),
    }
}

pub use crate::app::open::open;

#[cfg(test)]
mod tests {
    #[test]
    fn clap_definitions_are_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
