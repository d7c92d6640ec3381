-- The file number an independent adjusting firm or TPA gives the claim
-- ("Our file: FP-7731"): often the only number in the firm's later mail,
-- so mail is matched by it as by the carrier's claim number. Null until
-- known. Not unique: two firms may number files alike, and a number two
-- claims share names neither.

-- +goose Up
ALTER TABLE claims ADD COLUMN adjuster_file_number text,
    ADD COLUMN adjuster_file_number_norm text NOT NULL DEFAULT '';
CREATE INDEX claims_adjuster_file_number_norm_idx ON claims (office_id, adjuster_file_number_norm)
    WHERE adjuster_file_number_norm <> '';

-- The open claims kept in memory carry the file number too.
DROP TRIGGER claims_changed_xid ON claims;
CREATE TRIGGER claims_changed_xid BEFORE UPDATE ON claims
    FOR EACH ROW WHEN ((OLD.status, OLD.office_id, OLD.job_number, OLD.claim_number, OLD.policy_number, OLD.carrier,
                        OLD.insured_name, OLD.loss_address, OLD.adjuster_name, OLD.adjuster_email,
                        OLD.adjuster_file_number)
                       IS DISTINCT FROM
                       (NEW.status, NEW.office_id, NEW.job_number, NEW.claim_number, NEW.policy_number, NEW.carrier,
                        NEW.insured_name, NEW.loss_address, NEW.adjuster_name, NEW.adjuster_email,
                        NEW.adjuster_file_number))
    EXECUTE FUNCTION claims_changed_xid();

-- +goose Down
DROP TRIGGER claims_changed_xid ON claims;
CREATE TRIGGER claims_changed_xid BEFORE UPDATE ON claims
    FOR EACH ROW WHEN ((OLD.status, OLD.office_id, OLD.job_number, OLD.claim_number, OLD.policy_number, OLD.carrier,
                        OLD.insured_name, OLD.loss_address, OLD.adjuster_name, OLD.adjuster_email)
                       IS DISTINCT FROM
                       (NEW.status, NEW.office_id, NEW.job_number, NEW.claim_number, NEW.policy_number, NEW.carrier,
                        NEW.insured_name, NEW.loss_address, NEW.adjuster_name, NEW.adjuster_email))
    EXECUTE FUNCTION claims_changed_xid();
DROP INDEX claims_adjuster_file_number_norm_idx;
ALTER TABLE claims DROP COLUMN adjuster_file_number_norm, DROP COLUMN adjuster_file_number;
