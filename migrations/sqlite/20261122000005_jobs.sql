-- The nightly jobs: their runs, and the lease that keeps one job from running twice at once.
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
