-- What mail proposes for a claim's equipment log may name a day without a
-- time ("yesterday", "on Monday"): the proposal keeps that it is the day
-- alone, and pages tell it without an hour.

-- +goose Up
ALTER TABLE equipment_proposals ADD COLUMN day_only boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE equipment_proposals DROP COLUMN day_only;
