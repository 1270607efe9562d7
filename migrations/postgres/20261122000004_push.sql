-- skud and the directory: what was pushed to each entry (`ldap sync --push`).
-- Forward-only: never edit this file once released; add a new migration instead.

-- The temporary password between its issue and its push to the directory, sealed
-- (XChaCha20-Poly1305, the login as associated data) with the transit key, a file kept outside
-- the database and its backups. Cleared once the directory has it, and when the account is
-- blocked. Never the password in clear.
ALTER TABLE accounts ADD COLUMN password_sealed TEXT;
CREATE INDEX accounts_sealed ON accounts (login) WHERE password_sealed IS NOT NULL;

-- One row per account whose directory entry skud makes. Only these entries are ever modified;
-- nothing else in the directory is. The row is written (created = false) before the Add is
-- sent, and completed once the directory confirmed it: a run cut short in between finds the
-- row and takes over the entry it made (same employeeNumber), where an entry that was there
-- before skud is reported and left alone. Confirmed operations are recorded in batches, so a
-- run cut short resumes on the next one without sending anything twice.
CREATE TABLE directory_entries (
    login          TEXT PRIMARY KEY REFERENCES accounts(login),
    dn             TEXT NOT NULL,
    created        BOOLEAN NOT NULL,  -- the directory confirmed the entry's Add
    password_issue TIMESTAMPTZ,             -- accounts.issued_at of the temporary password pushed
    locked         BOOLEAN NOT NULL,  -- as pushed (§28-§30 blocks lock the entry)
    groups         TEXT NOT NULL,   -- the system codes whose groups hold it, sorted, ',' between
    pushed_at      TIMESTAMPTZ NOT NULL
);
