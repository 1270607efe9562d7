-- no-transaction
-- Requests as an administrator writes them (issue 15):
--   add_systems / remove_systems  a change request (§27) may name the systems to add and to
--                 take away instead of the whole new list; only additions need a basis (§23).
--   reason_args  what a refusal's sentence needs besides the request (JSON), so that it is
--                 written in the reader's language when shown, not in the answering one's.
--   status 'withdrawn'  a pending request taken back (`skud requests withdraw`); the moment is
--                 answered_at, the note reason_text.
-- SQLite cannot change a CHECK in place, so requests is rebuilt by the procedure of the SQLite
-- manual (foreign keys off around one transaction, so that the rows pointing at requests stay
-- as they are). Run again after a kill between the commit and its record, it does the same.
-- Forward-only: never edit this file once released; add a new migration instead.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE requests_new (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('grant', 'change', 'block', 'reactivate')),
    iin              TEXT NOT NULL,
    surname          TEXT NOT NULL,
    name             TEXT NOT NULL,
    patronymic       TEXT,
    login            TEXT,
    work_phone       TEXT,
    cell_phone       TEXT,
    ip               TEXT NOT NULL,
    position         TEXT NOT NULL,
    department       TEXT NOT NULL,
    systems          TEXT NOT NULL,            -- codes separated by ','
    functions        TEXT,
    basis_order_no   TEXT,
    basis_order_date TEXT,
    reply_email      TEXT NOT NULL,
    region           TEXT,
    letter_no        TEXT,
    letter_date      TEXT,
    incoming_no      TEXT,
    incoming_date    TEXT,
    received_at      TEXT NOT NULL,
    due_at           TEXT NOT NULL,            -- §22: end of the third working day after receipt
    status           TEXT NOT NULL CHECK (status IN ('pending', 'refused', 'done', 'withdrawn')),
    reason_code      TEXT,                     -- the refusal's first reason
    reasons          TEXT,                     -- every reason code, separated by ','
    reason_text      TEXT,                     -- the first reason as the answer worded it; a withdrawal's note
    answered_at      TEXT,                     -- answered or withdrawn
    answer_login     TEXT,                     -- the login issued, changed, blocked or reactivated
    fingerprint      TEXT NOT NULL,            -- the same request sent twice is recorded once
    import_id        INTEGER REFERENCES imports(id),
    source_row       INTEGER,
    recorded_at      TEXT NOT NULL,
    add_systems      TEXT,                     -- change: codes to add, separated by ','
    remove_systems   TEXT,                     -- change: codes to take away, separated by ','
    reason_args      TEXT                      -- the first refusal's arguments (JSON)
);
INSERT INTO requests_new (id, kind, iin, surname, name, patronymic, login, work_phone, cell_phone,
    ip, position, department, systems, functions, basis_order_no, basis_order_date, reply_email,
    region, letter_no, letter_date, incoming_no, incoming_date, received_at, due_at, status,
    reason_code, reasons, reason_text, answered_at, answer_login, fingerprint, import_id,
    source_row, recorded_at)
SELECT id, kind, iin, surname, name, patronymic, login, work_phone, cell_phone,
    ip, position, department, systems, functions, basis_order_no, basis_order_date, reply_email,
    region, letter_no, letter_date, incoming_no, incoming_date, received_at, due_at, status,
    reason_code, reasons, reason_text, answered_at, answer_login, fingerprint, import_id,
    source_row, recorded_at
FROM requests;
DROP TABLE requests;
ALTER TABLE requests_new RENAME TO requests;
CREATE UNIQUE INDEX requests_fingerprint ON requests (fingerprint);
CREATE INDEX requests_status ON requests (status, due_at);
CREATE INDEX requests_iin ON requests (iin);
COMMIT;
PRAGMA foreign_keys = ON;
