//! `skud employees show IIN`: a person whole — their state on a date (§30) and the orders it
//! comes from, their accounts with the systems and functions granted, their access requests,
//! and the support tickets filed under their logins. Reads only.

use crate::domain::employee::{EmployeeStatus, deciding_order, status_from_last};
use crate::store::Store;
use crate::store::accounts::{self, AccountRow};
use crate::store::employees::{self, EmployeeRow};
use crate::store::orders::{self, OrderRow};
use crate::store::requests::{self, RequestRow};
use crate::store::tickets::{self, TicketRow};
use chrono::NaiveDate;

/// An account's systems with the functions granted.
pub type Rights = Vec<(String, Option<String>)>;

/// Everything on record about one person.
pub struct Person {
    pub row: EmployeeRow,
    pub status: EmployeeStatus,
    /// The order that decides the state on the date (an index into `orders`).
    pub deciding: Option<usize>,
    pub orders: Vec<OrderRow>,
    /// Each account with its systems and the functions granted.
    pub accounts: Vec<(AccountRow, Rights)>,
    pub requests: Vec<RequestRow>,
    pub tickets: Vec<TicketRow>,
}

impl Person {
    /// The order whose position and department are the person's: the one in effect, else the
    /// first still to come.
    pub fn current(&self) -> Option<&OrderRow> {
        self.deciding
            .or((!self.orders.is_empty()).then_some(0))
            .map(|i| &self.orders[i])
    }

    /// Since when the state holds.
    pub fn since(&self) -> Option<NaiveDate> {
        self.deciding.map(|i| self.orders[i].effective_date)
    }
}

/// The person with this IIN on `on`, or `None` when no order names them.
pub async fn person(db: &Store, iin: &str, on: NaiveDate) -> anyhow::Result<Option<Person>> {
    let Some(row) = employees::list(db, on, Some(iin)).await?.into_iter().next() else {
        return Ok(None);
    };
    let orders = orders::list(db, Some(iin), None, None, None).await?;
    let keys: Vec<_> = orders
        .iter()
        .map(|o| (o.effective_date, o.order_date, o.kind))
        .collect();
    let deciding = deciding_order(&keys, on);
    let status = status_from_last(deciding.map(|i| keys[i].2));
    let mine = accounts::Filter {
        iin: Some(iin),
        ..Default::default()
    };
    let mut with_systems = Vec::new();
    let mut tickets = Vec::new();
    for a in accounts::list(db, &mine).await? {
        let systems = accounts::systems(db, &a.login).await?;
        tickets.extend(tickets::list(db, false, None, Some(&a.login)).await?);
        with_systems.push((a, systems));
    }
    tickets.sort_by_key(|t| t.id);
    let asked = requests::Filter {
        iin: Some(iin),
        ..Default::default()
    };
    let requests = requests::list(db, &asked).await?;
    Ok(Some(Person {
        row,
        status,
        deciding,
        orders,
        accounts: with_systems,
        requests,
        tickets,
    }))
}
