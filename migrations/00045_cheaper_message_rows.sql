-- Less work in Postgres for each message stored and processed.
--
-- Queueing a claim's alerts keeps its plan for the session.
-- claim_alerts_queue was a SQL function: called from the alert triggers
-- (PL/pgSQL), whose expressions live for one transaction, it was parsed,
-- analyzed and planned again at the first call of every transaction, that
-- is at every filed message, several times the cost of the upsert itself.
-- A PL/pgSQL function prepares its statement once per session. The upsert
-- is the same, so the queue behaves as before.
--
-- A message's claim is checked once. messages_claim_office_fkey (claim_id,
-- office_id) already requires the claim to exist (office_id is never
-- NULL), and in the message's office; the older key on claim_id alone
-- checked the same claim a second time at every filing.

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

ALTER TABLE messages DROP CONSTRAINT messages_claim_id_fkey;

-- +goose Down
ALTER TABLE messages ADD CONSTRAINT messages_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES claims (id);
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claim_alerts_queue(claim bigint) RETURNS void
LANGUAGE sql AS $$
    -- DO UPDATE, not DO NOTHING: it waits for a refresh holding the row,
    -- and queues the claim again once that refresh has removed it.
    INSERT INTO claim_alerts_stale AS s (claim_id) SELECT claim WHERE claim IS NOT NULL
    ON CONFLICT (claim_id) DO UPDATE SET changes = s.changes + 1
$$;
-- +goose StatementEnd
