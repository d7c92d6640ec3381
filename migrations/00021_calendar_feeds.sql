-- Calendar feeds: each person subscribes Outlook or Google Calendar to a
-- secret address that lists the claims' deadlines. The address carries the
-- token; the database keeps only its SHA-256. A person has at most one live
-- feed: making a new one revokes the old, and revoking ends it.

-- +goose Up
CREATE TABLE calendar_feeds (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_sha256 text        NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
CREATE UNIQUE INDEX calendar_feeds_live ON calendar_feeds (user_id) WHERE revoked_at IS NULL;

-- +goose Down
DROP TABLE calendar_feeds;
