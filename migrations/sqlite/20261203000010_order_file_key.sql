-- Migration 10 of PostgreSQL makes the two foreign keys of an order (its import, its file) one
-- key on both, set aside and checked once by a bulk load. SQLite checks foreign keys row by row
-- and cannot change a table's keys without copying it: it keeps its two keys, and this
-- migration, there to keep the two backends' migrations numbered alike, changes nothing.
-- Forward-only: never edit this file once released; add a new migration instead.
SELECT 1;
