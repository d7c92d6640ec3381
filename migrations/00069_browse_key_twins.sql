-- A browse key and its twin are never both held. A picture's stamped copy is
-- named after it with ".pdf" added, so a picture at K and a PDF at K.pdf
-- would share one: filing gives a name only when neither it nor its twin
-- (the name with one ".pdf" added or taken off) is taken. Two transactions
-- filing K and K.pdf at once each found the other's name free, and the
-- index of exact keys let both commit. The index below holds every key
-- without one trailing ".pdf", so that the second waits for the first and
-- then finds its name taken, as it does for the same key: its insert does
-- nothing, its savepoint fails, and it takes the next name.
--
-- A database may hold both names of a pair already: filed before names
-- were kept apart (a PDF "scan" beside "scan.pdf"), or by that race. The
-- later of each pair keeps its key, and is left out of the index while it
-- does (the earlier one's entry stands for both): renaming it would move
-- its published file, which is the blob store's to do, not a migration's.
-- It is indexed under any other key it takes, and a new document at its
-- old key is indexed.

-- +goose Up
-- No document is filed or renamed between the pairs' listing and the
-- index (another process still running the version before).
LOCK TABLE documents IN SHARE MODE;
-- +goose StatementBegin
DO $$
DECLARE
    ids bigint[];
    keys text[];
BEGIN
    SELECT coalesce(array_agg(id ORDER BY id), '{}'), coalesce(array_agg(browse_key ORDER BY id), '{}') INTO ids, keys
    FROM (SELECT id, browse_key, row_number() OVER (
              PARTITION BY CASE WHEN right(browse_key, 4) = '.pdf' THEN left(browse_key, -4) ELSE browse_key END
              ORDER BY id) AS n
          FROM documents) d
    WHERE n > 1;
    EXECUTE 'CREATE UNIQUE INDEX documents_browse_key_twin_idx ON documents '
        || '((CASE WHEN right(browse_key, 4) = ''.pdf'' THEN left(browse_key, -4) ELSE browse_key END))'
        || CASE WHEN ids = '{}' THEN ''
                ELSE format(' WHERE NOT (id = ANY (%L::bigint[]) AND browse_key = ANY (%L::text[]))', ids, keys) END;
END $$;
-- +goose StatementEnd

-- +goose Down
DROP INDEX documents_browse_key_twin_idx;
