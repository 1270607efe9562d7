-- The nightly jobs (their runs and locks) and the support tickets (§12-§15).
-- Forward-only: never edit this file once released; add a new migration instead.

-- Every run of a job, by `skud jobs run` or the daemon (`skud jobs list` shows the last ones).
CREATE TABLE job_runs (
    id          INTEGER PRIMARY KEY,
    job         TEXT NOT NULL,
    as_of       TEXT NOT NULL,             -- the as-of date the job acted for (Asia/Almaty)
    started_at  TEXT NOT NULL,
    finished_at TEXT,                       -- NULL while running, or when the process died
    outcome     TEXT,                      -- ok | attention | refused | failed
    counts      TEXT,                      -- JSON: what it did
    message     TEXT,
    host        TEXT NOT NULL,
    pid         BIGINT NOT NULL
);
CREATE INDEX job_runs_job ON job_runs (job, started_at);

-- SQLite's lock of a running job: a lease with an expiry, renewed while the job runs, so a lease
-- left by a killed process runs out. (PostgreSQL uses an advisory lock and leaves this empty.)
CREATE TABLE job_leases (
    job        TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- The accounts' status index goes: the blocking jobs change the status of hundreds of thousands
-- of rows at once (§28 over a million accounts), and every change rewrote an index entry, while
-- the listings it served read most of the table anyway.
DROP INDEX accounts_status;

-- Attachments, stored once by the SHA-256 of their content: kept as data, never executed,
-- opened or served by skud.
CREATE TABLE ticket_attachments (
    sha256  TEXT PRIMARY KEY,
    size    BIGINT NOT NULL,
    content BLOB NOT NULL
);

-- Support tickets (§12-§15): a user's report of a technical failure (§13) or a question through
-- the feedback form (§14). Due at the end of the third calendar day after the day of submission
-- (§15); the deadlines job reports those still open after it.
CREATE TABLE tickets (
    id              INTEGER PRIMARY KEY,
    full_name       TEXT NOT NULL,
    position        TEXT,
    login           TEXT,
    reason          TEXT,             -- §13: the reason of the report
    phone           TEXT,
    email           TEXT,
    system_code     TEXT REFERENCES systems(code),
    subject         TEXT,             -- §14
    body            TEXT,             -- §14: the text of the question
    attachment_sha256 TEXT REFERENCES ticket_attachments(sha256),
    attachment_name TEXT,
    attachment_size BIGINT,
    submitted_at    TEXT NOT NULL,
    due_at          TEXT NOT NULL,
    closed_at       TEXT,
    resolution      TEXT,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX tickets_open ON tickets (closed_at, due_at);
