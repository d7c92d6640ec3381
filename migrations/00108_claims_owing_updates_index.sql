-- The open claims that owe daily updates (an adjuster named: storage's
-- hasAdjusterSQL), by id: the board's claims missing today's update check
-- each started claim against it from this small index alone, instead of
-- visiting every open claim's row (two of a coordinator's 5,000 claims'
-- pages a look-up instead of four).

-- +goose Up
CREATE INDEX claims_open_owing_updates_idx ON claims (id)
    WHERE status = 'open' AND (adjuster_name <> '' OR adjuster_email <> '');

-- +goose Down
DROP INDEX claims_open_owing_updates_idx;
