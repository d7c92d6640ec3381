-- Finding the mail in triage that a filed message settles reads only mail
-- in triage, whatever Postgres knows of the table.
--
-- The indexes of migrations 2 and 49 hold the messages in triage alone,
-- but a query must say status = 'triage' to use them, and may then be
-- answered by messages_status_idx instead. A new office's backfill is
-- analyzed early, before any message is processed: statistics that say no
-- message is in triage made that index look cheapest, and every filing
-- then read every message in triage through it, for as long as its
-- connection kept the plan. The indexes below are of expressions that have
-- a value only for a message in triage, and hold those messages alone; a
-- query asking of those expressions can use no other index.

-- +goose Up
CREATE INDEX messages_triage_replies_idx ON messages
    USING gin ((CASE WHEN status = 'triage' THEN array_append(refs, in_reply_to) END))
    WHERE CASE WHEN status = 'triage' THEN array_append(refs, in_reply_to) END IS NOT NULL;
CREATE INDEX messages_triage_numbers_idx ON messages
    USING gin ((CASE WHEN status = 'triage' THEN unknown_ids END))
    WHERE CASE WHEN status = 'triage' THEN unknown_ids END IS NOT NULL;
DROP INDEX messages_triage_refs_idx;
DROP INDEX messages_triage_in_reply_to_idx;
DROP INDEX messages_unknown_ids_idx;

-- +goose Down
CREATE INDEX messages_unknown_ids_idx ON messages USING gin (unknown_ids) WHERE status = 'triage';
CREATE INDEX messages_triage_in_reply_to_idx ON messages (office_id, in_reply_to)
    WHERE status = 'triage' AND in_reply_to <> '';
CREATE INDEX messages_triage_refs_idx ON messages USING gin (refs) WHERE status = 'triage';
DROP INDEX messages_triage_numbers_idx;
DROP INDEX messages_triage_replies_idx;
