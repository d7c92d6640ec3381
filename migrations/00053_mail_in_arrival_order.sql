-- Lists of mail (the messages list and API, triage, a claim's mail, mail
-- on closed claims, search's latest matches) go in the order mail reached
-- the mailbox, as the mail server says, else by its Date header, else by
-- when claimdesk stored it: a backfill stores years of mail in minutes,
-- and the Sent folder after the inbox, so the order of storing was not
-- the order of the mail. Lists continue after the last row shown, by this
-- key. The acknowledgment chart's samples, read by arrival since a day,
-- are served by the new index as by the one it replaces.

-- +goose Up
CREATE INDEX messages_arrived_idx ON messages ((coalesce(internal_date, sent_date, received_at)) DESC, id DESC);
DROP INDEX messages_received_idx;

CREATE INDEX messages_after_close_arrived_idx ON messages ((coalesce(internal_date, sent_date, received_at)) DESC, id DESC)
    WHERE after_close AND acknowledged_at IS NULL;
DROP INDEX messages_after_close_idx;

-- +goose Down
CREATE INDEX messages_after_close_idx ON messages (received_at DESC, id DESC)
    WHERE after_close AND acknowledged_at IS NULL;
DROP INDEX messages_after_close_arrived_idx;

CREATE INDEX messages_received_idx ON messages (received_at DESC, id DESC);
DROP INDEX messages_arrived_idx;
