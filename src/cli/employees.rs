//! `skud employees list|show`: each person's state on the as-of date, derived from their orders
//! by effective date (§30: access only for acting staff).

use super::output;
use crate::context::Context;
use crate::domain::employee::{EmployeeStatus, deciding_order, status_from_last};
use crate::domain::iin::Iin;
use crate::domain::order::OrderKind;
use crate::domain::order::full_name;
use crate::exit::{Exit, UsageError};
use crate::i18n::tr;
use crate::store::{employees, orders};

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// List everyone named by an order, with their state on the as-of date
    List {
        /// Only people in this state
        #[arg(long, value_parser = ["acting", "dismissed", "not_yet_acting"])]
        status: Option<String>,
    },
    /// One person: their state on the as-of date and all their orders
    Show {
        /// The person's IIN
        iin: String,
    },
}

fn kind_of(s: &str) -> Option<OrderKind> {
    OrderKind::parse(s)
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    match cmd {
        Cmd::List { status } => list(ctx, status.as_deref().and_then(EmployeeStatus::parse)).await,
        Cmd::Show { iin } => show(ctx, &iin).await,
    }
}

async fn list(ctx: &Context, only: Option<EmployeeStatus>) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let rows = employees::list(&db, ctx.today(), None).await?;
    let with_status = rows.into_iter().map(|e| {
        let status = status_from_last(e.last_kind.as_deref().and_then(kind_of));
        (e, status)
    });
    let rows: Vec<_> = with_status
        .filter(|(_, s)| only.is_none_or(|o| o == *s))
        .collect();
    if ctx.json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|(e, s)| {
                serde_json::json!({
                    "iin": e.iin, "surname": e.surname, "name": e.name, "patronymic": e.patronymic,
                    "position": e.position, "department": e.department, "status": s.as_str(), "since": e.since,
                })
            })
            .collect();
        output::json(&serde_json::json!({ "as_of": ctx.today(), "employees": list }))?;
        return Ok(Exit::Ok);
    }
    let l = ctx.lang;
    let header = [
        "col-iin",
        "col-full-name",
        "col-status",
        "col-position",
        "col-department",
        "col-since",
    ]
    .map(|k| tr!(l, k))
    .to_vec();
    let table: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(e, s)| {
            vec![
                e.iin,
                full_name(&e.surname, &e.name, e.patronymic.as_deref()),
                tr!(l, &format!("status-{}", s.as_str())),
                e.position.unwrap_or_default(),
                e.department.unwrap_or_default(),
                e.since
                    .map(|d| d.format("%d.%m.%Y").to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    output::table(&header, &table)?;
    Ok(Exit::Ok)
}

async fn show(ctx: &Context, iin: &str) -> anyhow::Result<Exit> {
    let iin = Iin::parse(iin.trim()).map_err(|e| {
        UsageError(format!(
            "{iin:?} is not a valid IIN: {}",
            tr!(ctx.lang, e.message_key())
        ))
    })?;
    let (db, _) = super::open(ctx).await?;
    let Some(person) = employees::list(&db, ctx.today(), Some(iin.as_str()))
        .await?
        .into_iter()
        .next()
    else {
        anyhow::bail!(
            "{}",
            tr!(ctx.lang, "employee-not-found", iin = iin.as_str())
        );
    };
    let history = orders::list(&db, Some(iin.as_str()), None, None, None).await?;
    let keys: Vec<_> = history
        .iter()
        .map(|o| (o.effective_date, o.order_date, o.kind))
        .collect();
    let deciding = deciding_order(&keys, ctx.today());
    let status = status_from_last(deciding.map(|i| keys[i].2));
    // Position and department: of the order in effect, else of the first one still to come.
    let current = deciding
        .or(if history.is_empty() { None } else { Some(0) })
        .map(|i| &history[i]);
    if ctx.json {
        output::json(&serde_json::json!({
            "iin": person.iin, "surname": person.surname, "name": person.name, "patronymic": person.patronymic,
            "email": person.email,
            "position": current.map(|o| &o.position), "department": current.map(|o| &o.department),
            "status": status.as_str(), "since": deciding.map(|i| history[i].effective_date), "as_of": ctx.today(),
            "orders": history,
        }))?;
        return Ok(Exit::Ok);
    }
    let l = ctx.lang;
    println!(
        "{}  {}",
        person.iin,
        full_name(&person.surname, &person.name, person.patronymic.as_deref())
    );
    println!(
        "{}: {}",
        tr!(l, "col-status"),
        tr!(l, &format!("status-{}", status.as_str()))
    );
    if let Some(o) = current {
        println!("{}: {}", tr!(l, "col-position"), o.position);
        println!("{}: {}", tr!(l, "col-department"), o.department);
    }
    println!();
    let header = [
        "col-order-no",
        "col-order-date",
        "col-kind",
        "col-effective-date",
        "col-position",
        "col-department",
    ]
    .map(|k| tr!(l, k))
    .to_vec();
    let table: Vec<Vec<String>> = history
        .iter()
        .map(|o| {
            vec![
                o.order_no.clone(),
                o.order_date.format("%d.%m.%Y").to_string(),
                tr!(l, &format!("kind-{}", o.kind.as_str())),
                o.effective_date.format("%d.%m.%Y").to_string(),
                o.position.clone(),
                o.department.clone(),
            ]
        })
        .collect();
    output::table(&header, &table)?;
    Ok(Exit::Ok)
}
