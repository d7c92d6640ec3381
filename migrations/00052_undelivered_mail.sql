-- A delivery report (a bounce) of mail the office sent records what it
-- says on the report's message: which of the office's messages did not
-- arrive, and the recipients the receiving servers refused, so that the
-- board can tell the coordinator to put the address right and send again.
--
-- messages.undelivered is null for every other message. It holds
-- {"message_id": the office's message's row, "subject": its subject,
--  "recipients": [{"address", "status", "diagnostic"}]}; the office's
-- message is named, not referenced: a foreign key on messages would fire
-- a trigger at every update of every message.

-- +goose Up
ALTER TABLE messages ADD COLUMN undelivered jsonb;

-- the board's list, the latest first: reports come off the index as they
-- are marked seen
CREATE INDEX messages_undelivered_idx ON messages (received_at DESC, id DESC)
    WHERE undelivered IS NOT NULL AND acknowledged_at IS NULL;

-- +goose Down
DROP INDEX messages_undelivered_idx;
ALTER TABLE messages DROP COLUMN undelivered;
