//! A person's state on a date, derived from their orders (§30: access only for acting staff).
//!
//! The orders are taken in order of effective date; an order whose effective date is still
//! ahead has not taken effect. Among orders taking effect on the same day, the later order date
//! wins, and a dismissal comes after a hire or transfer of the same day.

use super::order::OrderKind;
use chrono::NaiveDate;
use serde::Serialize;

/// Whether a person is acting staff on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmployeeStatus {
    /// Hired or transferred, not dismissed: may be given access (§30).
    Acting,
    /// The last order in effect is a dismissal.
    Dismissed,
    /// Known from an order that has not taken effect yet.
    NotYetActing,
}

impl EmployeeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EmployeeStatus::Acting => "acting",
            EmployeeStatus::Dismissed => "dismissed",
            EmployeeStatus::NotYetActing => "not_yet_acting",
        }
    }

    pub fn parse(s: &str) -> Option<EmployeeStatus> {
        match s {
            "acting" => Some(EmployeeStatus::Acting),
            "dismissed" => Some(EmployeeStatus::Dismissed),
            "not_yet_acting" => Some(EmployeeStatus::NotYetActing),
            _ => None,
        }
    }
}

/// The rank of a kind among orders taking effect the same day (the store sorts by it too).
pub fn same_day_rank(kind: OrderKind) -> u8 {
    match kind {
        OrderKind::Hire => 0,
        OrderKind::Transfer => 1,
        OrderKind::Dismissal => 2,
    }
}

/// The status given by the last order in effect (`None`: no order has taken effect yet).
pub fn status_from_last(last_in_effect: Option<OrderKind>) -> EmployeeStatus {
    match last_in_effect {
        None => EmployeeStatus::NotYetActing,
        Some(OrderKind::Dismissal) => EmployeeStatus::Dismissed,
        Some(_) => EmployeeStatus::Acting,
    }
}

/// The order that decides a person's state on `as_of`, among `(effective_date, order_date, kind)`
/// triples: the index of the last one in effect.
pub fn deciding_order(
    orders: &[(NaiveDate, NaiveDate, OrderKind)],
    as_of: NaiveDate,
) -> Option<usize> {
    orders
        .iter()
        .enumerate()
        .filter(|(_, (eff, _, _))| *eff <= as_of)
        .max_by_key(|(i, (eff, date, kind))| (*eff, *date, same_day_rank(*kind), *i))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::parse_date;

    #[test]
    fn state_follows_effective_dates() {
        let d = |s| parse_date(s).unwrap();
        let orders = [
            (d("2026-01-10"), d("2026-01-05"), OrderKind::Hire),
            (d("2026-06-01"), d("2026-05-20"), OrderKind::Transfer),
            (d("2026-12-01"), d("2026-11-10"), OrderKind::Dismissal),
        ];
        assert_eq!(deciding_order(&orders, d("2026-01-09")), None);
        assert_eq!(deciding_order(&orders, d("2026-01-10")), Some(0));
        assert_eq!(deciding_order(&orders, d("2026-11-20")), Some(1));
        assert_eq!(deciding_order(&orders, d("2026-12-01")), Some(2));
        assert_eq!(
            status_from_last(Some(orders[2].2)),
            EmployeeStatus::Dismissed
        );
        let same_day = [
            (d("2026-03-01"), d("2026-02-01"), OrderKind::Dismissal),
            (d("2026-03-01"), d("2026-02-01"), OrderKind::Hire),
        ];
        assert_eq!(deciding_order(&same_day, d("2026-03-01")), Some(0));
    }
}
