-- Processing keeps the open claims of every office in memory and, for each
-- message, reads only the claims changed since its last read
-- (ingest.OpenClaimsCache): an office with thousands of open claims paid
-- for reading all of them at every message. changed_xid is the transaction
-- that last wrote a column the classifier reads; a reader that remembers
-- its snapshot's xmin finds, by this index, every change committed since.

-- +goose Up
ALTER TABLE claims ADD COLUMN changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX claims_changed_xid_idx ON claims (changed_xid);

-- +goose StatementBegin
CREATE FUNCTION claims_changed_xid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed_xid := pg_current_xact_id();
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER claims_changed_xid BEFORE UPDATE ON claims
    FOR EACH ROW WHEN ((OLD.status, OLD.office_id, OLD.job_number, OLD.claim_number, OLD.policy_number, OLD.carrier,
                        OLD.insured_name, OLD.loss_address, OLD.adjuster_name, OLD.adjuster_email)
                       IS DISTINCT FROM
                       (NEW.status, NEW.office_id, NEW.job_number, NEW.claim_number, NEW.policy_number, NEW.carrier,
                        NEW.insured_name, NEW.loss_address, NEW.adjuster_name, NEW.adjuster_email))
    EXECUTE FUNCTION claims_changed_xid();

-- +goose Down
DROP TRIGGER claims_changed_xid ON claims;
DROP FUNCTION claims_changed_xid();
ALTER TABLE claims DROP COLUMN changed_xid;
