-- The address whose automatic forwarding brought a message to its mailbox
-- (a coordinator's own address, or an outside account, forwarding its
-- mail; an alias), as its headers tell: triage says to which address the
-- message was sent and that it was forwarded, rather than taking the
-- mailbox for the address it was sent to. '' for mail that came straight,
-- and for mail parsed before this column: its rows read as before.

-- +goose Up
ALTER TABLE messages ADD COLUMN forwarded_by text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE messages DROP COLUMN forwarded_by;
