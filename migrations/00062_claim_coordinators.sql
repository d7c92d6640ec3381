-- The claims a coordinator coordinates, found by the coordinator's email
-- address without case: the "Mine" view of the board and the claims list
-- reads them from here instead of every participant of every claim, and
-- asks whether someone coordinates any claim from here alone.

-- +goose Up
CREATE INDEX claim_participants_coordinator_idx ON claim_participants (lower(email), claim_id)
    WHERE role = 'coordinator';

-- +goose Down
DROP INDEX claim_participants_coordinator_idx;
