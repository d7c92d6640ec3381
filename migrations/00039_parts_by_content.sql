-- The messages carrying a file are found by the file's content hash: an
-- OCR reading, once done, looks for every message waiting for it this way.
-- Without an index the search read every stored part (a few per message)
-- at every reading, so a backfill's readings cost more the more mail was
-- already in. Body parts, kept in the message row, have no hash and stay
-- out of it.

-- +goose Up
CREATE INDEX message_parts_sha256_idx ON message_parts (sha256) WHERE sha256 IS NOT NULL;

-- +goose Down
DROP INDEX message_parts_sha256_idx;
