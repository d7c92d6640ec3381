-- What a message's status alone does not say: that parsing stopped before
-- the end of the message (a part or nesting cap), and that a failure is
-- for good (no mail header at all), so that nobody is offered a retry that
-- cannot help.

-- +goose Up
ALTER TABLE messages
    ADD COLUMN incomplete         text    NOT NULL DEFAULT '',    -- why parsing stopped early; '' when all was read
    ADD COLUMN failed_permanently boolean NOT NULL DEFAULT false; -- failed, and processing again cannot help

-- +goose Down
ALTER TABLE messages DROP COLUMN failed_permanently, DROP COLUMN incomplete;
