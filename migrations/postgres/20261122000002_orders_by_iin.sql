-- Orders of one person in effective-date order: employees show/list and request checks.
CREATE INDEX orders_by_iin ON orders (iin, effective_date);
