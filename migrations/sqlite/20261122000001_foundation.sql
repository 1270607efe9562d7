-- skud foundation: information systems, HR orders and the people they name, the audit log (§7).
-- Forward-only: never edit this file once released; add a new migration instead.

-- The catalogue of information systems (§4 of the 2021 order; the codes are skud's).
CREATE TABLE systems (
    code        TEXT PRIMARY KEY,
    name_kk     TEXT NOT NULL,
    name_ru     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- One row per run of an importing command (orders import, ...).
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    what        TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    admin       TEXT NOT NULL
);

-- The files of an import, in the order they were given.
CREATE TABLE import_files (
    id          INTEGER PRIMARY KEY,
    import_id   INTEGER NOT NULL REFERENCES imports(id),
    path        TEXT NOT NULL,
    format      TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    bytes       INTEGER NOT NULL
);

-- HR orders (§23). A row is never updated or deleted; re-importing it changes nothing.
CREATE TABLE orders (
    id              INTEGER PRIMARY KEY,
    order_no        TEXT NOT NULL,
    order_date      TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('hire', 'transfer', 'dismissal')),
    iin             TEXT NOT NULL,
    surname         TEXT NOT NULL,
    name            TEXT NOT NULL,
    patronymic      TEXT,
    position        TEXT NOT NULL,
    department      TEXT NOT NULL,
    effective_date  TEXT NOT NULL,
    email           TEXT,
    import_id       INTEGER NOT NULL REFERENCES imports(id),
    file_id         INTEGER NOT NULL REFERENCES import_files(id),
    source_row      INTEGER NOT NULL
);

-- The natural key. A named index rather than a table constraint, so that a bulk load can build
-- it once after the rows instead of row by row (see src/import/orders.rs). Led by the IIN, it
-- also serves every look-up of one person's orders.
CREATE UNIQUE INDEX orders_key ON orders (iin, order_no, order_date, kind);

-- The people named by orders, one row per IIN, with the name of their latest order. A view, not
-- a table: it is derived from the orders and can never disagree with them, and an import of a
-- million rows writes nothing twice.
CREATE VIEW employees AS
SELECT iin, surname, name, patronymic, email FROM (
    SELECT iin, surname, name, patronymic, email,
           row_number() OVER (PARTITION BY iin ORDER BY order_date DESC, id DESC) AS rn
    FROM orders) latest
WHERE rn = 1;

-- The action log (§7): append-only, each record carrying the hash of the one before.
CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    os_user     TEXT NOT NULL,
    action      TEXT NOT NULL,
    objects     TEXT NOT NULL,
    count       INTEGER NOT NULL,
    details     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);

-- The last record of the chain: appending locks it, and verify compares it with the log's end,
-- so that removing the newest records is found too.
CREATE TABLE audit_head (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    seq     INTEGER NOT NULL,
    hash    TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
