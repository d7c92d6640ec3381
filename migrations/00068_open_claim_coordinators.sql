-- Whether a participant's claim is open, kept on the participant, so that
-- a coordinator's open claims have an index of their own: the board, the
-- claims list and the morning page of "Mine" read a coordinator's open
-- claims, and one who coordinated for years has ten closed claims for each
-- open one. The index carries the address as written too, so that the
-- planner reads the coordinator's claims from the index alone.
--
-- A participant added takes its claim's status, read under a share lock
-- of the claim, so that a claim being closed meanwhile is waited for; a
-- claim whose status changes changes its participants' flag.

-- +goose Up
-- No claim opens or closes between the flags' first marking and their
-- triggers (another process still running the version before), and no
-- claim row is locked for a change of its participants, whose transaction
-- would then wait for this one while this one waits for it.
LOCK TABLE claims IN EXCLUSIVE MODE;
ALTER TABLE claim_participants ADD COLUMN claim_open boolean NOT NULL DEFAULT false;
UPDATE claim_participants p SET claim_open = true FROM claims c WHERE c.id = p.claim_id AND c.status = 'open';
CREATE INDEX claim_participants_open_coordinator_idx ON claim_participants (lower(email), claim_id) INCLUDE (email)
    WHERE role = 'coordinator' AND claim_open;

-- +goose StatementBegin
CREATE FUNCTION claim_participants_claim_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.claim_open := coalesce((SELECT status = 'open' FROM claims WHERE id = NEW.claim_id FOR SHARE), false);
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER claim_participants_claim_open BEFORE INSERT OR UPDATE OF claim_id ON claim_participants
    FOR EACH ROW EXECUTE FUNCTION claim_participants_claim_open();

-- +goose StatementBegin
CREATE FUNCTION claims_participants_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE claim_participants SET claim_open = (NEW.status = 'open') WHERE claim_id = NEW.id;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER claims_participants_open AFTER UPDATE OF status ON claims
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION claims_participants_open();

-- +goose Down
DROP TRIGGER claims_participants_open ON claims;
DROP FUNCTION claims_participants_open();
DROP TRIGGER claim_participants_claim_open ON claim_participants;
DROP FUNCTION claim_participants_claim_open();
DROP INDEX claim_participants_open_coordinator_idx;
ALTER TABLE claim_participants DROP COLUMN claim_open;
