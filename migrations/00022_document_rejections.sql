-- A coordinator's check of a signed form can find it wrong (the wrong form
-- signed, a signature missing): verify_ok says which way the check at
-- verified_at went (nothing while verified_at is NULL), and verify_reason
-- why a form was rejected. Checks made before could only say yes, and a
-- writer that sets verified_at alone still says yes.

-- +goose Up
ALTER TABLE documents
    ADD COLUMN verify_ok     boolean NOT NULL DEFAULT true,
    ADD COLUMN verify_reason text    NOT NULL DEFAULT '';

-- The alerts read each claim's documents by type from an index alone
-- (00009): it now carries the checks' verdicts too.
CREATE INDEX documents_claim_type_checks_idx ON documents (claim_id, doc_type, received_at)
    INCLUDE (verified_at, verify_ok, verify_reason);
DROP INDEX documents_claim_type_idx;

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
CREATE INDEX documents_claim_type_idx ON documents (claim_id, doc_type, received_at) INCLUDE (verified_at);
DROP INDEX documents_claim_type_checks_idx;
ALTER TABLE documents DROP COLUMN verify_reason, DROP COLUMN verify_ok;
