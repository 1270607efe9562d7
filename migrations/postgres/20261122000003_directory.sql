-- skud and the directory (LDAP / Active Directory): the state of the last pull.
-- Forward-only: never edit this file once released; add a new migration instead.

-- One row: when the last successful pull finished and what it read. The inactivity job
-- refuses to block on an older pull (§28, `[ldap] max_pull_age_h`).
CREATE TABLE directory_pull (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    finished_at TIMESTAMPTZ NOT NULL,
    entries     BIGINT NOT NULL,
    logins      BIGINT NOT NULL,
    registered  BIGINT NOT NULL
);
