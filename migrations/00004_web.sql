-- Dashboard sign-ins, and the index the message lists page through.

-- +goose Up
-- A signed-in browser. The cookie holds a random token; only its SHA-256 is
-- kept, so a copy of this table signs nobody in.
CREATE TABLE sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_sha256 text        NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- sent back in every form the session posts; a page of another site
    -- cannot read it
    csrf_token   text        NOT NULL CHECK (csrf_token <> ''),
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,  -- idle expiry counts from here
    expires_at   timestamptz NOT NULL   -- the latest it may live, however busy
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Lists of messages go newest first and continue after the last row shown.
CREATE INDEX messages_received_idx ON messages (received_at DESC, id DESC);

-- +goose Down
DROP INDEX messages_received_idx;
DROP TABLE sessions;
