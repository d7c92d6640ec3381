-- What a claim's billing packet lacks that is not owed yet (sla.Milestone's
-- Waiting: the COS while the equipment is on the job), kept beside what it
-- lacks so that the claims list and the API say it waits, not ask for it.

-- +goose Up
ALTER TABLE claim_billing ADD COLUMN waiting text[] NOT NULL DEFAULT '{}';

-- The rows are made again by the next refresh of every open claim:
-- forgetting the rules' fingerprint queues them all.
UPDATE claim_alerts_rules SET fingerprint = '';

-- +goose Down
ALTER TABLE claim_billing DROP COLUMN waiting;
