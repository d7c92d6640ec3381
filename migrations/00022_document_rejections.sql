-- A coordinator's check of a signed form can find it wrong (the wrong form
-- signed, a signature missing): verify_ok says which way the check at
-- verified_at went, and verify_reason why a form was rejected. Checks made
-- before could only say yes.

-- +goose Up
ALTER TABLE documents
    ADD COLUMN verify_ok     boolean,                  -- NULL while verified_at is
    ADD COLUMN verify_reason text NOT NULL DEFAULT '';
UPDATE documents SET verify_ok = true WHERE verified_at IS NOT NULL;
ALTER TABLE documents ADD CONSTRAINT documents_verify_ok_check CHECK ((verified_at IS NULL) = (verify_ok IS NULL));

-- A rejection changes a claim's alerts as a verification does.
DROP TRIGGER documents_alerts_update ON documents;
CREATE TRIGGER documents_alerts_update AFTER UPDATE OF claim_id, doc_type, received_at, verified_at, verify_ok, verify_reason ON documents
    FOR EACH ROW WHEN ((OLD.claim_id, OLD.doc_type, OLD.received_at, OLD.verified_at, OLD.verify_ok, OLD.verify_reason)
                       IS DISTINCT FROM (NEW.claim_id, NEW.doc_type, NEW.received_at, NEW.verified_at, NEW.verify_ok, NEW.verify_reason))
    EXECUTE FUNCTION claim_alerts_claim_row_changed();

-- +goose Down
DROP TRIGGER documents_alerts_update ON documents;
CREATE TRIGGER documents_alerts_update AFTER UPDATE OF claim_id, doc_type, received_at, verified_at ON documents
    FOR EACH ROW WHEN ((OLD.claim_id, OLD.doc_type, OLD.received_at, OLD.verified_at)
                       IS DISTINCT FROM (NEW.claim_id, NEW.doc_type, NEW.received_at, NEW.verified_at))
    EXECUTE FUNCTION claim_alerts_claim_row_changed();
ALTER TABLE documents DROP CONSTRAINT documents_verify_ok_check;
ALTER TABLE documents DROP COLUMN verify_reason, DROP COLUMN verify_ok;
