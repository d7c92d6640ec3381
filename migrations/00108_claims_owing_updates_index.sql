-- The board's claims owing updates today, and those owing none, are read
-- from two small indexes of the open claims, by whether an adjuster is
-- named (storage's hasAdjusterSQL and lacksAdjusterSQL), instead of
-- visiting every open claim's row: the claims missing today's update check
-- each started claim against the first from the index alone, and the
-- claims without an adjuster, few, are read from the second.

-- +goose Up
CREATE INDEX claims_open_owing_updates_idx ON claims (id)
    WHERE status = 'open' AND (adjuster_name <> '' OR adjuster_email <> '');
CREATE INDEX claims_open_no_adjuster_idx ON claims (id)
    WHERE status = 'open' AND (adjuster_name = '' AND adjuster_email = '');

-- +goose Down
DROP INDEX claims_open_no_adjuster_idx;
DROP INDEX claims_open_owing_updates_idx;
