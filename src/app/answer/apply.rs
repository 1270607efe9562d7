//! `skud requests apply`: change (§27) and block requests answered on the account.

use super::{Report, Run, Selection, begin};
use crate::app::deliver::{self, Letters, Route, letter_route};
use crate::context::Context;
use crate::domain::account::BlockReason;
use crate::domain::request::RequestKind;
use crate::export::letters::Answer;
use crate::store::accounts;
use crate::store::requests::{self as store, RequestRow};
use chrono::Utc;
use std::path::PathBuf;

/// `skud requests apply`: answers pending change and block requests.
pub async fn apply(
    ctx: &Context,
    sel: Selection,
    outbox: Option<PathBuf>,
) -> anyhow::Result<Report> {
    sel.check(ctx)?;
    let route = letter_route(ctx, outbox)?;
    let (db, mut tx, pending, report) = match begin(
        ctx,
        &sel,
        [RequestKind::Change, RequestKind::Block],
        "logins issue",
    )
    .await?
    {
        Ok(started) => started,
        Err(nothing) => return Ok(nothing),
    };
    // Letters are sealed until delivered; a dry run makes no key.
    let key = match (&route, sel.dry_run) {
        (Route::None, _) | (_, true) => None,
        _ => Some(deliver::transit_key(ctx)?),
    };
    let systems = store::system_codes(&mut tx).await?;
    let mut run = Run {
        db,
        tx,
        letters: Letters { key, route },
        systems,
        report,
        audit: Vec::new(),
    };
    for r in &pending {
        if !run.refused_now(ctx, r).await? {
            answer(ctx, &mut run, r).await?;
        }
    }
    run.finish(ctx, "requests.apply").await
}

/// Answers one request that passed the rules: the account changed or blocked, the request's
/// status and the letter.
async fn answer(ctx: &Context, run: &mut Run, r: &RequestRow) -> anyhow::Result<()> {
    let login = r.login.clone().unwrap_or_default();
    let change = r.kind == RequestKind::Change;
    let functions = r.functions.as_deref();
    let mut codes = Vec::new();
    if change {
        let req = r
            .to_request()
            .ok_or_else(|| anyhow::anyhow!("request {}: its fields do not read back", r.id))?;
        if req.systems.is_empty() {
            // By difference: the rights not named stay as they are, with their functions.
            let (add, remove) = (&req.add_systems, &req.remove_systems);
            accounts::change_systems(&mut run.tx, &login, add, remove, functions).await?;
            codes = accounts::system_codes_in(&mut run.tx, &login).await?;
        } else {
            codes = req.systems_after(&[]);
            accounts::set_systems(&mut run.tx, &login, &codes, functions).await?;
        }
    } else {
        let note = format!("request {}", r.id);
        let at = ctx.as_of.with_timezone(&Utc);
        let reason = BlockReason::Request;
        accounts::block(&mut run.tx, &login, reason, Some(&note), at).await?;
    }
    run.mark_done(ctx, r, &login).await?;
    let joined = codes.join(", ");
    let (answer, what) = match change {
        true => (
            Answer::Changed {
                login: &login,
                systems: &joined,
            },
            "changed",
        ),
        false => (Answer::Blocked { login: &login }, "blocked"),
    };
    run.letter(ctx, r, &answer, what).await?;
    run.audit.push(
        serde_json::json!({ "request": r.id, "kind": r.kind, "login": login, "systems": codes }),
    );
    run.report.count_done(r, login);
    Ok(())
}
