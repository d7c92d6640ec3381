-- Mail may name the day equipment came or went without a time ("yesterday",
-- "on Monday"), and a person may type a date without one: the proposal and
-- the line keep that it is the day alone, and pages tell it without an
-- hour.

-- +goose Up
ALTER TABLE equipment_proposals ADD COLUMN day_only boolean NOT NULL DEFAULT false;
ALTER TABLE equipment ADD COLUMN placed_day_only boolean NOT NULL DEFAULT false,
                      ADD COLUMN picked_up_day_only boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE equipment DROP COLUMN placed_day_only, DROP COLUMN picked_up_day_only;
ALTER TABLE equipment_proposals DROP COLUMN day_only;
