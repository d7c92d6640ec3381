-- Fewer and shorter trigger calls for each message stored, processed and
-- filed; the notifications, alert queue, marks and search words are the
-- same.
--
-- Entering a PL/pgSQL trigger costs more than most of what the triggers do:
-- each of its expressions is made ready again in every transaction. A
-- trigger's WHEN condition is evaluated without entering the function, so
-- the triggers below say in WHEN when they have nothing to do.
--
-- Change notifications: Postgres sends one notification per distinct
-- payload per transaction, yet the trigger ran for every row. The payload
-- a table last sent in the transaction is kept in a setting local to it
-- (undone with it, and with a savepoint rolled back, as the notification
-- is), and a row whose payload that is skips the trigger: importing a batch
-- of mail notifies once, and a message's second update in its filing
-- transaction not at all. Rows that take their claim's office
-- (claim_updates, equipment_proposals) still look it up at every row.
--
-- Alert queue: one trigger function queues the claim itself, where three
-- nested functions did; a trigger that has no claim to queue (a message
-- leaving "no claim") no longer runs.
--
-- Mail after close: only inbound mail in a claim can be marked, so the
-- mark is not recomputed for other mail unless it is marked already.
--
-- Search words: a text without a dash has no number words, which is
-- checked before entering the function that finds them; a message stored before it
-- is parsed has no body, and its body's text is not extracted.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION claimdesk_notify_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- set_config returns the payload it remembers for the table's WHEN
    PERFORM pg_notify('claimdesk_changes',
        set_config('claimdesk.notified_' || TG_TABLE_NAME, TG_TABLE_NAME || ':' || NEW.office_id, true));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION claimdesk_notify_old() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('claimdesk_changes',
        set_config('claimdesk.notified_' || TG_TABLE_NAME, TG_TABLE_NAME || ':' || OLD.office_id, true));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- A row moved to another office notifies the office it left first
-- (triggers fire in the order of their names: moved, then update).
DROP TRIGGER messages_notify_change ON messages;
CREATE TRIGGER messages_notify_insert AFTER INSERT ON messages FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_messages', true) IS DISTINCT FROM ('messages:' || NEW.office_id))
    EXECUTE FUNCTION claimdesk_notify_new();
CREATE TRIGGER messages_notify_moved AFTER UPDATE OF office_id ON messages FOR EACH ROW
    WHEN (OLD.office_id IS DISTINCT FROM NEW.office_id)
    EXECUTE FUNCTION claimdesk_notify_old();
CREATE TRIGGER messages_notify_update
    AFTER UPDATE OF status, claim_id, needs_ack, ack_due_at, acknowledged_at, office_id ON messages FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_messages', true) IS DISTINCT FROM ('messages:' || NEW.office_id))
    EXECUTE FUNCTION claimdesk_notify_new();
CREATE TRIGGER messages_notify_delete AFTER DELETE ON messages FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_messages', true) IS DISTINCT FROM ('messages:' || OLD.office_id))
    EXECUTE FUNCTION claimdesk_notify_old();

DROP TRIGGER documents_notify_change ON documents;
CREATE TRIGGER documents_notify_insert AFTER INSERT ON documents FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_documents', true) IS DISTINCT FROM ('documents:' || NEW.office_id))
    EXECUTE FUNCTION claimdesk_notify_new();
CREATE TRIGGER documents_notify_moved AFTER UPDATE OF office_id ON documents FOR EACH ROW
    WHEN (OLD.office_id IS DISTINCT FROM NEW.office_id)
    EXECUTE FUNCTION claimdesk_notify_old();
CREATE TRIGGER documents_notify_update AFTER UPDATE ON documents FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_documents', true) IS DISTINCT FROM ('documents:' || NEW.office_id))
    EXECUTE FUNCTION claimdesk_notify_new();
CREATE TRIGGER documents_notify_delete AFTER DELETE ON documents FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_documents', true) IS DISTINCT FROM ('documents:' || OLD.office_id))
    EXECUTE FUNCTION claimdesk_notify_old();

DROP TRIGGER requests_notify_change ON requests;
CREATE TRIGGER requests_notify_insert AFTER INSERT ON requests FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_requests', true) IS DISTINCT FROM ('requests:' || NEW.office_id))
    EXECUTE FUNCTION claimdesk_notify_new();
CREATE TRIGGER requests_notify_moved AFTER UPDATE OF office_id ON requests FOR EACH ROW
    WHEN (OLD.office_id IS DISTINCT FROM NEW.office_id)
    EXECUTE FUNCTION claimdesk_notify_old();
CREATE TRIGGER requests_notify_update AFTER UPDATE ON requests FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_requests', true) IS DISTINCT FROM ('requests:' || NEW.office_id))
    EXECUTE FUNCTION claimdesk_notify_new();
CREATE TRIGGER requests_notify_delete AFTER DELETE ON requests FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_requests', true) IS DISTINCT FROM ('requests:' || OLD.office_id))
    EXECUTE FUNCTION claimdesk_notify_old();

DROP TRIGGER equipment_notify_change ON equipment;
CREATE TRIGGER equipment_notify_insert AFTER INSERT ON equipment FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_equipment', true) IS DISTINCT FROM ('equipment:' || NEW.office_id))
    EXECUTE FUNCTION claimdesk_notify_new();
CREATE TRIGGER equipment_notify_moved AFTER UPDATE OF office_id ON equipment FOR EACH ROW
    WHEN (OLD.office_id IS DISTINCT FROM NEW.office_id)
    EXECUTE FUNCTION claimdesk_notify_old();
CREATE TRIGGER equipment_notify_update AFTER UPDATE ON equipment FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_equipment', true) IS DISTINCT FROM ('equipment:' || NEW.office_id))
    EXECUTE FUNCTION claimdesk_notify_new();
CREATE TRIGGER equipment_notify_delete AFTER DELETE ON equipment FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_equipment', true) IS DISTINCT FROM ('equipment:' || OLD.office_id))
    EXECUTE FUNCTION claimdesk_notify_old();

DROP TRIGGER claims_notify_change ON claims;
CREATE TRIGGER claims_notify_insert AFTER INSERT ON claims FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_claims', true) IS DISTINCT FROM ('claims:' || NEW.office_id))
    EXECUTE FUNCTION claimdesk_notify_new();
CREATE TRIGGER claims_notify_moved AFTER UPDATE OF office_id ON claims FOR EACH ROW
    WHEN (OLD.office_id IS DISTINCT FROM NEW.office_id)
    EXECUTE FUNCTION claimdesk_notify_old();
CREATE TRIGGER claims_notify_update AFTER UPDATE ON claims FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_claims', true) IS DISTINCT FROM ('claims:' || NEW.office_id))
    EXECUTE FUNCTION claimdesk_notify_new();
CREATE TRIGGER claims_notify_delete AFTER DELETE ON claims FOR EACH ROW
    WHEN (current_setting('claimdesk.notified_claims', true) IS DISTINCT FROM ('claims:' || OLD.office_id))
    EXECUTE FUNCTION claimdesk_notify_old();

-- The claim last queued is remembered as claim_alerts_queue_once did, so
-- that a filing queues its claim once.
-- +goose StatementBegin
CREATE FUNCTION claim_alerts_queue_new_claim() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.claim_id IS NOT NULL AND current_setting('claimdesk.alerts_last_queued', true) IS DISTINCT FROM NEW.claim_id::text THEN
        -- DO UPDATE, not DO NOTHING: it waits for a refresh holding the
        -- row, and queues the claim again once that refresh has removed it.
        INSERT INTO claim_alerts_stale AS s (claim_id) VALUES (NEW.claim_id)
        ON CONFLICT (claim_id) DO UPDATE SET changes = s.changes + 1;
        PERFORM set_config('claimdesk.alerts_last_queued', NEW.claim_id::text, true);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION claim_alerts_queue_old_claim() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.claim_id IS NOT NULL AND current_setting('claimdesk.alerts_last_queued', true) IS DISTINCT FROM OLD.claim_id::text THEN
        INSERT INTO claim_alerts_stale AS s (claim_id) VALUES (OLD.claim_id)
        ON CONFLICT (claim_id) DO UPDATE SET changes = s.changes + 1;
        PERFORM set_config('claimdesk.alerts_last_queued', OLD.claim_id::text, true);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- An update queues the claim the row had, then (update_new, fired after it
-- by name) the one it has when that changed.
DROP TRIGGER claim_updates_alerts_insert ON claim_updates;
DROP TRIGGER claim_updates_alerts_update ON claim_updates;
DROP TRIGGER claim_updates_alerts_delete ON claim_updates;
CREATE TRIGGER claim_updates_alerts_insert AFTER INSERT ON claim_updates
    FOR EACH ROW EXECUTE FUNCTION claim_alerts_queue_new_claim();
CREATE TRIGGER claim_updates_alerts_update AFTER UPDATE OF claim_id, at ON claim_updates
    FOR EACH ROW WHEN (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.at IS DISTINCT FROM NEW.at)
    EXECUTE FUNCTION claim_alerts_queue_old_claim();
CREATE TRIGGER claim_updates_alerts_update_new AFTER UPDATE OF claim_id ON claim_updates
    FOR EACH ROW WHEN (OLD.claim_id IS DISTINCT FROM NEW.claim_id)
    EXECUTE FUNCTION claim_alerts_queue_new_claim();
CREATE TRIGGER claim_updates_alerts_delete AFTER DELETE ON claim_updates
    FOR EACH ROW EXECUTE FUNCTION claim_alerts_queue_old_claim();

DROP TRIGGER documents_alerts_insert ON documents;
DROP TRIGGER documents_alerts_update ON documents;
DROP TRIGGER documents_alerts_delete ON documents;
CREATE CONSTRAINT TRIGGER documents_alerts_insert AFTER INSERT ON documents
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.doc_type <> 'correspondence')
    EXECUTE FUNCTION claim_alerts_queue_new_claim();
CREATE CONSTRAINT TRIGGER documents_alerts_update
    AFTER UPDATE OF claim_id, doc_type, received_at, verified_at, verify_ok, verify_reason ON documents
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.doc_type IS DISTINCT FROM NEW.doc_type
          OR OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.verified_at IS DISTINCT FROM NEW.verified_at
          OR OLD.verify_ok IS DISTINCT FROM NEW.verify_ok OR OLD.verify_reason IS DISTINCT FROM NEW.verify_reason)
    EXECUTE FUNCTION claim_alerts_queue_old_claim();
CREATE CONSTRAINT TRIGGER documents_alerts_update_new AFTER UPDATE OF claim_id ON documents
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.claim_id IS DISTINCT FROM NEW.claim_id)
    EXECUTE FUNCTION claim_alerts_queue_new_claim();
CREATE CONSTRAINT TRIGGER documents_alerts_delete AFTER DELETE ON documents
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.doc_type <> 'correspondence')
    EXECUTE FUNCTION claim_alerts_queue_old_claim();

DROP TRIGGER messages_alerts_insert ON messages;
DROP TRIGGER messages_alerts_update ON messages;
DROP TRIGGER messages_alerts_delete ON messages;
CREATE CONSTRAINT TRIGGER messages_alerts_insert AFTER INSERT ON messages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.claim_id IS NOT NULL)
    EXECUTE FUNCTION claim_alerts_queue_new_claim();
CREATE CONSTRAINT TRIGGER messages_alerts_update AFTER UPDATE OF claim_id, internal_date, sent_date, received_at ON messages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.claim_id IS NOT NULL
          AND (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.internal_date IS DISTINCT FROM NEW.internal_date
               OR OLD.sent_date IS DISTINCT FROM NEW.sent_date OR OLD.received_at IS DISTINCT FROM NEW.received_at))
    EXECUTE FUNCTION claim_alerts_queue_old_claim();
CREATE CONSTRAINT TRIGGER messages_alerts_update_new AFTER UPDATE OF claim_id ON messages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.claim_id IS NOT NULL AND OLD.claim_id IS DISTINCT FROM NEW.claim_id)
    EXECUTE FUNCTION claim_alerts_queue_new_claim();
CREATE CONSTRAINT TRIGGER messages_alerts_delete AFTER DELETE ON messages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.claim_id IS NOT NULL)
    EXECUTE FUNCTION claim_alerts_queue_old_claim();

DROP FUNCTION claim_alerts_claim_row_changed();
DROP FUNCTION claim_alerts_queue_once(bigint);

-- Not marking leaves the mark as it is: only a mark already set needs
-- clearing when the message is not inbound mail in a claim.
DROP TRIGGER messages_after_close_insert ON messages;
DROP TRIGGER messages_after_close_update ON messages;
CREATE TRIGGER messages_after_close_insert BEFORE INSERT ON messages
    FOR EACH ROW WHEN ((NEW.claim_id IS NOT NULL AND NEW.direction = 'in') OR NEW.after_close)
    EXECUTE FUNCTION messages_after_close_set();
CREATE TRIGGER messages_after_close_update BEFORE UPDATE OF claim_id, direction, received_at ON messages
    FOR EACH ROW WHEN ((NEW.claim_id IS DISTINCT FROM OLD.claim_id OR NEW.direction IS DISTINCT FROM OLD.direction
                        OR NEW.received_at IS DISTINCT FROM OLD.received_at)
                       AND ((NEW.claim_id IS NOT NULL AND NEW.direction = 'in') OR NEW.after_close))
    EXECUTE FUNCTION messages_after_close_set();

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_search_words(doc text, weight "char") RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    n integer;
BEGIN
    IF octet_length(doc) <= 65536 THEN
        -- claimdesk_number_words finds nothing without a dash; a test for
        -- a digit here would copy the whole text into wide characters once
        -- more (as every regular expression does), for a body's every word
        RETURN setweight(to_tsvector('simple', doc) || to_tsvector('english', doc)
                         || CASE WHEN strpos(doc, '-') > 0 THEN claimdesk_number_words(doc) ELSE ''::tsvector END,
                         weight);
    END IF;
    n := length(doc);
    LOOP
        BEGIN
            RETURN setweight(to_tsvector('simple', left(doc, n)) || to_tsvector('english', left(doc, n))
                             || claimdesk_number_words(left(doc, n)), weight);
        EXCEPTION WHEN program_limit_exceeded THEN
            n := n / 2;
        END;
    END LOOP;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_message_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    body text;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.header_search_vector IS NOT NULL
       AND (NEW.subject, NEW.from_name, NEW.from_address) IS NOT DISTINCT FROM (OLD.subject, OLD.from_name, OLD.from_address) THEN
        IF (NEW.body_text, NEW.body_html) IS NOT DISTINCT FROM (OLD.body_text, OLD.body_html) THEN
            RETURN NEW;
        END IF;
    ELSE
        NEW.header_search_vector := claimdesk_search_words(NEW.subject, 'A')
            || claimdesk_search_words(NEW.from_name || ' ' || NEW.from_address, 'B');
    END IF;
    -- a message is stored before it is parsed, with no body yet
    IF NEW.body_text = '' AND NEW.body_html = '' THEN
        NEW.search_vector := NEW.header_search_vector;
        RETURN NEW;
    END IF;
    body := claimdesk_message_text(NEW.body_text, NEW.body_html);
    NEW.search_vector := NEW.header_search_vector
        || CASE WHEN body = '' THEN ''::tsvector ELSE claimdesk_search_words(body, 'C') END;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_message_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    body text;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.header_search_vector IS NOT NULL
       AND (NEW.subject, NEW.from_name, NEW.from_address) IS NOT DISTINCT FROM (OLD.subject, OLD.from_name, OLD.from_address) THEN
        IF (NEW.body_text, NEW.body_html) IS NOT DISTINCT FROM (OLD.body_text, OLD.body_html) THEN
            RETURN NEW;
        END IF;
    ELSE
        NEW.header_search_vector := claimdesk_search_words(NEW.subject, 'A')
            || claimdesk_search_words(NEW.from_name || ' ' || NEW.from_address, 'B');
    END IF;
    -- a message is stored before it is parsed, with no body yet
    body := claimdesk_message_text(NEW.body_text, NEW.body_html);
    NEW.search_vector := NEW.header_search_vector
        || CASE WHEN body = '' THEN ''::tsvector ELSE claimdesk_search_words(body, 'C') END;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_search_words(doc text, weight "char") RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    n integer := length(doc);
BEGIN
    IF octet_length(doc) <= 65536 THEN
        RETURN setweight(to_tsvector('simple', doc) || to_tsvector('english', doc)
                         || claimdesk_number_words(doc), weight);
    END IF;
    LOOP
        BEGIN
            RETURN setweight(to_tsvector('simple', left(doc, n)) || to_tsvector('english', left(doc, n))
                             || claimdesk_number_words(left(doc, n)), weight);
        EXCEPTION WHEN program_limit_exceeded THEN
            n := n / 2;
        END;
    END LOOP;
END;
$$;
-- +goose StatementEnd

DROP TRIGGER messages_after_close_insert ON messages;
DROP TRIGGER messages_after_close_update ON messages;
CREATE TRIGGER messages_after_close_insert BEFORE INSERT ON messages
    FOR EACH ROW WHEN (NEW.claim_id IS NOT NULL)
    EXECUTE FUNCTION messages_after_close_set();
CREATE TRIGGER messages_after_close_update BEFORE UPDATE OF claim_id, direction, received_at ON messages
    FOR EACH ROW WHEN (NEW.claim_id IS DISTINCT FROM OLD.claim_id OR NEW.direction IS DISTINCT FROM OLD.direction
                       OR NEW.received_at IS DISTINCT FROM OLD.received_at)
    EXECUTE FUNCTION messages_after_close_set();

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
CREATE FUNCTION claim_alerts_claim_row_changed() RETURNS trigger
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

DROP TRIGGER messages_alerts_insert ON messages;
DROP TRIGGER messages_alerts_update ON messages;
DROP TRIGGER messages_alerts_update_new ON messages;
DROP TRIGGER messages_alerts_delete ON messages;
CREATE CONSTRAINT TRIGGER messages_alerts_insert AFTER INSERT ON messages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.claim_id IS NOT NULL)
    EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE CONSTRAINT TRIGGER messages_alerts_update AFTER UPDATE OF claim_id, internal_date, sent_date, received_at ON messages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.internal_date IS DISTINCT FROM NEW.internal_date
          OR OLD.sent_date IS DISTINCT FROM NEW.sent_date OR OLD.received_at IS DISTINCT FROM NEW.received_at)
    EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE CONSTRAINT TRIGGER messages_alerts_delete AFTER DELETE ON messages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION claim_alerts_claim_row_changed();

DROP TRIGGER documents_alerts_insert ON documents;
DROP TRIGGER documents_alerts_update ON documents;
DROP TRIGGER documents_alerts_update_new ON documents;
DROP TRIGGER documents_alerts_delete ON documents;
CREATE CONSTRAINT TRIGGER documents_alerts_insert AFTER INSERT ON documents
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.doc_type <> 'correspondence')
    EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE CONSTRAINT TRIGGER documents_alerts_update
    AFTER UPDATE OF claim_id, doc_type, received_at, verified_at, verify_ok, verify_reason ON documents
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.doc_type IS DISTINCT FROM NEW.doc_type
          OR OLD.received_at IS DISTINCT FROM NEW.received_at OR OLD.verified_at IS DISTINCT FROM NEW.verified_at
          OR OLD.verify_ok IS DISTINCT FROM NEW.verify_ok OR OLD.verify_reason IS DISTINCT FROM NEW.verify_reason)
    EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE CONSTRAINT TRIGGER documents_alerts_delete AFTER DELETE ON documents
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.doc_type <> 'correspondence')
    EXECUTE FUNCTION claim_alerts_claim_row_changed();

DROP TRIGGER claim_updates_alerts_insert ON claim_updates;
DROP TRIGGER claim_updates_alerts_update ON claim_updates;
DROP TRIGGER claim_updates_alerts_update_new ON claim_updates;
DROP TRIGGER claim_updates_alerts_delete ON claim_updates;
CREATE TRIGGER claim_updates_alerts_insert AFTER INSERT ON claim_updates
    FOR EACH ROW EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE TRIGGER claim_updates_alerts_update AFTER UPDATE OF claim_id, at ON claim_updates
    FOR EACH ROW WHEN (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.at IS DISTINCT FROM NEW.at)
    EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE TRIGGER claim_updates_alerts_delete AFTER DELETE ON claim_updates
    FOR EACH ROW EXECUTE FUNCTION claim_alerts_claim_row_changed();

DROP FUNCTION claim_alerts_queue_old_claim();
DROP FUNCTION claim_alerts_queue_new_claim();

DROP TRIGGER claims_notify_insert ON claims;
DROP TRIGGER claims_notify_moved ON claims;
DROP TRIGGER claims_notify_update ON claims;
DROP TRIGGER claims_notify_delete ON claims;
CREATE TRIGGER claims_notify_change AFTER INSERT OR UPDATE OR DELETE ON claims
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();

DROP TRIGGER equipment_notify_insert ON equipment;
DROP TRIGGER equipment_notify_moved ON equipment;
DROP TRIGGER equipment_notify_update ON equipment;
DROP TRIGGER equipment_notify_delete ON equipment;
CREATE TRIGGER equipment_notify_change AFTER INSERT OR UPDATE OR DELETE ON equipment
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();

DROP TRIGGER requests_notify_insert ON requests;
DROP TRIGGER requests_notify_moved ON requests;
DROP TRIGGER requests_notify_update ON requests;
DROP TRIGGER requests_notify_delete ON requests;
CREATE TRIGGER requests_notify_change AFTER INSERT OR UPDATE OR DELETE ON requests
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();

DROP TRIGGER documents_notify_insert ON documents;
DROP TRIGGER documents_notify_moved ON documents;
DROP TRIGGER documents_notify_update ON documents;
DROP TRIGGER documents_notify_delete ON documents;
CREATE TRIGGER documents_notify_change AFTER INSERT OR UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();

DROP TRIGGER messages_notify_insert ON messages;
DROP TRIGGER messages_notify_moved ON messages;
DROP TRIGGER messages_notify_update ON messages;
DROP TRIGGER messages_notify_delete ON messages;
CREATE TRIGGER messages_notify_change
    AFTER INSERT OR DELETE OR UPDATE OF status, claim_id, needs_ack, ack_due_at, acknowledged_at, office_id ON messages
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();

DROP FUNCTION claimdesk_notify_old();
DROP FUNCTION claimdesk_notify_new();
