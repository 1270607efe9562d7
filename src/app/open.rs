//! Opening the database for a command or a job run.

use crate::context::Context;

/// Opens the database; when this created or migrated it, records that in the audit log.
pub async fn open(ctx: &Context) -> anyhow::Result<(crate::store::Store, usize)> {
    let (store, applied) = crate::store::Store::open(&ctx.db).await?;
    if applied > 0 {
        let mut tx = store.begin().await?;
        let entry = ctx.audit_entry(
            "init",
            serde_json::json!({ "db": ctx.db.masked() }),
            applied as i64,
            serde_json::json!({ "migrations_applied": applied }),
        );
        crate::store::audit::append(&mut tx, &entry).await?;
        tx.commit().await?;
    }
    Ok((store, applied))
}
