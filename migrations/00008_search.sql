-- Full-text search over mail (subject, sender, body) and the text of filed
-- PDFs.
--
-- Words are indexed twice: as written ('simple': names, addresses and claim
-- numbers stay whole) and as English stems ("flooded" finds "flooding").
-- Claim and job numbers are written with and without dashes ("26-1042-W",
-- "261042W"), so each dashed number is indexed without its dashes too; the
-- search query does the same to what is typed.

-- +goose Up

-- claimdesk_number_words returns the dashed numbers of doc (words with a
-- digit joined by dashes: 26-1042-W, CLM-0043321, 60-8H77-8H5) without their
-- dashes, lower case, as lexemes.
-- +goose StatementBegin
CREATE FUNCTION claimdesk_number_words(doc text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT w)), ''::tsvector)
    FROM (SELECT lower(replace(m[1], '-', '')) AS w
          FROM regexp_matches(doc, '([[:alnum:]]{1,32}(-[[:alnum:]]{1,32}){1,6})', 'g') AS m) AS words
    WHERE w ~ '[0-9]'
$$;
-- +goose StatementEnd

-- claimdesk_search_words returns the search lexemes of doc with weight
-- (A most important .. D least). A tsvector holds at most 1 MB: a text whose
-- words do not fit is indexed by as much of its start as fits, rather than
-- failing the write that stores it (a message must never be lost to its
-- index). Not parallel safe: the retry needs a subtransaction.
-- +goose StatementBegin
CREATE FUNCTION claimdesk_search_words(doc text, weight "char") RETURNS tsvector
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

-- claimdesk_message_text is the text of a message's body: its text part, or
-- for mail with only an HTML part, that HTML without styles, scripts, tags
-- and the common entities.
-- +goose StatementBegin
CREATE FUNCTION claimdesk_message_text(body_text text, body_html text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
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
    END
$$;
-- +goose StatementEnd

-- The subject weighs most, then the sender, then the body.
-- +goose StatementBegin
CREATE FUNCTION claimdesk_message_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := claimdesk_search_words(NEW.subject, 'A')
        || claimdesk_search_words(NEW.from_name || ' ' || NEW.from_address, 'B')
        || claimdesk_search_words(claimdesk_message_text(NEW.body_text, NEW.body_html), 'C');
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- A trigger rather than a generated column: a generated column is computed
-- again on every update of the row, and messages are updated often (status,
-- acknowledgment) while their text never changes after parsing.
ALTER TABLE messages ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector;
CREATE TRIGGER messages_search_vector
    BEFORE INSERT OR UPDATE OF subject, from_name, from_address, body_text, body_html ON messages
    FOR EACH ROW EXECUTE FUNCTION claimdesk_message_search_vector();
UPDATE messages SET search_vector = claimdesk_search_words(subject, 'A')
    || claimdesk_search_words(from_name || ' ' || from_address, 'B')
    || claimdesk_search_words(claimdesk_message_text(body_text, body_html), 'C');
CREATE INDEX messages_search_idx ON messages USING gin (search_vector);

-- The text of a stored file (a PDF's, as pdftotext reads it), by content
-- hash like the blobs themselves: every document of that file, in whatever
-- claim, and after any move, has it. Capped at 1 MB: the first pages carry
-- what people search for.
CREATE TABLE file_texts (
    sha256        text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content       text        NOT NULL CHECK (octet_length(content) <= 1048576),
    search_vector tsvector    GENERATED ALWAYS AS (claimdesk_search_words(content, 'C')) STORED,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX file_texts_search_idx ON file_texts USING gin (search_vector);
-- From a matching text to the documents of that file.
CREATE INDEX documents_sha256_idx ON documents (sha256);

-- +goose Down
DROP INDEX documents_sha256_idx;
DROP TABLE file_texts;
DROP INDEX messages_search_idx;
DROP TRIGGER messages_search_vector ON messages;
ALTER TABLE messages DROP COLUMN search_vector;
DROP FUNCTION claimdesk_message_search_vector();
DROP FUNCTION claimdesk_message_text(text, text);
DROP FUNCTION claimdesk_search_words(text, "char");
DROP FUNCTION claimdesk_number_words(text);
