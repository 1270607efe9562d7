-- `skud orders revert IMPORT_ID`: an import whose orders were removed keeps its record, with
-- the moment it was reverted. Forward-only.
ALTER TABLE imports ADD COLUMN reverted_at TIMESTAMPTZ;
