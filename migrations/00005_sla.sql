-- The office's clock: when each message must be acknowledged and when it
-- was, and the daily updates on each claim.

-- +goose Up
ALTER TABLE messages
    ADD COLUMN ack_due_at           timestamptz,
    ADD COLUMN acknowledged_at      timestamptz,
    ADD COLUMN ack_source           text NOT NULL DEFAULT ''
        CHECK (ack_source IN ('', 'reply', 'manual')),
    ADD COLUMN ack_reply_id         bigint REFERENCES messages (id),  -- the office reply that acknowledged it
    ADD COLUMN ack_by               text NOT NULL DEFAULT '',         -- who marked it (phone, chat)
    ADD COLUMN ack_note             text NOT NULL DEFAULT '',
    ADD COLUMN ack_business_minutes integer;
CREATE INDEX messages_ack_waiting_idx ON messages (ack_due_at) WHERE needs_ack AND acknowledged_at IS NULL;

-- One row per update on a claim: an office email to the adjuster, or a note
-- a coordinator recorded.
CREATE TABLE claim_updates (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id   bigint      NOT NULL REFERENCES claims (id),
    at         timestamptz NOT NULL,
    source     text        NOT NULL CHECK (source IN ('email', 'note')),
    message_id bigint      UNIQUE REFERENCES messages (id),  -- one update per email
    author     text        NOT NULL DEFAULT '',
    note       text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX claim_updates_claim_idx ON claim_updates (claim_id, at);

-- +goose Down
DROP TABLE claim_updates;
DROP INDEX messages_ack_waiting_idx;
ALTER TABLE messages DROP COLUMN ack_business_minutes, DROP COLUMN ack_note, DROP COLUMN ack_by,
    DROP COLUMN ack_reply_id, DROP COLUMN ack_source, DROP COLUMN acknowledged_at, DROP COLUMN ack_due_at;
