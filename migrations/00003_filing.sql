-- Filing: the audit trail of messages moved between claims, and the
-- browsable blob keys that are no longer used but not yet removed from the
-- blob store. Documents and their links to messages are in 00001.

-- +goose Up

-- Moving a message (a triage assignment, a correction) moves its documents
-- to another claim; coordinators and auditors need to see who did it and when.
CREATE TABLE message_moves (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id    bigint      NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    from_claim_id bigint      REFERENCES claims (id),  -- NULL: the message was in no claim (triage)
    to_claim_id   bigint      NOT NULL REFERENCES claims (id),
    actor         text        NOT NULL CHECK (actor <> ''),  -- a user's email, or "claimdesk" for the pipeline
    moved_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (from_claim_id IS DISTINCT FROM to_claim_id)
);
CREATE INDEX message_moves_message_idx ON message_moves (message_id, moved_at);

-- A browse key a document gave up (its message moved, or it was merged into
-- the target claim's copy of the same file). The key stays reserved until
-- its blob (and the stamped copy beside it) is deleted, so that a new
-- document never takes a name whose old file is still in the store: blob
-- copies never overwrite, and the newcomer would show the old file.
CREATE TABLE retired_browse_keys (
    key        text        PRIMARY KEY,
    retired_at timestamptz NOT NULL DEFAULT now()
);

-- Documents by message: filing, moving and the message view all start there.
CREATE INDEX IF NOT EXISTS document_messages_message_idx ON document_messages (message_id);

-- +goose Down
DROP INDEX IF EXISTS document_messages_message_idx;
DROP TABLE retired_browse_keys;
DROP TABLE message_moves;
