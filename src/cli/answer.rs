//! Printing what an answering run did: `logins issue` and `requests apply` (the use case is
//! `app::answer`), and what a delivery run handed over.

use super::output;
use crate::app::answer::{Outcome, Report};
use crate::app::deliver::Delivered;
use crate::context::Context;
use crate::exit::Exit;
use crate::i18n::tr;

/// Prints a run's report (`done`: the summary's message; `nothing`: when nothing was pending).
pub fn print(ctx: &Context, report: &Report, done: &str, nothing: &str) -> anyhow::Result<Exit> {
    let exit = report.exit();
    let summary_key = if report.nothing_pending {
        nothing
    } else {
        done
    };
    if ctx.json {
        output::json(report)?;
        return Ok(exit);
    }
    for a in &report.answered {
        let line = match a.status {
            Outcome::Done => tr!(
                ctx.lang,
                "answer-line-done",
                id = a.id,
                kind = a.kind.as_str(),
                login = a.login.clone().unwrap_or_default()
            ),
            Outcome::Refused => tr!(
                ctx.lang,
                "answer-line-refused",
                id = a.id,
                reason = a.reason.clone().unwrap_or_default()
            ),
            Outcome::Skipped => tr!(
                ctx.lang,
                "answer-line-skipped",
                id = a.id,
                status = a.reason_code.clone().unwrap_or_default()
            ),
        };
        println!("{line}");
    }
    println!(
        "{}",
        tr!(
            ctx.lang,
            summary_key,
            done = report.done,
            refused = report.refused,
            skipped = report.skipped
        )
    );
    print_delivered(ctx, &report.delivered);
    for w in &report.unanswered {
        eprintln!("{w}");
    }
    if report.dry_run {
        output::dry_run_note(ctx.lang);
    }
    Ok(exit)
}

/// Prints what a delivery run did (stderr: paths and problems; never a password).
pub fn print_delivered(ctx: &Context, d: &Delivered) {
    for c in &d.credentials {
        eprintln!(
            "{}",
            tr!(ctx.lang, "credentials-written", path = c.as_str())
        );
    }
    for l in &d.letters {
        eprintln!("{}", tr!(ctx.lang, "letter-written", path = l.as_str()));
    }
    if d.sent > 0 {
        eprintln!("{}", tr!(ctx.lang, "mail-sent", count = d.sent));
    }
    for f in &d.failed {
        eprintln!("{}", tr!(ctx.lang, "mail-failed", detail = f.as_str()));
    }
    for why in d.later.iter().chain(&d.misconfigured) {
        eprintln!(
            "{}",
            tr!(
                ctx.lang,
                "mail-later",
                count = d.waiting,
                reason = why.as_str()
            )
        );
    }
    for c in d.cleaned.iter().chain(&d.warnings) {
        eprintln!("{c}");
    }
}
