-- The directory that already exists (issue 11): entries skud did not make become governed
-- accounts (`skud ldap adopt`), the logins the directory already has are never issued (§26),
-- and a login taken in the directory between its issue and its push is replaced.
-- Forward-only: never edit this file once released; add a new migration instead.

-- accounts is rebuilt (SQLite cannot drop a NOT NULL or change a CHECK in place):
--   request_id  NULL for an adopted account: it was issued before skud, by no request of its own.
--   origin      'issued' (by `logins issue`) or 'adopted' (an existing directory entry).
--   block_reason  adds 'directory': locked or disabled in the directory when adopted, or the
--               directory refused the temporary password (the account then needs a reactivation).
--   replaced_by the login that replaced this one when the directory turned out to hold it
--               already; such an account is blocked for good and never pushed.
-- The rows that point at accounts (rights, journal, directory state) are set aside and put back
-- unchanged, so that dropping the old table breaks no foreign key and the keys stay enforced
-- (a rename with foreign keys on would repoint them at the old table).
CREATE TEMP TABLE keep_account_systems AS SELECT * FROM account_systems;
CREATE TEMP TABLE keep_journal AS SELECT * FROM journal;
CREATE TEMP TABLE keep_directory_entries AS SELECT * FROM directory_entries;
DELETE FROM directory_entries;
DELETE FROM journal;
DELETE FROM account_systems;

CREATE TABLE accounts_new (
    login               TEXT PRIMARY KEY,
    iin                 TEXT NOT NULL,
    surname             TEXT NOT NULL,
    name                TEXT NOT NULL,
    patronymic          TEXT,
    status              TEXT NOT NULL CHECK (status IN ('pending', 'active', 'blocked')),
    block_reason        TEXT CHECK (block_reason IN ('inactivity', 'dismissal', 'request', 'security', 'directory')),
    block_note          TEXT,
    password_hash       TEXT NOT NULL,         -- Argon2id PHC string of the temporary password ('!' when adopted)
    issued_at           TEXT NOT NULL,         -- the last issue of a temporary password (adopted: the entry's creation)
    password_changed_at TEXT,
    last_login_at       TEXT,
    blocked_at          TEXT,
    created_at          TEXT NOT NULL,
    request_id          INTEGER REFERENCES requests(id),
    password_sealed     TEXT,
    origin              TEXT NOT NULL DEFAULT 'issued' CHECK (origin IN ('issued', 'adopted')),
    replaced_by         TEXT,
    CHECK (request_id IS NOT NULL OR origin = 'adopted')
);
INSERT INTO accounts_new (login, iin, surname, name, patronymic, status, block_reason, block_note,
    password_hash, issued_at, password_changed_at, last_login_at, blocked_at, created_at, request_id,
    password_sealed, origin)
SELECT login, iin, surname, name, patronymic, status, block_reason, block_note, password_hash,
    issued_at, password_changed_at, last_login_at, blocked_at, created_at, request_id,
    password_sealed, 'issued'
FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
CREATE INDEX accounts_iin ON accounts (iin);
CREATE INDEX accounts_sealed ON accounts (login) WHERE password_sealed IS NOT NULL;
INSERT INTO account_systems SELECT * FROM keep_account_systems;
INSERT INTO journal SELECT * FROM keep_journal;
INSERT INTO directory_entries SELECT * FROM keep_directory_entries;
DROP TABLE keep_account_systems;
DROP TABLE keep_journal;
DROP TABLE keep_directory_entries;

-- A journal row that issues a new login in place of one the directory turned out to hold
-- names the login it replaces (the note of Appendix 1 says so).
ALTER TABLE journal ADD COLUMN replaces TEXT;

-- Every login the directory has under the users' base (uid, sAMAccountName, the local part of
-- userPrincipalName), recorded by each pull and adoption, whoever made the entry. The login
-- generator skips them like the logins skud issued itself (§26). Never deleted: a login once
-- seen in the directory was somebody's.
CREATE TABLE directory_logins (
    login   TEXT PRIMARY KEY,
    dn      TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
