-- The office's phone number, which replies give for anything urgent; empty:
-- they give none. Set from CLAIMDESK_OFFICE_PHONE for the offices that
-- follow the configuration, or per office with claimdesk office set.

-- +goose Up
ALTER TABLE offices ADD COLUMN phone text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE offices DROP COLUMN phone;
