-- Offboarding: a user can be disabled (signed out everywhere, no sign-in,
-- their API tokens refused) while their name stays on what they did; removing
-- them deletes the row, and with it their sessions and tokens.

-- +goose Up
ALTER TABLE users ADD COLUMN disabled_at timestamptz;

-- +goose Down
ALTER TABLE users DROP COLUMN disabled_at;
