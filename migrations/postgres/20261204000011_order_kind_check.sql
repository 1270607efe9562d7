-- Migration 11 of SQLite checks an order's kind by comparisons instead of an IN list, which
-- SQLite re-builds for every row. PostgreSQL checks `kind = ANY (ARRAY[...])` without such a
-- cost: this migration, there to keep the two backends' migrations numbered alike, changes
-- nothing.
-- Forward-only: never edit this file once released; add a new migration instead.
SELECT 1;
