-- What classification decides about each message, and where new claims get
-- their job numbers.

-- +goose Up
ALTER TABLE messages
    ADD COLUMN needs_ack boolean NOT NULL DEFAULT false,
    -- the matcher's decision: outcome, reason, evidence, candidates
    ADD COLUMN decision jsonb,
    -- claim, job and policy numbers (normalized) the message names that no
    -- claim had when it was classified: a claim created later with one of
    -- them takes the message out of triage
    ADD COLUMN unknown_ids text[] NOT NULL DEFAULT '{}';
CREATE INDEX messages_unknown_ids_idx ON messages USING gin (unknown_ids) WHERE status = 'triage';
CREATE INDEX messages_in_reply_to_idx ON messages (in_reply_to) WHERE in_reply_to <> '';
CREATE INDEX messages_refs_idx ON messages USING gin (refs);

ALTER TABLE message_parts
    ADD COLUMN doc_type text NOT NULL DEFAULT '',
    ADD COLUMN doc_type_evidence text NOT NULL DEFAULT '';

ALTER TABLE claims
    ADD COLUMN job_number_norm text NOT NULL DEFAULT '',
    ADD COLUMN policy_number_norm text NOT NULL DEFAULT '',
    -- csv, assignment (from which message) or manual
    ADD COLUMN source text NOT NULL DEFAULT 'manual',
    ADD COLUMN source_message_id bigint REFERENCES messages (id);
UPDATE claims SET job_number_norm = upper(regexp_replace(job_number, '[^A-Za-z0-9]', '', 'g')),
                  policy_number_norm = upper(regexp_replace(policy_number, '[^A-Za-z0-9]', '', 'g'));
CREATE INDEX claims_job_number_norm_idx ON claims (job_number_norm);
CREATE INDEX claims_policy_number_norm_idx ON claims (policy_number_norm) WHERE policy_number_norm <> '';

-- +goose Down
DROP INDEX claims_policy_number_norm_idx;
DROP INDEX claims_job_number_norm_idx;
ALTER TABLE claims DROP COLUMN source_message_id, DROP COLUMN source,
    DROP COLUMN policy_number_norm, DROP COLUMN job_number_norm;
ALTER TABLE message_parts DROP COLUMN doc_type_evidence, DROP COLUMN doc_type;
DROP INDEX messages_refs_idx;
DROP INDEX messages_in_reply_to_idx;
DROP INDEX messages_unknown_ids_idx;
ALTER TABLE messages DROP COLUMN unknown_ids, DROP COLUMN decision, DROP COLUMN needs_ack;
