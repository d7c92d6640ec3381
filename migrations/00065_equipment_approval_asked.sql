-- An approval request the coordinator wrote in their own mail program
-- (claimdesk sends none without CLAIMDESK_SMTP_URL) is marked sent by hand:
-- when (NULL until then), and by whom. The line then waits for the
-- adjuster's answer as one whose request claimdesk sent
-- (approval_outbox_id) does.

-- +goose Up
ALTER TABLE equipment
    ADD COLUMN approval_asked_at timestamptz,
    ADD COLUMN approval_asked_by text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE equipment
    DROP COLUMN approval_asked_at,
    DROP COLUMN approval_asked_by;
