-- skud access workflow: requests (Appendix 2), accounts and their rights, the journal
-- (Appendix 1). Forward-only: never edit this file once released; add a new migration instead.

-- Access requests (§19): one person's line of an Appendix 2 letter, as received.
CREATE TABLE requests (
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
    status           TEXT NOT NULL CHECK (status IN ('pending', 'refused', 'done')),
    reason_code      TEXT,                     -- the refusal's first reason
    reasons          TEXT,                     -- every reason code, separated by ','
    reason_text      TEXT,                     -- the first reason as the answer worded it
    answered_at      TEXT,
    answer_login     TEXT,                     -- the login issued, changed, blocked or reactivated
    fingerprint      TEXT NOT NULL,            -- the same request sent twice is recorded once
    import_id        INTEGER REFERENCES imports(id),
    source_row       INTEGER,
    recorded_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX requests_fingerprint ON requests (fingerprint);
CREATE INDEX requests_status ON requests (status, due_at);
CREATE INDEX requests_iin ON requests (iin);

-- Accounts (§20). A row is never deleted, so a login is never issued twice (§26).
CREATE TABLE accounts (
    login               TEXT PRIMARY KEY,
    iin                 TEXT NOT NULL,
    surname             TEXT NOT NULL,
    name                TEXT NOT NULL,
    patronymic          TEXT,
    status              TEXT NOT NULL CHECK (status IN ('pending', 'active', 'blocked')),
    block_reason        TEXT CHECK (block_reason IN ('inactivity', 'dismissal', 'request', 'security')),
    block_note          TEXT,
    password_hash       TEXT NOT NULL,         -- Argon2id PHC string of the temporary password
    issued_at           TEXT NOT NULL,         -- the last issue of a temporary password
    password_changed_at TEXT,
    last_login_at       TEXT,
    blocked_at          TEXT,
    created_at          TEXT NOT NULL,
    request_id          INTEGER NOT NULL REFERENCES requests(id)
);
CREATE INDEX accounts_iin ON accounts (iin);
CREATE INDEX accounts_status ON accounts (status);

-- An account's rights: the systems it may use and the functions asked for (§27 replaces them).
CREATE TABLE account_systems (
    login       TEXT NOT NULL REFERENCES accounts(login),
    system_code TEXT NOT NULL REFERENCES systems(code),
    functions   TEXT,
    PRIMARY KEY (login, system_code)
);

-- The journal of Appendix 1 (§25): one row per login and temporary password issued.
-- Append-only; `no` is the form's № column.
CREATE TABLE journal (
    no           INTEGER PRIMARY KEY,
    issued_on    TEXT NOT NULL,
    login        TEXT NOT NULL REFERENCES accounts(login),
    request_id   INTEGER NOT NULL REFERENCES requests(id),
    letter       TEXT NOT NULL,                -- region / outgoing and incoming letter
    systems      TEXT NOT NULL,                -- codes separated by ','
    basis        TEXT NOT NULL,                -- the order's number and date
    basis_kind   TEXT NOT NULL,                -- hire | transfer | reactivation (§29: no order)
    admin        TEXT NOT NULL,
    full_name    TEXT NOT NULL,
    reactivation INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX journal_issued_on ON journal (issued_on);
