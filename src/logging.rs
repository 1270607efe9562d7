//! The one logging setup: lines on stderr, `skud=LEVEL,sqlx=error` unless `RUST_LOG` says
//! otherwise; text (coloured only on a terminal) or JSON, one object per line, for journald and
//! log shippers (the daemon's `--log-format json`).

/// Starts logging at `level` for skud's own lines.
pub fn init(level: &str, json: bool) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("skud={level},sqlx=error")));
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false);
    let _ = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}

/// The level of a command's log lines: warnings by default, info with -v, debug with -vv,
/// nothing but errors with -q.
pub fn level(quiet: bool, verbose: u8) -> &'static str {
    match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        _ => "debug",
    }
}
