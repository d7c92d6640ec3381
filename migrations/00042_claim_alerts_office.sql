-- A claim's alerts and start carry the claim's office, as its documents
-- and mail do, kept by the same foreign key: the board counts and ranks an
-- office's alerts, and lists the claims owing today's update, from these
-- tables alone instead of looking up the office of every claim with one.

-- +goose Up
ALTER TABLE claim_alerts ADD COLUMN office_id bigint;
UPDATE claim_alerts a SET office_id = c.office_id FROM claims c WHERE c.id = a.claim_id;
ALTER TABLE claim_alerts ALTER COLUMN office_id SET NOT NULL;
ALTER TABLE claim_alerts ADD CONSTRAINT claim_alerts_claim_office_fkey
    FOREIGN KEY (claim_id, office_id) REFERENCES claims (id, office_id) ON UPDATE CASCADE;

ALTER TABLE claim_starts ADD COLUMN office_id bigint;
UPDATE claim_starts s SET office_id = c.office_id FROM claims c WHERE c.id = s.claim_id;
ALTER TABLE claim_starts ALTER COLUMN office_id SET NOT NULL;
ALTER TABLE claim_starts ADD CONSTRAINT claim_starts_claim_office_fkey
    FOREIGN KEY (claim_id, office_id) REFERENCES claims (id, office_id) ON UPDATE CASCADE;

-- +goose Down
ALTER TABLE claim_starts DROP COLUMN office_id;
ALTER TABLE claim_alerts DROP COLUMN office_id;
