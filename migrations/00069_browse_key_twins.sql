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
-- Its row remembers that key (twin_kept_key): listed in the index's
-- predicate instead, a few hundred pairs would outgrow the catalog row
-- that holds it, and the migration would fail. It is indexed under any
-- other key it takes, and a new document at its old key is indexed.
--
-- Outside a transaction, so that adding the column holds the table's
-- exclusive lock for a moment only; each step may run again.

-- +goose NO TRANSACTION
-- +goose Up
ALTER TABLE documents ADD COLUMN IF NOT EXISTS twin_kept_key text;
-- +goose StatementBegin
DO $$
BEGIN
    -- No document is filed or renamed between the pairs' marking and the
    -- index (another process still running the version before); reading
    -- documents goes on. Row locks are refused too: a transaction holding
    -- one of a pair's rows could otherwise wait for this one to insert,
    -- while this one waits for it to mark the row.
    LOCK TABLE documents IN EXCLUSIVE MODE;
    UPDATE documents d SET twin_kept_key = d.browse_key
    FROM (SELECT id, row_number() OVER (
              PARTITION BY CASE WHEN right(browse_key, 4) = '.pdf' THEN left(browse_key, -4) ELSE browse_key END
              ORDER BY id) AS n
          FROM documents) p
    WHERE p.id = d.id AND p.n > 1;
    CREATE UNIQUE INDEX IF NOT EXISTS documents_browse_key_twin_idx ON documents
        ((CASE WHEN right(browse_key, 4) = '.pdf' THEN left(browse_key, -4) ELSE browse_key END))
        WHERE twin_kept_key IS DISTINCT FROM browse_key;
END $$;
-- +goose StatementEnd

-- +goose Down
DROP INDEX IF EXISTS documents_browse_key_twin_idx;
ALTER TABLE documents DROP COLUMN IF EXISTS twin_kept_key;
