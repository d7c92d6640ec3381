-- A claim's first drying equipment placed (air movers, dehumidifiers, air
-- scrubbers: equipment.DryingKinds) is one of the facts its alerts are
-- worked out from (storage.claimAlertFacts): work started then, so the ATP
-- is due by then, and the job owes drying logs. Lines of the equipment log
-- that place, move or remove drying equipment queue their claim's alerts,
-- as documents and the claim's own stages do. A pickup needs no trigger of
-- its own: it changes the claim's pickup stage (storage.syncPickupStage),
-- whose trigger queues the claim. The claims placed before are worked out
-- again by the new alert rules' version (sla.alertRulesVersion 5).

-- +goose Up
CREATE TRIGGER equipment_alerts_insert AFTER INSERT ON equipment FOR EACH ROW
    WHEN (NEW.placed_at IS NOT NULL AND NEW.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'))
    EXECUTE FUNCTION claim_alerts_queue_new_claim();
-- An update queues the claim the row had, then (update_new, fired after it
-- by name) the one it has when that changed.
CREATE TRIGGER equipment_alerts_update AFTER UPDATE OF claim_id, kind, placed_at ON equipment FOR EACH ROW
    WHEN ((OLD.placed_at IS NOT NULL AND OLD.kind IN ('air_mover', 'dehumidifier', 'air_scrubber')
           OR NEW.placed_at IS NOT NULL AND NEW.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'))
          AND (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.kind IS DISTINCT FROM NEW.kind
               OR OLD.placed_at IS DISTINCT FROM NEW.placed_at))
    EXECUTE FUNCTION claim_alerts_queue_old_claim();
CREATE TRIGGER equipment_alerts_update_new AFTER UPDATE OF claim_id ON equipment FOR EACH ROW
    WHEN (OLD.claim_id IS DISTINCT FROM NEW.claim_id AND NEW.placed_at IS NOT NULL
          AND NEW.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'))
    EXECUTE FUNCTION claim_alerts_queue_new_claim();
CREATE TRIGGER equipment_alerts_delete AFTER DELETE ON equipment FOR EACH ROW
    WHEN (OLD.placed_at IS NOT NULL AND OLD.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'))
    EXECUTE FUNCTION claim_alerts_queue_old_claim();

-- +goose Down
DROP TRIGGER equipment_alerts_delete ON equipment;
DROP TRIGGER equipment_alerts_update_new ON equipment;
DROP TRIGGER equipment_alerts_update ON equipment;
DROP TRIGGER equipment_alerts_insert ON equipment;
