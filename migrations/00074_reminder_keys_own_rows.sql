-- A reminder marked sent is recorded once per submission (migration 73),
-- and once per minute: a submission whose minute was marked already (by a
-- call without a key, another form) answers that reminder. Its key was not
-- kept, since the reminder's row holds one key: sent again minutes later,
-- the submission recorded a second reminder. Keys now have rows of their
-- own, unique per claim, each naming the reminder its first submission
-- recorded or found, with the digest of what it asked.

-- +goose Up
CREATE TABLE claim_reminder_keys (
    claim_id       bigint NOT NULL REFERENCES claims (id),
    request_key    text   NOT NULL CHECK (request_key <> ''),
    request_digest text   NOT NULL,
    reminder_id    bigint NOT NULL REFERENCES claim_reminders (id) ON DELETE CASCADE,
    PRIMARY KEY (claim_id, request_key)
);
CREATE INDEX claim_reminder_keys_reminder ON claim_reminder_keys (reminder_id);
INSERT INTO claim_reminder_keys (claim_id, request_key, request_digest, reminder_id)
    SELECT claim_id, request_key, request_digest, id FROM claim_reminders WHERE request_key IS NOT NULL;
DROP INDEX claim_reminders_request_key;
ALTER TABLE claim_reminders
    DROP COLUMN request_digest,
    DROP COLUMN request_key;

-- +goose Down
ALTER TABLE claim_reminders
    ADD COLUMN request_key    text CHECK (request_key <> ''),
    ADD COLUMN request_digest text NOT NULL DEFAULT '';
-- A row holds one key: one of those its reminder was given.
UPDATE claim_reminders r SET request_key = k.request_key, request_digest = k.request_digest
    FROM (SELECT DISTINCT ON (reminder_id) reminder_id, request_key, request_digest
          FROM claim_reminder_keys ORDER BY reminder_id, request_key) k
    WHERE k.reminder_id = r.id;
CREATE UNIQUE INDEX claim_reminders_request_key ON claim_reminders (claim_id, request_key)
    WHERE request_key IS NOT NULL;
DROP TABLE claim_reminder_keys;
