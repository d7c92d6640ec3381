-- The paperwork alerts of open claims, worked out ahead of time so that the
-- SLA board reads them instead of checking every open claim on every view.
--
-- claim_alerts holds each open claim's alert timeline (sla.AlertTimeline):
-- every alert the claim raises, with the stretch of time it shows, so the
-- alerts at any instant are a query. A timeline depends only on the claim's
-- facts and on the rules (business calendar, milestone deadlines): triggers
-- queue a claim in claim_alerts_stale whenever one of its facts changes, and
-- claimdesk works the queue out again (storage.RefreshClaimAlerts), keeping
-- when each open claim started (claim_starts) on the way. The rules are
-- configuration: claim_alerts_rules keeps the fingerprint of those the
-- timelines were made with, and a refresh under other rules queues every
-- open claim.

-- +goose Up
CREATE TABLE claim_alerts (
    claim_id    bigint      NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    milestone   text        NOT NULL,
    rank        smallint    NOT NULL,  -- sla.MilestoneRank: a claim's alerts of equal deadline, in order
    shows_from  timestamptz NOT NULL,
    shows_until timestamptz NOT NULL DEFAULT 'infinity',
    due_at      timestamptz,           -- NULL: work without a deadline (signatures to verify)
    message     text        NOT NULL,
    CHECK (shows_from < shows_until)
);
CREATE INDEX claim_alerts_claim_idx ON claim_alerts (claim_id);
-- The board: the alerts showing now, soonest due first, read in that order.
CREATE INDEX claim_alerts_due_idx ON claim_alerts (due_at, claim_id, rank) INCLUDE (shows_from, shows_until);

-- When each open claim started (sla.ClaimFacts.OpenedAt), kept along with
-- its alerts from the same facts: the board's daily updates count from it.
CREATE TABLE claim_starts (
    claim_id  bigint      PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
    opened_at timestamptz NOT NULL
);

-- Claims whose alerts must be worked out again; changes counts the changes
-- since, so that a change made while a refresh runs queues the claim anew.
CREATE TABLE claim_alerts_stale (
    claim_id bigint PRIMARY KEY,  -- no foreign key: a claim deleted meanwhile is just skipped
    changes  bigint NOT NULL DEFAULT 1
);

CREATE TABLE claim_alerts_rules (
    only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    fingerprint text    NOT NULL  -- sla.Calendar.AlertsFingerprint of the rules in use
);
INSERT INTO claim_alerts_rules (fingerprint) VALUES ('');
-- Every open claim is worked out by the first refresh; until then, or
-- while a claim waits in the queue, readers work out its start themselves.
INSERT INTO claim_alerts_stale (claim_id) SELECT id FROM claims WHERE status = 'open';

-- A message's arrival can be when its claim started: claims by their
-- assignment message.
CREATE INDEX claims_source_message_idx ON claims (source_message_id) WHERE source_message_id IS NOT NULL;

-- Claims search (storage.claimSearchCondition) matches the searched fields
-- joined by a unit separator, through one trigram index for the text and
-- one for the normalized numbers: an OR over eight indexes made the planner
-- walk every claim, newest first, for a term only old claims hold. The
-- finer statistics let it tell a term held by one claim in a thousand from
-- one held by one in a hundred. Without pg_trgm (see 00009) search scans.
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        RETURN;
    END IF;
    CREATE INDEX claims_search_text_trgm_idx ON claims USING gin
        ((job_number || E'\x1f' || claim_number || E'\x1f' || policy_number || E'\x1f' || insured_name || E'\x1f' || loss_address) gin_trgm_ops);
    CREATE INDEX claims_search_norm_trgm_idx ON claims USING gin
        ((job_number_norm || E'\x1f' || claim_number_norm || E'\x1f' || policy_number_norm) gin_trgm_ops);
    ALTER INDEX claims_search_text_trgm_idx ALTER COLUMN 1 SET STATISTICS 1000;
    ALTER INDEX claims_search_norm_trgm_idx ALTER COLUMN 1 SET STATISTICS 1000;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION claim_alerts_queue(claim bigint) RETURNS void
LANGUAGE sql AS $$
    -- DO UPDATE, not DO NOTHING: it waits for a refresh holding the row,
    -- and queues the claim again once that refresh has removed it.
    INSERT INTO claim_alerts_stale AS s (claim_id) SELECT claim WHERE claim IS NOT NULL
    ON CONFLICT (claim_id) DO UPDATE SET changes = s.changes + 1
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION claim_alerts_claim_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claim_alerts_queue(NEW.id);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- Documents and messages: the claim the row belonged to and the one it
-- belongs to now.
-- +goose StatementBegin
CREATE FUNCTION claim_alerts_claim_row_changed() RETURNS trigger
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

-- +goose StatementBegin
CREATE FUNCTION claim_alerts_source_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claim_alerts_queue(c.id) FROM claims c WHERE c.source_message_id = OLD.id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- What sla.ClaimFacts are made of (storage.claimAlertFacts): the claim's
-- status, loss type, start and job stages; its documents other than
-- correspondence, when they came and were verified; and the arrival of its
-- messages, the first of which can be when it started.
CREATE TRIGGER claims_alerts_insert AFTER INSERT ON claims
    FOR EACH ROW WHEN (NEW.status = 'open') EXECUTE FUNCTION claim_alerts_claim_changed();
CREATE TRIGGER claims_alerts_update
    AFTER UPDATE OF status, loss_type, created_at, source_message_id,
                    work_started_at, equipment_picked_up_at, completed_at, sampled_at ON claims
    FOR EACH ROW WHEN ((OLD.status, OLD.loss_type, OLD.created_at, OLD.source_message_id,
                        OLD.work_started_at, OLD.equipment_picked_up_at, OLD.completed_at, OLD.sampled_at)
                       IS DISTINCT FROM
                       (NEW.status, NEW.loss_type, NEW.created_at, NEW.source_message_id,
                        NEW.work_started_at, NEW.equipment_picked_up_at, NEW.completed_at, NEW.sampled_at))
    EXECUTE FUNCTION claim_alerts_claim_changed();

CREATE TRIGGER documents_alerts_insert AFTER INSERT ON documents
    FOR EACH ROW WHEN (NEW.doc_type <> 'correspondence') EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE TRIGGER documents_alerts_update AFTER UPDATE OF claim_id, doc_type, received_at, verified_at ON documents
    FOR EACH ROW WHEN ((OLD.claim_id, OLD.doc_type, OLD.received_at, OLD.verified_at)
                       IS DISTINCT FROM (NEW.claim_id, NEW.doc_type, NEW.received_at, NEW.verified_at))
    EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE TRIGGER documents_alerts_delete AFTER DELETE ON documents
    FOR EACH ROW WHEN (OLD.doc_type <> 'correspondence') EXECUTE FUNCTION claim_alerts_claim_row_changed();

CREATE TRIGGER messages_alerts_insert AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.claim_id IS NOT NULL) EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE TRIGGER messages_alerts_update AFTER UPDATE OF claim_id, internal_date, sent_date, received_at ON messages
    FOR EACH ROW WHEN ((OLD.claim_id, OLD.internal_date, OLD.sent_date, OLD.received_at)
                       IS DISTINCT FROM (NEW.claim_id, NEW.internal_date, NEW.sent_date, NEW.received_at))
    EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE TRIGGER messages_alerts_delete AFTER DELETE ON messages
    FOR EACH ROW EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE TRIGGER messages_alerts_source AFTER UPDATE OF internal_date, sent_date, received_at OR DELETE ON messages
    FOR EACH ROW EXECUTE FUNCTION claim_alerts_source_changed();

-- +goose Down
DROP TRIGGER messages_alerts_source ON messages;
DROP TRIGGER messages_alerts_delete ON messages;
DROP TRIGGER messages_alerts_update ON messages;
DROP TRIGGER messages_alerts_insert ON messages;
DROP TRIGGER documents_alerts_delete ON documents;
DROP TRIGGER documents_alerts_update ON documents;
DROP TRIGGER documents_alerts_insert ON documents;
DROP TRIGGER claims_alerts_update ON claims;
DROP TRIGGER claims_alerts_insert ON claims;
DROP FUNCTION claim_alerts_source_changed();
DROP FUNCTION claim_alerts_claim_row_changed();
DROP FUNCTION claim_alerts_claim_changed();
DROP FUNCTION claim_alerts_queue(bigint);
DROP INDEX claims_source_message_idx;
DROP INDEX IF EXISTS claims_search_norm_trgm_idx;
DROP INDEX IF EXISTS claims_search_text_trgm_idx;
DROP TABLE claim_alerts_rules;
DROP TABLE claim_alerts_stale;
DROP TABLE claim_starts;
DROP TABLE claim_alerts;
