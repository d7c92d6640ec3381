-- A work start known as a day alone (drying equipment placed "Tuesday",
-- no time: equipment.placed_day_only, equipment_proposals.day_only) makes
-- the ATP due by the office's close that day, a deadline of a day that
-- pages tell without a clock time: claim_alerts keeps that an alert's
-- deadline is a day (sla.TimedAlert.DueDay). The day-only marks are facts
-- the alerts are worked out from (storage.claimAlertFacts): a change of
-- one queues its claim's alerts, as a change of the time does. The claims
-- before are worked out again by the new alert rules' version
-- (sla.alertRulesVersion 9).

-- +goose Up
ALTER TABLE claim_alerts ADD COLUMN due_day boolean NOT NULL DEFAULT false;

DROP TRIGGER equipment_alerts_update ON equipment;
CREATE TRIGGER equipment_alerts_update AFTER UPDATE OF claim_id, kind, placed_at, placed_day_only ON equipment FOR EACH ROW
    WHEN ((OLD.placed_at IS NOT NULL AND OLD.kind IN ('air_mover', 'dehumidifier', 'air_scrubber')
           OR NEW.placed_at IS NOT NULL AND NEW.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'))
          AND (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.kind IS DISTINCT FROM NEW.kind
               OR OLD.placed_at IS DISTINCT FROM NEW.placed_at OR OLD.placed_day_only IS DISTINCT FROM NEW.placed_day_only))
    EXECUTE FUNCTION claim_alerts_queue_old_claim();

DROP TRIGGER equipment_proposals_alerts_update ON equipment_proposals;
CREATE CONSTRAINT TRIGGER equipment_proposals_alerts_update AFTER UPDATE OF claim_id, action, kind, at, day_only, status ON equipment_proposals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.action = 'placed' AND OLD.kind IN ('air_mover', 'dehumidifier', 'air_scrubber')
           OR NEW.action = 'placed' AND NEW.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'))
          AND (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.action IS DISTINCT FROM NEW.action
               OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.at IS DISTINCT FROM NEW.at
               OR OLD.day_only IS DISTINCT FROM NEW.day_only OR OLD.status IS DISTINCT FROM NEW.status))
    EXECUTE FUNCTION claim_alerts_queue_old_claim();

-- +goose Down
DROP TRIGGER equipment_proposals_alerts_update ON equipment_proposals;
CREATE CONSTRAINT TRIGGER equipment_proposals_alerts_update AFTER UPDATE OF claim_id, action, kind, at, status ON equipment_proposals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.action = 'placed' AND OLD.kind IN ('air_mover', 'dehumidifier', 'air_scrubber')
           OR NEW.action = 'placed' AND NEW.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'))
          AND (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.action IS DISTINCT FROM NEW.action
               OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.at IS DISTINCT FROM NEW.at
               OR OLD.status IS DISTINCT FROM NEW.status))
    EXECUTE FUNCTION claim_alerts_queue_old_claim();

DROP TRIGGER equipment_alerts_update ON equipment;
CREATE TRIGGER equipment_alerts_update AFTER UPDATE OF claim_id, kind, placed_at ON equipment FOR EACH ROW
    WHEN ((OLD.placed_at IS NOT NULL AND OLD.kind IN ('air_mover', 'dehumidifier', 'air_scrubber')
           OR NEW.placed_at IS NOT NULL AND NEW.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'))
          AND (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.kind IS DISTINCT FROM NEW.kind
               OR OLD.placed_at IS DISTINCT FROM NEW.placed_at))
    EXECUTE FUNCTION claim_alerts_queue_old_claim();

ALTER TABLE claim_alerts DROP COLUMN due_day;
