-- What kind of trouble a mailbox's last failure was, in the words pages
-- use instead of the mail server's own: password_refused, login_refused
-- (an OAuth login the mail server turned down), token_refused (the
-- provider would not give a token), unreachable, tls; '' for anything else.

-- +goose Up
ALTER TABLE mailbox_health ADD COLUMN problem text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE mailbox_health DROP COLUMN problem;
