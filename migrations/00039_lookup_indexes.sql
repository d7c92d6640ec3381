-- Two look-ups that read a whole table, each time, get an index; both cost
-- more the more mail is stored, so a backfill paid for them over and over.
--
-- * The messages carrying a file are found by the file's content hash: an
--   OCR reading, once done, looks for every message waiting for it this
--   way, and read every stored part (a few per message) to find them. Body
--   parts, kept in the message row, have no hash and stay out of it.
-- * A message's parts are replaced when it is parsed again (processed after
--   its pictures are read, retried, assigned from triage), and each deleted
--   part clears the links that name it (document_messages.part_id, ON
--   DELETE SET NULL), which read every link of every document.

-- +goose Up
CREATE INDEX message_parts_sha256_idx ON message_parts (sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX document_messages_part_idx ON document_messages (part_id) WHERE part_id IS NOT NULL;

-- +goose Down
DROP INDEX document_messages_part_idx;
DROP INDEX message_parts_sha256_idx;
