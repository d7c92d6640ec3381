-- Indexing a message's words costs a fraction of what it did; the words
-- indexed are the same.
--
-- The search functions of 00008 ran in every insert and update of a
-- message (three times each), every document and every PDF text, and cost
-- more than the statements that called them:
-- * claimdesk_number_words and claimdesk_message_text were SQL functions
--   called from PL/pgSQL, which Postgres plans again in every transaction.
--   As PL/pgSQL they keep their plan for the connection's life.
-- * claimdesk_number_words ran its pattern over the whole text. A number
--   never holds a space, tab or line break, and always holds a dash, so it
--   now runs the same pattern over the dashed words alone: the matches are
--   the same, and a text without a dash is not scanned at all.
-- * claimdesk_search_words caught the 1 MB overflow of a tsvector in a
--   subtransaction for every text. Words indexed from a text take at most
--   a few times its bytes (each word as written and as a stem, lower case,
--   plus its number form), so a text of at most 64 KiB always fits and is
--   indexed without one.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_number_words(doc text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF strpos(doc, '-') = 0 THEN
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

-- +goose Down
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
