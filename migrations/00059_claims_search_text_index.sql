-- The claims list's search finds claims by the words of their records
-- (claims.search_words, 00054) and by parts of their normalized numbers
-- (claims_search_norm_trgm_idx), no longer by a part of the text of their
-- fields joined: the trigram index of that text (00012, 00018) serves no
-- query, and only slows the writing of claims.

-- +goose Up
DROP INDEX IF EXISTS claims_search_text_trgm_idx;

-- +goose Down
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        RETURN;
    END IF;
    CREATE INDEX claims_search_text_trgm_idx ON claims USING gin
        ((job_number || E'\x1f' || claim_number || E'\x1f' || policy_number || E'\x1f' || insured_name || E'\x1f' || loss_address
          || E'\x1f' || job_name || E'\x1f' || company) gin_trgm_ops);
    ALTER INDEX claims_search_text_trgm_idx ALTER COLUMN 1 SET STATISTICS 1000;
END
$$;
-- +goose StatementEnd
