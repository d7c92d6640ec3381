-- The words of a search as the search box reads them: a word being typed
-- at the end of the box ("electric bil") is also the start of a longer
-- one, and a name no claim holds ("Sandavol") is also its close
-- spellings found in the claims' records ("Sandoval"), wherever the
-- search as typed holds it (its plain and its English form); each
-- spelling in both forms too, so that snippets, which read the English
-- form, mark it.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION claimdesk_search_query(q tsquery, typed text[], spelt text[], last text) RETURNS tsquery
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    i int;
    t tsquery;
    done tsquery[];
BEGIN
    FOR i IN 1 .. coalesce(cardinality(typed), 0) LOOP
        done := '{}';
        FOREACH t IN ARRAY ARRAY[plainto_tsquery('simple', typed[i]), plainto_tsquery('english', typed[i])] LOOP
            IF numnode(t) = 1 AND NOT t = ANY(done) THEN
                q := ts_rewrite(q, t, t || plainto_tsquery('simple', spelt[i]) || plainto_tsquery('english', spelt[i]));
                done := done || t;
            END IF;
        END LOOP;
    END LOOP;
    IF last IS NOT NULL THEN
        done := '{}';
        FOREACH t IN ARRAY ARRAY[plainto_tsquery('simple', last), plainto_tsquery('english', last)] LOOP
            IF numnode(t) = 1 AND NOT t = ANY(done) THEN
                q := ts_rewrite(q, t, t || (t::text || ':*')::tsquery);
                done := done || t;
            END IF;
        END LOOP;
    END IF;
    RETURN q;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION claimdesk_search_query(tsquery, text[], text[], text);
