-- The office's own message that came back undelivered is filed with the
-- claim of the person it was meant for: matching it reads the delivery
-- reports that return it by its Message-ID, whether or not they are linked
-- to it yet (a copy the office kept in the shared inbox never is).

-- +goose Up
CREATE INDEX messages_undelivered_returned_idx ON messages ((undelivered->>'returned'))
    WHERE undelivered IS NOT NULL;

-- +goose Down
DROP INDEX messages_undelivered_returned_idx;
