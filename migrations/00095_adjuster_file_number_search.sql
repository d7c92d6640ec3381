-- Search finds a claim by the adjusting firm's file number (00094) as by
-- its other numbers: typed whole, with or without its dashes, among the
-- words of the claim's record (claims.search_words, 00054), and a part of
-- it among the parts of its normalized numbers (claims_search_norm_trgm_idx,
-- 00012, whose expression storage's claimSearchNorms repeats). A stored
-- generated column cannot change its expression in PostgreSQL 15: it is
-- made again, with its index.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION claimdesk_file_number_words(n text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT array_to_tsvector(claimdesk_fold_words(n)
        || array_remove(ARRAY[lower(regexp_replace(coalesce(n, ''), '[^A-Za-z0-9]', '', 'g'))], ''));
END;
-- +goose StatementEnd

ALTER TABLE claims DROP COLUMN search_words;
ALTER TABLE claims ADD COLUMN search_words tsvector GENERATED ALWAYS AS (claimdesk_claim_words(job_number,
    claim_number, policy_number, insured_name, loss_address, job_name, company, insured_phone)
    || claimdesk_file_number_words(adjuster_file_number)) STORED;
CREATE INDEX claims_search_words_idx ON claims USING gin (search_words) WITH (fastupdate = off);

DROP INDEX IF EXISTS claims_search_norm_trgm_idx;
CREATE INDEX claims_search_norm_trgm_idx ON claims USING gin
    ((job_number_norm || E'\x1f' || claim_number_norm || E'\x1f' || policy_number_norm
      || E'\x1f' || adjuster_file_number_norm) gin_trgm_ops);
ALTER INDEX claims_search_norm_trgm_idx ALTER COLUMN 1 SET STATISTICS 1000;

-- +goose Down
DROP INDEX claims_search_norm_trgm_idx;
CREATE INDEX claims_search_norm_trgm_idx ON claims USING gin
    ((job_number_norm || E'\x1f' || claim_number_norm || E'\x1f' || policy_number_norm) gin_trgm_ops);
ALTER INDEX claims_search_norm_trgm_idx ALTER COLUMN 1 SET STATISTICS 1000;

ALTER TABLE claims DROP COLUMN search_words;
ALTER TABLE claims ADD COLUMN search_words tsvector GENERATED ALWAYS AS (claimdesk_claim_words(job_number,
    claim_number, policy_number, insured_name, loss_address, job_name, company, insured_phone)) STORED;
CREATE INDEX claims_search_words_idx ON claims USING gin (search_words) WITH (fastupdate = off);
DROP FUNCTION claimdesk_file_number_words(text);
