-- A reminder the coordinator wrote in their own mail program (claimdesk
-- sends none without CLAIMDESK_SMTP_URL) is marked sent by hand: when, and
-- by whom. It has no outbox message; the row is listed and followed up as
-- one claimdesk sent, and its occasion keeps a second mark of the same
-- reminder from recording it twice. A row is either sent from claimdesk
-- (outbox_id) or marked sent, never both, never neither.

-- +goose Up
ALTER TABLE claim_reminders
    ALTER COLUMN outbox_id DROP NOT NULL,
    ADD COLUMN marked_sent_at timestamptz,
    ADD COLUMN marked_sent_by text NOT NULL DEFAULT '',
    ADD CONSTRAINT claim_reminders_sent_how CHECK (
        CASE WHEN outbox_id IS NULL THEN marked_sent_at IS NOT NULL AND marked_sent_by <> ''
             ELSE marked_sent_at IS NULL AND marked_sent_by = '' END);

-- +goose Down
DELETE FROM claim_reminders WHERE outbox_id IS NULL;
ALTER TABLE claim_reminders
    DROP CONSTRAINT claim_reminders_sent_how,
    DROP COLUMN marked_sent_by,
    DROP COLUMN marked_sent_at,
    ALTER COLUMN outbox_id SET NOT NULL;
