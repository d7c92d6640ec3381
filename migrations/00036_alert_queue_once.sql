-- Filing a message queues its claim's alerts once, not once per row.
--
-- The deferred triggers on documents and messages queued the claim a row
-- belonged to and the one it belongs to now, at every row: a message filed
-- with five attachments upserted the same queue row six times at its
-- commit, and a message taken out of "no claim" upserted nothing, at the
-- cost of a statement, for the claim it had before (NULL). The first upsert
-- of a transaction already locks the queue row until the commit, so that no
-- refresh can take the claim off the queue before the transaction's changes
-- are visible: a second upsert of the same claim in the same transaction
-- adds nothing. The claim last queued is remembered in a setting local to
-- the transaction (undone with it, and with a savepoint rolled back), which
-- catches the repeats of one filing without growing with the transaction.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION claim_alerts_queue_once(claim bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF claim IS NULL OR current_setting('claimdesk.alerts_last_queued', true) = claim::text THEN
        RETURN;
    END IF;
    PERFORM claim_alerts_queue(claim);
    PERFORM set_config('claimdesk.alerts_last_queued', claim::text, true);
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claim_alerts_claim_row_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM claim_alerts_queue_once(OLD.claim_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.claim_id IS DISTINCT FROM OLD.claim_id) THEN
        PERFORM claim_alerts_queue_once(NEW.claim_id);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claim_alerts_claim_row_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM claim_alerts_queue(OLD.claim_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.claim_id IS DISTINCT FROM OLD.claim_id) THEN
        PERFORM claim_alerts_queue(NEW.claim_id);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
DROP FUNCTION claim_alerts_queue_once(bigint);
