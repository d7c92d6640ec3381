-- Finding the mail in triage that a filed message settles reads only mail
-- in triage.
--
-- Each filing asks which messages in triage reply to it, by In-Reply-To or
-- References, by a plan its connection keeps. That plan, made while the
-- messages table was small or only the messages in triage were few, read
-- every message in triage through messages_status_idx and checked each:
-- a backfill fills the table faster than autovacuum analyzes it, and
-- every filing then read them all. The replies' indexes below hold the
-- messages in triage alone, so whatever the table's statistics say, the
-- plan reads the few entries of that Message-ID.

-- +goose Up
CREATE INDEX messages_triage_in_reply_to_idx ON messages (office_id, in_reply_to)
    WHERE status = 'triage' AND in_reply_to <> '';
CREATE INDEX messages_triage_refs_idx ON messages USING gin (refs) WHERE status = 'triage';

-- +goose Down
DROP INDEX messages_triage_refs_idx;
DROP INDEX messages_triage_in_reply_to_idx;
