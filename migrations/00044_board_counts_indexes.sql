-- Indexes for the SLA board's counts, read from an index alone instead of
-- the tables (an office has 10,000 open claims with about six alerts each).
--
-- The alerts showing now, by office: about half of a claim's alerts are
-- past (their shows_until is behind), and a range on shows_until leaves
-- them unread. The ranking of paperwork by claim and the API's alert count
-- read this index only.
--
-- The offices' open claims with the fields a claim record can require
-- (storage.incompleteCondition): the count of incomplete records checks
-- them in the index instead of visiting every open claim's row. A required
-- field not held here still works, reading the rows.

-- +goose Up
CREATE INDEX claim_alerts_office_until_idx ON claim_alerts (office_id, shows_until)
    INCLUDE (shows_from, claim_id, due_at);
CREATE INDEX claims_open_record_idx ON claims (office_id)
    INCLUDE (id, insured_name, insured_phone, loss_address, carrier, claim_number, adjuster_name,
             cat, class, date_of_loss)
    WHERE status = 'open';

-- +goose Down
DROP INDEX claims_open_record_idx;
DROP INDEX claim_alerts_office_until_idx;
