-- A reminder marked sent ("I sent it") is recorded once per submission, as
-- a haul is (migration 70): the form carries a one-time key, and an API
-- caller may send one (Idempotency-Key), so that a form sent again (a
-- double click, the back button) or a call retried minutes later finds the
-- reminder it recorded instead of recording another. A reminder the
-- outbox sends carries no key. request_digest sums up what the submission
-- asked (kind, recipient, the time given): a key sent again for another
-- reminder is refused.

-- +goose Up
ALTER TABLE claim_reminders
    ADD COLUMN request_key    text CHECK (request_key <> ''),
    ADD COLUMN request_digest text NOT NULL DEFAULT '';
CREATE UNIQUE INDEX claim_reminders_request_key ON claim_reminders (claim_id, request_key)
    WHERE request_key IS NOT NULL;

-- +goose Down
DROP INDEX claim_reminders_request_key;
ALTER TABLE claim_reminders
    DROP COLUMN request_digest,
    DROP COLUMN request_key;
