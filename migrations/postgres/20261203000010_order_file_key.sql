-- One foreign key for an order's file and import, where there were two (issue 16): the file
-- must be a file of that import, which the two keys did not say. A bulk load sets it aside and
-- checks it after the rows (src/store/postgres.rs): one pass over the orders instead of two.
-- The import exists because the file's own key says so (import_files.import_id).
-- SQLite keeps its two keys, checked row by row (its migration 10 changes nothing).
-- Forward-only: never edit this file once released; add a new migration instead.
ALTER TABLE import_files ADD CONSTRAINT import_files_id_import_key UNIQUE (id, import_id);
ALTER TABLE orders
    DROP CONSTRAINT orders_import_fk,
    DROP CONSTRAINT orders_file_fk,
    ADD CONSTRAINT orders_file_fk FOREIGN KEY (file_id, import_id) REFERENCES import_files (id, import_id);
