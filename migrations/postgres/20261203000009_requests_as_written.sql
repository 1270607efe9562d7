-- Requests as an administrator writes them (issue 15):
--   add_systems / remove_systems  a change request (§27) may name the systems to add and to
--                 take away instead of the whole new list; only additions need a basis (§23).
--   reason_args  what a refusal's sentence needs besides the request (JSON), so that it is
--                 written in the reader's language when shown, not in the answering one's.
--   status 'withdrawn'  a pending request taken back (`skud requests withdraw`); the moment is
--                 answered_at, the note reason_text.
-- Forward-only: never edit this file once released; add a new migration instead.
ALTER TABLE requests DROP CONSTRAINT requests_status_check;
ALTER TABLE requests ADD CONSTRAINT requests_status_check
    CHECK (status IN ('pending', 'refused', 'done', 'withdrawn'));
ALTER TABLE requests ADD COLUMN add_systems TEXT;
ALTER TABLE requests ADD COLUMN remove_systems TEXT;
ALTER TABLE requests ADD COLUMN reason_args TEXT;
