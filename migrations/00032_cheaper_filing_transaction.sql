-- A message's processing transaction costs less and holds its claim's
-- alert queue row for less time; what it stores is the same.
--
-- Indexing a message's words cost more than the statements that ran it
-- (three times in every insert and update of a message, once for every
-- document and PDF text):
-- * claimdesk_number_words and claimdesk_message_text were SQL functions
--   called from PL/pgSQL, which Postgres plans again in every transaction.
--   As PL/pgSQL they keep their plan for the connection's life.
-- * claimdesk_number_words ran its pattern over the whole text. A number
--   never holds a space, tab or line break, and always holds a dash and a
--   digit, so it now runs the same pattern over the dashed words alone: the
--   matches are the same, and a text without a dash or a digit is not
--   scanned for them at all.
-- * claimdesk_search_words caught the 1 MB overflow of a tsvector in a
--   subtransaction for every text. Words indexed from a text take at most
--   a few times its bytes (each word as written and as a stem, lower case,
--   plus its number form), so a text of at most 64 KiB always fits and is
--   indexed without one.
--
-- A document or message row that changes a claim's alert facts queues the
-- claim in claim_alerts_stale, and the queue row stays locked until the
-- transaction ends (a refresh skips it until then, so that it cannot miss
-- the change). Queued as the row changed, a filing held that lock from its
-- first document to its commit, and every other message being filed into
-- the same claim waited for it. The triggers on documents and messages are
-- now deferred to the commit: the claim is queued, and its row locked, as
-- the transaction ends. (claim_alerts_stale has no foreign key, so a claim
-- deleted before the commit is queued harmlessly and skipped.)

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_number_words(doc text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF strpos(doc, '-') = 0 OR doc !~ '[0-9]' THEN
        RETURN ''::tsvector;
    END IF;
    RETURN (SELECT coalesce(array_to_tsvector(array_agg(DISTINCT w)), ''::tsvector)
            FROM (SELECT lower(replace(m[1], '-', '')) AS w
                  FROM unnest(string_to_array(translate(doc, E'\n\r\t', '   '), ' ')) AS t,
                       regexp_matches(t, '([[:alnum:]]{1,32}(-[[:alnum:]]{1,32}){1,6})', 'g') AS m
                  WHERE strpos(t, '-') > 0) AS words
            WHERE w ~ '[0-9]');
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

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_message_text(body_text text, body_html text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN CASE
        WHEN btrim(body_text) <> '' OR body_html = '' THEN body_text
        -- one pattern per element: an alternation would make the whole
        -- pattern greedy, eating the text between two style blocks
        ELSE replace(replace(replace(replace(replace(replace(
                 regexp_replace(regexp_replace(regexp_replace(regexp_replace(body_html,
                     '<style.*?</style\s*>', ' ', 'gi'),
                     '<script.*?</script\s*>', ' ', 'gi'),
                     '<!--.*?-->', ' ', 'g'),
                     '<[^>]*>', ' ', 'g'),
                 '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&')
    END;
END;
$$;
-- +goose StatementEnd

DROP TRIGGER documents_alerts_insert ON documents;
DROP TRIGGER documents_alerts_update ON documents;
DROP TRIGGER documents_alerts_delete ON documents;
DROP TRIGGER messages_alerts_insert ON messages;
DROP TRIGGER messages_alerts_update ON messages;
DROP TRIGGER messages_alerts_delete ON messages;
CREATE CONSTRAINT TRIGGER documents_alerts_insert AFTER INSERT ON documents
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.doc_type <> 'correspondence') EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE CONSTRAINT TRIGGER documents_alerts_update AFTER UPDATE OF claim_id, doc_type, received_at, verified_at, verify_ok, verify_reason ON documents
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN ((OLD.claim_id, OLD.doc_type, OLD.received_at, OLD.verified_at, OLD.verify_ok, OLD.verify_reason)
                       IS DISTINCT FROM (NEW.claim_id, NEW.doc_type, NEW.received_at, NEW.verified_at, NEW.verify_ok, NEW.verify_reason))
    EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE CONSTRAINT TRIGGER documents_alerts_delete AFTER DELETE ON documents
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (OLD.doc_type <> 'correspondence') EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE CONSTRAINT TRIGGER messages_alerts_insert AFTER INSERT ON messages
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.claim_id IS NOT NULL) EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE CONSTRAINT TRIGGER messages_alerts_update AFTER UPDATE OF claim_id, internal_date, sent_date, received_at ON messages
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN ((OLD.claim_id, OLD.internal_date, OLD.sent_date, OLD.received_at)
                       IS DISTINCT FROM (NEW.claim_id, NEW.internal_date, NEW.sent_date, NEW.received_at))
    EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE CONSTRAINT TRIGGER messages_alerts_delete AFTER DELETE ON messages
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION claim_alerts_claim_row_changed();

-- +goose Down
DROP TRIGGER documents_alerts_insert ON documents;
DROP TRIGGER documents_alerts_update ON documents;
DROP TRIGGER documents_alerts_delete ON documents;
DROP TRIGGER messages_alerts_insert ON messages;
DROP TRIGGER messages_alerts_update ON messages;
DROP TRIGGER messages_alerts_delete ON messages;
CREATE TRIGGER documents_alerts_insert AFTER INSERT ON documents
    FOR EACH ROW WHEN (NEW.doc_type <> 'correspondence') EXECUTE FUNCTION claim_alerts_claim_row_changed();
CREATE TRIGGER documents_alerts_update AFTER UPDATE OF claim_id, doc_type, received_at, verified_at, verify_ok, verify_reason ON documents
    FOR EACH ROW WHEN ((OLD.claim_id, OLD.doc_type, OLD.received_at, OLD.verified_at, OLD.verify_ok, OLD.verify_reason)
                       IS DISTINCT FROM (NEW.claim_id, NEW.doc_type, NEW.received_at, NEW.verified_at, NEW.verify_ok, NEW.verify_reason))
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
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_number_words(doc text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT w)), ''::tsvector)
    FROM (SELECT lower(replace(m[1], '-', '')) AS w
          FROM regexp_matches(doc, '([[:alnum:]]{1,32}(-[[:alnum:]]{1,32}){1,6})', 'g') AS m) AS words
    WHERE w ~ '[0-9]'
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_search_words(doc text, weight "char") RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    n integer := length(doc);
BEGIN
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
CREATE OR REPLACE FUNCTION claimdesk_message_text(body_text text, body_html text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN btrim(body_text) <> '' OR body_html = '' THEN body_text
        ELSE replace(replace(replace(replace(replace(replace(
                 regexp_replace(regexp_replace(regexp_replace(regexp_replace(body_html,
                     '<style.*?</style\s*>', ' ', 'gi'),
                     '<script.*?</script\s*>', ' ', 'gi'),
                     '<!--.*?-->', ' ', 'g'),
                     '<[^>]*>', ' ', 'g'),
                 '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&')
    END
$$;
-- +goose StatementEnd
