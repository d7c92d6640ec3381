-- A haul is logged once per submission: the swap form carries a key of
-- its own, and an API caller may send one (Idempotency-Key), so that a
-- double click, a form sent again or a call retried after a timeout finds
-- the haul it logged instead of logging another. The unique index, not a
-- look before the insert, makes two submissions at once log one haul.
-- request_digest sums up what the submission asked (its time and note): a
-- key sent again for a different haul is refused, not taken for the first.

-- +goose Up
ALTER TABLE equipment_hauls
    ADD COLUMN request_key    text CHECK (request_key <> ''),
    ADD COLUMN request_digest text NOT NULL DEFAULT '';
CREATE UNIQUE INDEX equipment_hauls_request_key ON equipment_hauls (equipment_id, request_key)
    WHERE request_key IS NOT NULL;

-- +goose Down
DROP INDEX equipment_hauls_request_key;
ALTER TABLE equipment_hauls
    DROP COLUMN request_digest,
    DROP COLUMN request_key;
