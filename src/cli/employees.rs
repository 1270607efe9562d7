//! `skud employees list|show`: each person's state on the as-of date, derived from their orders
//! by effective date (§30: access only for acting staff).

use super::output;
use crate::app::person::Person;
use crate::context::Context;
use crate::context::local_time;
use crate::domain::employee::{EmployeeStatus, status_from_last};
use crate::domain::iin::Iin;
use crate::domain::order::OrderKind;
use crate::domain::order::full_name;
use crate::domain::person_name::name_matches;
use crate::exit::{Exit, UsageError};
use crate::i18n::Lang;
use crate::i18n::tr;
use crate::store::employees;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// List everyone named by an order, with their state on the as-of date
    List {
        /// Only people in this state
        #[arg(long, value_parser = ["acting", "dismissed", "not_yet_acting"])]
        status: Option<String>,
        /// Only people whose full name holds this text: any part, in Cyrillic or Latin letters,
        /// case and ё/е aside
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
    },
    /// One person whole: their state on the as-of date, orders, accounts (state, systems with
    /// functions, last login), requests and support tickets
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
        Cmd::List { status, name } => {
            let only = status.as_deref().and_then(EmployeeStatus::parse);
            list(ctx, only, name.as_deref()).await
        }
        Cmd::Show { iin } => show(ctx, &iin).await,
    }
}

async fn list(
    ctx: &Context,
    only: Option<EmployeeStatus>,
    name: Option<&str>,
) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let rows = employees::list(&db, ctx.today(), None).await?;
    let with_status = rows.into_iter().map(|e| {
        let status = status_from_last(e.last_kind.as_deref().and_then(kind_of));
        (e, status)
    });
    let rows: Vec<_> = with_status
        .filter(|(_, s)| only.is_none_or(|o| o == *s))
        .filter(|(e, _)| {
            name.is_none_or(|n| {
                let full = full_name(&e.surname, &e.name, e.patronymic.as_deref());
                name_matches(&full, n)
            })
        })
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
        UsageError(tr!(
            ctx.lang,
            "reject-invalid-iin",
            value = iin,
            detail = tr!(ctx.lang, e.message_key())
        ))
    })?;
    let (db, _) = super::open(ctx).await?;
    let Some(p) = crate::app::person::person(&db, iin.as_str(), ctx.today()).await? else {
        anyhow::bail!(
            "{}",
            tr!(ctx.lang, "employee-not-found", iin = iin.as_str())
        );
    };
    if ctx.json {
        output::json(&person_json(ctx, &p))?;
    } else {
        print_person(ctx.lang, &p)?;
    }
    Ok(Exit::Ok)
}

fn person_json(ctx: &Context, p: &Person) -> serde_json::Value {
    let accounts: Vec<serde_json::Value> = p
        .accounts
        .iter()
        .map(|(a, sys)| {
            let mut v = super::accounts::account_json(a);
            v["systems"] = serde_json::json!(
                sys.iter()
                    .map(|(c, f)| serde_json::json!({ "code": c, "functions": f }))
                    .collect::<Vec<_>>()
            );
            v
        })
        .collect();
    let (person, current) = (&p.row, p.current());
    serde_json::json!({
        "iin": person.iin, "surname": person.surname, "name": person.name, "patronymic": person.patronymic,
        "email": person.email,
        "position": current.map(|o| &o.position), "department": current.map(|o| &o.department),
        "status": p.status.as_str(), "since": p.since(), "as_of": ctx.today(),
        "orders": p.orders,
        "accounts": accounts,
        "requests": p.requests.iter().map(|r| super::requests::show_json(ctx.lang, r)).collect::<Vec<_>>(),
        "tickets": p.tickets,
    })
}

fn print_person(l: Lang, p: &Person) -> anyhow::Result<()> {
    let (person, status, current, history) = (&p.row, p.status, p.current(), &p.orders);
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
    section(l, "person-orders", &header, &table)?;

    print_dealings(l, p)
}

/// The person's accounts, requests and tickets.
fn print_dealings(l: Lang, p: &Person) -> anyhow::Result<()> {
    let header = ["col-login", "col-status", "col-systems", "col-last-login"]
        .map(|k| tr!(l, k))
        .to_vec();
    let table: Vec<Vec<String>> = p
        .accounts
        .iter()
        .map(|(a, sys)| {
            let systems: Vec<String> = sys
                .iter()
                .map(|(c, f)| match f.as_deref().filter(|f| !f.is_empty()) {
                    Some(f) => format!("{c}: {f}"),
                    None => c.clone(),
                })
                .collect();
            vec![
                a.login.clone(),
                super::words::account_status(
                    l,
                    a.status.as_str(),
                    a.block_reason.0.map(|r| r.as_str()),
                ),
                systems.join("; "),
                a.last_login_at.map(local_time).unwrap_or_default(),
            ]
        })
        .collect();
    section(l, "person-accounts", &header, &table)?;

    let header = [
        "col-id",
        "col-kind",
        "col-status",
        "col-systems",
        "col-received",
        "col-due",
    ]
    .map(|k| tr!(l, k))
    .to_vec();
    let table: Vec<Vec<String>> = p
        .requests
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                super::words::request_kind(l, r.kind.as_str()),
                super::words::request_status(l, r.status.as_str()),
                super::requests::systems_text(r),
                local_time(r.received_at),
                local_time(r.due_at),
            ]
        })
        .collect();
    section(l, "person-requests", &header, &table)?;

    let header = [
        "col-id",
        "col-login",
        "col-subject",
        "col-submitted",
        "col-closed",
    ]
    .map(|k| tr!(l, k))
    .to_vec();
    let table: Vec<Vec<String>> = p
        .tickets
        .iter()
        .map(|t| {
            vec![
                t.id.to_string(),
                t.login.clone().unwrap_or_default(),
                t.subject
                    .clone()
                    .or_else(|| t.reason.clone())
                    .unwrap_or_default(),
                local_time(t.submitted_at),
                t.closed_at.map(local_time).unwrap_or_default(),
            ]
        })
        .collect();
    section(l, "person-tickets", &header, &table)
}

/// A titled part of a person's view: its table, or a dash when it is empty.
fn section(l: Lang, title: &str, header: &[String], rows: &[Vec<String>]) -> anyhow::Result<()> {
    println!();
    println!("{}:", tr!(l, title));
    if rows.is_empty() {
        println!("  —");
        return Ok(());
    }
    output::table(header, rows)
}
