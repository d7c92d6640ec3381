-- Queueing a claim's alerts keeps its plan for the session.
--
-- claim_alerts_queue was a SQL function: called from the alert triggers
-- (PL/pgSQL), whose expressions live for one transaction, it was parsed,
-- analyzed and planned again at the first call of every transaction, that
-- is at every filed message, several times the cost of the upsert itself.
-- A PL/pgSQL function prepares its statement once per session. The upsert
-- is the same, so the queue behaves as before.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claim_alerts_queue(claim bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- DO UPDATE, not DO NOTHING: it waits for a refresh holding the row,
    -- and queues the claim again once that refresh has removed it.
    INSERT INTO claim_alerts_stale AS s (claim_id) SELECT claim WHERE claim IS NOT NULL
    ON CONFLICT (claim_id) DO UPDATE SET changes = s.changes + 1;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claim_alerts_queue(claim bigint) RETURNS void
LANGUAGE sql AS $$
    -- DO UPDATE, not DO NOTHING: it waits for a refresh holding the row,
    -- and queues the claim again once that refresh has removed it.
    INSERT INTO claim_alerts_stale AS s (claim_id) SELECT claim WHERE claim IS NOT NULL
    ON CONFLICT (claim_id) DO UPDATE SET changes = s.changes + 1
$$;
-- +goose StatementEnd
