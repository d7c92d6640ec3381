-- Only the same raw bytes are the same message. Copiers, scanners and bulk
-- senders reuse Message-IDs, so a Message-ID, sender and Date seen before
-- no longer mark a message as stored already: the index that looked them
-- up goes. UNIQUE (mailbox_id, raw_sha256) stays, for redeliveries and
-- UIDVALIDITY rescans, and messages_message_id_idx stays for threading.
-- Each mailbox counts the deliveries it skipped as already stored, so that
-- none vanishes without a trace.

-- +goose Up
DROP INDEX messages_identity_idx;
ALTER TABLE mailboxes ADD COLUMN duplicates_skipped bigint NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE mailboxes DROP COLUMN duplicates_skipped;
CREATE INDEX messages_identity_idx ON messages (mailbox_id, message_id, from_address, sent_date)
    WHERE message_id <> '' AND sent_date IS NOT NULL;
