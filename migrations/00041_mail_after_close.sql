-- Mail that came into a claim after it closed is marked on the message, so
-- that the board's list of it reads its few rows from an index instead of
-- joining every unanswered message with its claim.
--
-- messages.after_close is true for inbound mail filed into a closed claim
-- and stored after the claim's closed_at. Triggers keep it: a message
-- inserted, moved to another claim, or given another direction or arrival
-- time works it out from its claim; a claim closed, reopened or given
-- another closed_at works it out again for all of its mail.
--
-- A message filed into a claim by a transaction that commits while another
-- closes the claim may keep the flag its claim had in its own snapshot:
-- locking the claim to prevent that would make two filings into one claim
-- wait on each other.

-- +goose Up
ALTER TABLE messages ADD COLUMN after_close boolean NOT NULL DEFAULT false;

UPDATE messages m SET after_close = true
FROM claims c
WHERE c.id = m.claim_id AND m.direction = 'in' AND c.status = 'closed' AND m.received_at > c.closed_at;

-- the board's list, the latest first: messages come off the index as they
-- are marked seen
CREATE INDEX messages_after_close_idx ON messages (received_at DESC, id DESC)
    WHERE after_close AND acknowledged_at IS NULL;

-- +goose StatementBegin
CREATE FUNCTION messages_after_close_set() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.after_close := NEW.direction = 'in' AND EXISTS (
        SELECT 1 FROM claims c
        WHERE c.id = NEW.claim_id AND c.status = 'closed' AND NEW.received_at > c.closed_at);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER messages_after_close_insert BEFORE INSERT ON messages
    FOR EACH ROW WHEN (NEW.claim_id IS NOT NULL)
    EXECUTE FUNCTION messages_after_close_set();

CREATE TRIGGER messages_after_close_update BEFORE UPDATE OF claim_id, direction, received_at ON messages
    FOR EACH ROW WHEN (NEW.claim_id IS DISTINCT FROM OLD.claim_id OR NEW.direction IS DISTINCT FROM OLD.direction
                       OR NEW.received_at IS DISTINCT FROM OLD.received_at)
    EXECUTE FUNCTION messages_after_close_set();

-- +goose StatementBegin
CREATE FUNCTION claims_after_close_mail() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE messages m
    SET after_close = v.after_close
    FROM (SELECT id, direction = 'in' AND NEW.status = 'closed' AND coalesce(received_at > NEW.closed_at, false) AS after_close
          FROM messages WHERE claim_id = NEW.id) v
    WHERE m.id = v.id AND m.after_close <> v.after_close;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER claims_after_close_mail AFTER UPDATE OF status, closed_at ON claims
    FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status OR NEW.closed_at IS DISTINCT FROM OLD.closed_at)
    EXECUTE FUNCTION claims_after_close_mail();

-- +goose Down
DROP TRIGGER claims_after_close_mail ON claims;
DROP FUNCTION claims_after_close_mail();
DROP TRIGGER messages_after_close_update ON messages;
DROP TRIGGER messages_after_close_insert ON messages;
DROP FUNCTION messages_after_close_set();
DROP INDEX messages_after_close_idx;
ALTER TABLE messages DROP COLUMN after_close;
