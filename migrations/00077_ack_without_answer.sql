-- Acknowledgments that say what really happened: a coordinator who
-- answered from their own mail account (which claimdesk never sees), and a
-- message that needed no answer after all (an invoice, an invitation, a
-- note the classifier took for a person's). The latter stops the clock
-- without counting as answered, on time or late.

-- +goose Up
ALTER TABLE messages DROP CONSTRAINT messages_ack_source_check,
    ADD CONSTRAINT messages_ack_source_check
        CHECK (ack_source IN ('', 'reply', 'manual', 'own_email', 'not_needed'));

-- +goose Down
UPDATE messages SET ack_source = 'manual' WHERE ack_source IN ('own_email', 'not_needed');
ALTER TABLE messages DROP CONSTRAINT messages_ack_source_check,
    ADD CONSTRAINT messages_ack_source_check CHECK (ack_source IN ('', 'reply', 'manual'));
