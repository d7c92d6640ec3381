-- A delivery report (a bounce) records what it says on its own message:
-- which message did not arrive, and the recipients the receiving servers
-- refused, so that the board can tell the coordinator to put the address
-- right and send the office's mail again.
--
-- messages.undelivered is null for every other message. It holds
-- {"returned": the Message-ID of the message returned,
--  "recipients": [{"address", "status", "diagnostic"}]}. Whether the
-- office sent that message is asked when the board is read, by that
-- Message-ID's index: the report may be imported before the office's
-- message, and a report of mail it never sent is not shown.

-- +goose Up
ALTER TABLE messages ADD COLUMN undelivered jsonb;

-- the board's list, the latest arrival first, of the last weeks only: a
-- report comes off the index once marked seen, and one the board never
-- shows (of mail the office never sent) ages out of the range it reads
CREATE INDEX messages_undelivered_idx ON messages ((coalesce(internal_date, sent_date, received_at)) DESC, id DESC)
    WHERE undelivered IS NOT NULL AND acknowledged_at IS NULL;

-- +goose Down
DROP INDEX messages_undelivered_idx;
ALTER TABLE messages DROP COLUMN undelivered;
