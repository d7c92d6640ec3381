-- Number words (a claim or job number as written, without its dashes) took
-- most of the time of indexing a text for search: its pattern's bounded
-- repeats ({1,32}, {1,6}) make the regex engine build a large automaton at
-- every call, several times the cost of the text's two to_tsvector parses
-- together.
--
-- The words are now found as runs of letters and digits joined by dashes,
-- an unbounded pattern that is cheap to run. A run of at most 32 characters
-- and 7 parts is what the bounded pattern matches there; only a longer run
-- is searched with the bounded pattern, which finds the same matches in it
-- as in the whole text (a match never reaches past its run). The words are
-- the same, so the stored vectors and the search stay as they were.
-- array_to_tsvector removes repeated words itself.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_number_words(doc text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    IF strpos(doc, '-') = 0 OR doc !~ '[0-9]' THEN
        RETURN ''::tsvector;
    END IF;
    RETURN (SELECT coalesce(array_to_tsvector(array_agg(lower(replace(w, '-', '')))), ''::tsvector)
            FROM regexp_matches(doc, '[[:alnum:]]+(?:-[[:alnum:]]+)+', 'g') AS run (m),
                 LATERAL (SELECT m[1]
                          WHERE length(m[1]) <= 32 AND length(m[1]) - length(replace(m[1], '-', '')) <= 6
                          UNION ALL
                          SELECT b[1]
                          FROM regexp_matches(m[1], '[[:alnum:]]{1,32}(?:-[[:alnum:]]{1,32}){1,6}', 'g') AS bounded (b)
                          WHERE length(m[1]) > 32 OR length(m[1]) - length(replace(m[1], '-', '')) > 6) AS words (w)
            WHERE w ~ '[0-9]');
END;
$$;
-- +goose StatementEnd

-- +goose Down
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
