//! People and their state on a date, derived from their orders (§30).
//!
//! The rule lives in `crate::domain::employee`; the SQL here follows it for listings
//! (last order in effect by effective date, then order date, then hire < transfer < dismissal).

use super::{Store, Tx, on_pool, on_tx};
use chrono::NaiveDate;
use serde::Serialize;

/// A person on the as-of date: the name of their latest order and the order that decides their
/// state (none when nothing has taken effect yet).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct EmployeeRow {
    pub iin: String,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub email: Option<String>,
    pub position: Option<String>,
    pub department: Option<String>,
    pub last_kind: Option<String>,
    pub since: Option<NaiveDate>,
}

/// The rank of each of a person's orders, latest in effect first: rank 1 is the order that
/// decides the person's state (§30). Shared by the listings and the dismissals job.
macro_rules! rank_in_effect {
    () => {
        "row_number() OVER (PARTITION BY iin ORDER BY effective_date DESC, order_date DESC, \
         CASE kind WHEN 'dismissal' THEN 2 WHEN 'transfer' THEN 1 ELSE 0 END DESC, id DESC)"
    };
}
pub(crate) use rank_in_effect;

const STATE: &str = concat!(
    "SELECT e.iin, e.surname, e.name, e.patronymic, e.email, s.position, s.department, \
       s.kind AS last_kind, s.effective_date AS since \
     FROM employees e LEFT JOIN ( \
       SELECT iin, position, department, kind, effective_date, ",
    rank_in_effect!(),
    " AS rn FROM orders WHERE effective_date <= $1) s ON s.iin = e.iin AND s.rn = 1"
);

/// Everyone (or one IIN) with their state on `as_of`, by surname.
pub async fn list(
    store: &Store,
    as_of: NaiveDate,
    iin: Option<&str>,
) -> Result<Vec<EmployeeRow>, sqlx::Error> {
    let sql = format!("{STATE} WHERE ($2 IS NULL OR e.iin = $2) ORDER BY e.surname, e.name, e.iin");
    on_pool!(store, p => sqlx::query_as::<_, EmployeeRow>(sqlx::AssertSqlSafe(sql)).bind(as_of).bind(iin).fetch_all(p).await)
}

/// The name of a person on record (from their latest order), `None` when no order names the
/// IIN.
pub async fn name_of(
    tx: &mut Tx,
    iin: &str,
) -> Result<Option<(String, String, Option<String>)>, sqlx::Error> {
    on_tx!(tx, c => sqlx::query_as("SELECT surname, name, patronymic FROM orders WHERE iin = $1 \
            ORDER BY order_date DESC, id DESC LIMIT 1")
        .bind(iin).fetch_optional(&mut **c).await)
}
