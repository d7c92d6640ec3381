-- A message's search words are made of three parts: its subject (weight A),
-- its sender (B) and its body (C). The subject and sender are stored at
-- import and never change; the body comes later, when the message is
-- parsed. The trigger indexed all three again whenever any of them was
-- written, so every message's subject and sender were indexed twice, and
-- a parse that stored the same body again indexed everything a third time.
--
-- The subject's and sender's words are now kept apart
-- (header_search_vector) and reused while those two stay the same: a new
-- body indexes the body alone, and a row written with the same subject,
-- sender and body indexes nothing. The vector is built as before (subject,
-- then sender, then body, concatenated), so search finds and ranks the
-- same. A row stored before this migration has no header words yet (NULL):
-- they are made the first time its text changes, rather than by rewriting
-- every message here.

-- +goose Up
ALTER TABLE messages ADD COLUMN header_search_vector tsvector;

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

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_message_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := claimdesk_search_words(NEW.subject, 'A')
        || claimdesk_search_words(NEW.from_name || ' ' || NEW.from_address, 'B')
        || claimdesk_search_words(claimdesk_message_text(NEW.body_text, NEW.body_html), 'C');
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
ALTER TABLE messages DROP COLUMN header_search_vector;
