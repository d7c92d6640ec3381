-- What mail says of drying equipment placed (air movers, dehumidifiers,
-- air scrubbers: equipment.DryingKinds), while it waits for a person, is
-- one of the facts a claim's alerts are worked out from
-- (storage.claimAlertFacts): with nothing confirmed, work started when mail
-- says the equipment went in, if that came before the first drying log, so
-- the ATP is due by then. A proposal of a placement that comes, is
-- confirmed or dismissed, or moves queues its claim's alerts. The claims
-- before are worked out again by the new alert rules' version
-- (sla.alertRulesVersion 7). The triggers fire at commit, as those of
-- documents and messages do (00032, 00047): a placement read while a
-- message is filed does not hold its claim's queue row, which every other
-- message filed to the claim would wait for, until the filing ends.

-- +goose Up
CREATE CONSTRAINT TRIGGER equipment_proposals_alerts_insert AFTER INSERT ON equipment_proposals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.action = 'placed' AND NEW.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'))
    EXECUTE FUNCTION claim_alerts_queue_new_claim();
-- An update queues the claim the row had, then (update_new, fired after it
-- by name) the one it has when that changed.
CREATE CONSTRAINT TRIGGER equipment_proposals_alerts_update AFTER UPDATE OF claim_id, action, kind, at, status ON equipment_proposals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.action = 'placed' AND OLD.kind IN ('air_mover', 'dehumidifier', 'air_scrubber')
           OR NEW.action = 'placed' AND NEW.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'))
          AND (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.action IS DISTINCT FROM NEW.action
               OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.at IS DISTINCT FROM NEW.at
               OR OLD.status IS DISTINCT FROM NEW.status))
    EXECUTE FUNCTION claim_alerts_queue_old_claim();
CREATE CONSTRAINT TRIGGER equipment_proposals_alerts_update_new AFTER UPDATE OF claim_id ON equipment_proposals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.claim_id IS DISTINCT FROM NEW.claim_id AND NEW.action = 'placed'
          AND NEW.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'))
    EXECUTE FUNCTION claim_alerts_queue_new_claim();
CREATE CONSTRAINT TRIGGER equipment_proposals_alerts_delete AFTER DELETE ON equipment_proposals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.action = 'placed' AND OLD.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'))
    EXECUTE FUNCTION claim_alerts_queue_old_claim();

-- +goose Down
DROP TRIGGER equipment_proposals_alerts_delete ON equipment_proposals;
DROP TRIGGER equipment_proposals_alerts_update_new ON equipment_proposals;
DROP TRIGGER equipment_proposals_alerts_update ON equipment_proposals;
DROP TRIGGER equipment_proposals_alerts_insert ON equipment_proposals;
