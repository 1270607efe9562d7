//! `skud init`: create the database or bring its schema up to date. Idempotent: a second run
//! applies nothing and records nothing.

use crate::context::Context;
use crate::exit::Exit;
use crate::i18n::tr;

pub async fn run(ctx: &Context) -> anyhow::Result<Exit> {
    let (store, applied) = super::open(ctx).await?;
    if ctx.json {
        super::output::json(&serde_json::json!({
            "db": ctx.db.masked(), "backend": store.backend(), "migrations_applied": applied,
        }))?;
    } else {
        println!(
            "{}",
            tr!(ctx.lang, "init-done", db = ctx.db.masked(), n = applied)
        );
    }
    store.close().await;
    Ok(Exit::Ok)
}
