-- A delivery report (a bounce) records what it says on its own message:
-- which message did not arrive, and the recipients the receiving servers
-- refused, so that the board can tell the coordinator to put the address
-- right and send the office's mail again.
--
-- messages.undelivered is null for every other message. It holds
-- {"returned": the Message-ID of the message returned,
--  "recipients": [{"address", "final", "status", "diagnostic"}]}.
-- messages.undelivered_of is the office's message the report returns, set
-- once both are stored (whichever comes second) and the report names one
-- of its recipients; a report of mail the office never sent (spam forging
-- its address) never gets one. It names the message, not a foreign key:
-- that would fire a trigger at every update of every message.

-- +goose Up
ALTER TABLE messages ADD COLUMN undelivered jsonb, ADD COLUMN undelivered_of bigint;

-- reports still waiting for the office's message they return, by its
-- Message-ID: that message, stored after them, finds them here
CREATE INDEX messages_undelivered_waiting_idx ON messages ((undelivered->>'returned'))
    WHERE undelivered IS NOT NULL AND undelivered_of IS NULL;

-- the board's list, the latest arrival first, of the last weeks only:
-- a report comes off the index once marked seen
CREATE INDEX messages_undelivered_idx ON messages ((coalesce(internal_date, sent_date, received_at)) DESC, id DESC)
    WHERE undelivered_of IS NOT NULL AND acknowledged_at IS NULL;

-- a report linked to the office's message joins the board at once
DROP TRIGGER messages_notify_update ON messages;
CREATE TRIGGER messages_notify_update
    AFTER UPDATE OF status, claim_id, needs_ack, ack_due_at, acknowledged_at, office_id, undelivered_of ON messages FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_messages', true) IS DISTINCT FROM ('messages:' || NEW.office_id))
    EXECUTE FUNCTION claimdesk_notify_new();

-- +goose Down
DROP TRIGGER messages_notify_update ON messages;
CREATE TRIGGER messages_notify_update
    AFTER UPDATE OF status, claim_id, needs_ack, ack_due_at, acknowledged_at, office_id ON messages FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_messages', true) IS DISTINCT FROM ('messages:' || NEW.office_id))
    EXECUTE FUNCTION claimdesk_notify_new();
DROP INDEX messages_undelivered_idx;
DROP INDEX messages_undelivered_waiting_idx;
ALTER TABLE messages DROP COLUMN undelivered_of, DROP COLUMN undelivered;
