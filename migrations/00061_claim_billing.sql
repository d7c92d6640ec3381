-- When each open claim's billing packet is incomplete and what it lacks,
-- stretch by stretch of time (sla.BillingStretch), so that the claims list
-- and the API show a claim's billing deadline and lacks, keep the claims at
-- risk of missing billing and order them by their deadline, from one row
-- per claim instead of working each claim out.
--
-- The refresh that replaces a claim's alerts (storage.replaceClaimAlerts)
-- replaces these rows from the same facts and rules; at any instant a claim
-- has at most one row showing, none once its packet is complete or it is
-- closed. The foreign key takes them along when the claim moves to another
-- office or is deleted, as it does the alerts.

-- +goose Up
CREATE TABLE claim_billing (
    claim_id    bigint      NOT NULL,
    office_id   bigint      NOT NULL,
    shows_from  timestamptz NOT NULL,
    shows_until timestamptz NOT NULL,
    warn_at     timestamptz NOT NULL,  -- from then the claim is at risk of missing billing
    due_at      timestamptz NOT NULL,
    missing     text[]      NOT NULL,  -- doc types the packet lacks, signed forms not yet verified included
    unverified  text[]      NOT NULL,  -- of them, signed forms on file waiting for their check
    PRIMARY KEY (claim_id, shows_from),
    FOREIGN KEY (claim_id, office_id) REFERENCES claims (id, office_id) ON UPDATE CASCADE ON DELETE CASCADE,
    CHECK (shows_from < shows_until)
);
-- The claims list ordered by billing deadline walks this index soonest due
-- first and keeps the rows showing.
CREATE INDEX claim_billing_due_idx ON claim_billing (due_at, claim_id) INCLUDE (office_id, shows_from, shows_until, warn_at);

-- The rows are made by the next refresh of every open claim: forgetting
-- the rules' fingerprint queues them all.
UPDATE claim_alerts_rules SET fingerprint = '';

-- +goose Down
DROP TABLE claim_billing;
