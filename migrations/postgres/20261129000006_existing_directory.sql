-- The directory that already exists (issue 11): entries skud did not make become governed
-- accounts (`skud ldap adopt`), the logins the directory already has are never issued (§26),
-- and a login taken in the directory between its issue and its push is replaced.
-- Forward-only: never edit this file once released; add a new migration instead.

--   request_id  NULL for an adopted account: it was issued before skud, by no request of its own.
--   origin      'issued' (by `logins issue`) or 'adopted' (an existing directory entry).
--   block_reason  adds 'directory': locked or disabled in the directory when adopted, or the
--               directory refused the temporary password (the account then needs a reactivation).
--   replaced_by the login that replaced this one when the directory turned out to hold it
--               already; such an account is blocked for good and never pushed.
ALTER TABLE accounts ALTER COLUMN request_id DROP NOT NULL;
ALTER TABLE accounts ADD COLUMN origin TEXT NOT NULL DEFAULT 'issued' CHECK (origin IN ('issued', 'adopted'));
ALTER TABLE accounts ADD COLUMN replaced_by TEXT;
ALTER TABLE accounts ADD CONSTRAINT accounts_request_or_adopted CHECK (request_id IS NOT NULL OR origin = 'adopted');
ALTER TABLE accounts DROP CONSTRAINT accounts_block_reason_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_block_reason_check
    CHECK (block_reason IN ('inactivity', 'dismissal', 'request', 'security', 'directory'));

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
    seen_at TIMESTAMPTZ NOT NULL
);
