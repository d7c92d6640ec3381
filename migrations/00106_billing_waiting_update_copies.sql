-- What a claim's billing packet lacks that is not owed yet (sla.Milestone's
-- Waiting: the COS while the equipment is on the job), kept beside what it
-- lacks so that the claims list and the API say it waits, not ask for it.
--
-- What each daily update's text for the job system says of its claim
-- (where our part stood, what payment needed), kept once worked out as of
-- the update: the text of an update stays what it was, whatever the claim
-- learns later. NULL until worked out.

-- +goose Up
ALTER TABLE claim_billing ADD COLUMN waiting text[] NOT NULL DEFAULT '{}';

ALTER TABLE claim_updates
    ADD COLUMN copy_status     text,
    ADD COLUMN copy_needed     text[] NOT NULL DEFAULT '{}',
    ADD COLUMN copy_unverified text[] NOT NULL DEFAULT '{}';

-- The billing rows are made again by the next refresh of every open claim:
-- forgetting the rules' fingerprint queues them all.
UPDATE claim_alerts_rules SET fingerprint = '';

-- +goose Down
ALTER TABLE claim_updates DROP COLUMN copy_unverified, DROP COLUMN copy_needed, DROP COLUMN copy_status;
ALTER TABLE claim_billing DROP COLUMN waiting;
