-- Replies written from the dashboard: the office's reply templates, and the
-- outbox of messages being sent. An outbox row, with the message's own
-- Message-ID, is written before anything is sent: after a crash the Sent
-- folder is searched for that Message-ID before the message is sent again.

-- +goose Up
CREATE TABLE reply_templates (
    kind       text        NOT NULL CHECK (kind IN ('ack', 'update')),
    language   text        NOT NULL CHECK (language IN ('en', 'es')),
    subject    text        NOT NULL,
    body       text        NOT NULL,
    updated_by text        NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, language)
);

CREATE TABLE outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id  text        NOT NULL UNIQUE CHECK (message_id <> ''),  -- ours, with angle brackets
    kind        text        NOT NULL CHECK (kind IN ('ack', 'update')),
    claim_id    bigint      REFERENCES claims (id),
    reply_to    bigint      REFERENCES messages (id),  -- the message answered; NULL for an update in a new thread
    account     text        NOT NULL DEFAULT '',       -- the mailbox whose Sent folder keeps the message
    from_address text       NOT NULL,
    recipients  text[]      NOT NULL CHECK (cardinality(recipients) > 0),
    subject     text        NOT NULL,
    body        text        NOT NULL,
    raw         bytea       NOT NULL,  -- the exact bytes sent, the same on every attempt
    raw_sha256  text        NOT NULL CHECK (raw_sha256 ~ '^[0-9a-f]{64}$'),
    -- queued: waiting; sending: an attempt began (it may have reached the
    -- server); submitted: the server took it, not yet in Sent; sent: done;
    -- failed: the last attempt failed, with error
    state       text        NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'sending', 'submitted', 'sent', 'failed')),
    error       text        NOT NULL DEFAULT '',
    attempts    integer     NOT NULL DEFAULT 0,
    created_by  text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);
-- one acknowledgment on its way or sent per message: a double click, or two
-- coordinators at once, send one
CREATE UNIQUE INDEX outbox_one_ack_idx ON outbox (reply_to) WHERE kind = 'ack' AND state <> 'failed';
CREATE INDEX outbox_claim_idx ON outbox (claim_id, created_at) WHERE claim_id IS NOT NULL;
CREATE INDEX outbox_unsent_idx ON outbox (state) WHERE state <> 'sent';

-- +goose Down
DROP TABLE outbox;
DROP TABLE reply_templates;
