-- Requests as an administrator writes them (issue 15):
--   add_systems / remove_systems  a change request (§27) may name the systems to add and to
--                 take away instead of the whole new list; only additions need a basis (§23).
--   status 'withdrawn'  a pending request taken back (`skud requests withdraw`); the moment is
--                 answered_at, the note reason_text.
-- Forward-only: never edit this file once released; add a new migration instead.
ALTER TABLE requests DROP CONSTRAINT requests_status_check;
ALTER TABLE requests ADD CONSTRAINT requests_status_check
    CHECK (status IN ('pending', 'refused', 'done', 'withdrawn'));
ALTER TABLE requests ADD COLUMN add_systems TEXT;
ALTER TABLE requests ADD COLUMN remove_systems TEXT;
