-- Each open claim's latest update, kept beside its start in claim_starts:
-- the SLA board lists the open claims without today's update, longest
-- without one first, from these two columns instead of gathering the week's
-- updates of every open claim on each view.
--
-- A claim's updates now queue it in claim_alerts_stale like its other
-- facts, so that storage.RefreshClaimAlerts writes the latest update along
-- with the start, under the same queue and locks; readers work it out
-- themselves for a queued claim.
--
-- And the eight per-column trigram indexes of 00009 go: claims search reads
-- the two over the joined fields (00012), so they only slowed every write.

-- +goose Up
ALTER TABLE claim_starts ADD COLUMN last_update_at timestamptz;
UPDATE claim_starts s SET last_update_at = (SELECT max(u.at) FROM claim_updates u WHERE u.claim_id = s.claim_id);

CREATE TRIGGER claim_updates_alerts_insert AFTER INSERT ON claim_updates
    FOR EACH ROW EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE TRIGGER claim_updates_alerts_update AFTER UPDATE OF claim_id, at ON claim_updates
    FOR EACH ROW WHEN ((OLD.claim_id, OLD.at) IS DISTINCT FROM (NEW.claim_id, NEW.at))
    EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE TRIGGER claim_updates_alerts_delete AFTER DELETE ON claim_updates
    FOR EACH ROW EXECUTE FUNCTION claim_alerts_claim_row_changed();

DROP INDEX IF EXISTS claims_job_number_trgm_idx;
DROP INDEX IF EXISTS claims_claim_number_trgm_idx;
DROP INDEX IF EXISTS claims_policy_number_trgm_idx;
DROP INDEX IF EXISTS claims_insured_name_trgm_idx;
DROP INDEX IF EXISTS claims_loss_address_trgm_idx;
DROP INDEX IF EXISTS claims_job_number_norm_trgm_idx;
DROP INDEX IF EXISTS claims_claim_number_norm_trgm_idx;
DROP INDEX IF EXISTS claims_policy_number_norm_trgm_idx;

-- +goose Down
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        RETURN;
    END IF;
    CREATE INDEX claims_job_number_trgm_idx ON claims USING gin (job_number gin_trgm_ops);
    CREATE INDEX claims_claim_number_trgm_idx ON claims USING gin (claim_number gin_trgm_ops);
    CREATE INDEX claims_policy_number_trgm_idx ON claims USING gin (policy_number gin_trgm_ops);
    CREATE INDEX claims_insured_name_trgm_idx ON claims USING gin (insured_name gin_trgm_ops);
    CREATE INDEX claims_loss_address_trgm_idx ON claims USING gin (loss_address gin_trgm_ops);
    CREATE INDEX claims_job_number_norm_trgm_idx ON claims USING gin (job_number_norm gin_trgm_ops);
    CREATE INDEX claims_claim_number_norm_trgm_idx ON claims USING gin (claim_number_norm gin_trgm_ops);
    CREATE INDEX claims_policy_number_norm_trgm_idx ON claims USING gin (policy_number_norm gin_trgm_ops);
END
$$;
-- +goose StatementEnd
DROP TRIGGER claim_updates_alerts_delete ON claim_updates;
DROP TRIGGER claim_updates_alerts_update ON claim_updates;
DROP TRIGGER claim_updates_alerts_insert ON claim_updates;
ALTER TABLE claim_starts DROP COLUMN last_update_at;
