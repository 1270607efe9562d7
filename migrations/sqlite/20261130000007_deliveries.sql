-- What an answer hands over (§22), kept until it is delivered: the reply letter and the row of
-- the credentials file. Written in the answer's own transaction, sealed with the transit key
-- (`sealed`: the letter's bytes, or the credentials row), and the sealed copy dropped once
-- delivered. A killed run loses nothing: the next run delivers what is still open.
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests(id),
    channel     TEXT NOT NULL CHECK (channel IN ('smtp', 'outbox', 'credentials')),
    what        TEXT NOT NULL,   -- issued, reactivated, refused, changed, blocked
    target      TEXT NOT NULL,   -- smtp: the address; outbox: the folder; credentials: the file
    message_id  TEXT,            -- letters: the stable Message-ID
    sealed      TEXT,            -- NULL once delivered (or failed for good)
    state       TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    reply       TEXT,            -- the relay's reply, or the file written
    created_at  TEXT NOT NULL,
    done_at     TEXT
);
CREATE INDEX deliveries_open ON deliveries (channel, state, id);
CREATE INDEX deliveries_request ON deliveries (request_id);
