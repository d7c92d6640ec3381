-- A message belongs to the office of the mailbox that received it, unless
-- it was sent to another office's forward address (the pipeline moves it)
-- or a coordinator of both offices moves it from triage. Every such move is
-- kept here, as message_moves keeps moves between claims.

-- +goose Up
CREATE TABLE message_office_moves (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id     bigint      NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    from_office_id bigint      NOT NULL REFERENCES offices (id),
    to_office_id   bigint      NOT NULL REFERENCES offices (id),
    actor          text        NOT NULL CHECK (actor <> ''),  -- a user's email, or "claimdesk" for the pipeline
    moved_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (from_office_id <> to_office_id)
);
CREATE INDEX message_office_moves_message_idx ON message_office_moves (message_id, moved_at);

-- +goose Down
DROP TABLE message_office_moves;
