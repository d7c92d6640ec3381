-- Indexes the dashboard needs once an office has years of history
-- (100,000 claims, a million documents): claims search, the claims list's
-- filters, and the SLA board's daily updates.

-- +goose Up

-- Claims search matches any part of a number, name or address (ILIKE
-- '%...%'), which a btree cannot serve: trigram indexes can. pg_trgm ships
-- with PostgreSQL's contrib (Debian's postgresql package has it); where it
-- is missing, or the database user may not create it, search still works,
-- scanning the claims.
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        RAISE NOTICE 'pg_trgm is not available: claims search will scan the claims';
        RETURN;
    END IF;
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'cannot create extension pg_trgm: claims search will scan the claims';
        RETURN;
    END;
    CREATE INDEX claims_job_number_trgm_idx ON claims USING gin (job_number gin_trgm_ops);
    CREATE INDEX claims_claim_number_trgm_idx ON claims USING gin (claim_number gin_trgm_ops);
    CREATE INDEX claims_policy_number_trgm_idx ON claims USING gin (policy_number gin_trgm_ops);
    CREATE INDEX claims_insured_name_trgm_idx ON claims USING gin (insured_name gin_trgm_ops);
    CREATE INDEX claims_loss_address_trgm_idx ON claims USING gin (loss_address gin_trgm_ops);
    CREATE INDEX claims_job_number_norm_trgm_idx ON claims USING gin (job_number_norm gin_trgm_ops);
    CREATE INDEX claims_claim_number_norm_trgm_idx ON claims USING gin (claim_number_norm gin_trgm_ops);
    CREATE INDEX claims_policy_number_norm_trgm_idx ON claims USING gin (policy_number_norm gin_trgm_ops);
END
$$;
-- +goose StatementEnd

-- The claims list's filters, compared without case, and the values they
-- offer (read one distinct value at a time).
CREATE INDEX claims_carrier_lower_idx ON claims (lower(carrier));
CREATE INDEX claims_adjuster_name_lower_idx ON claims (lower(adjuster_name));
CREATE INDEX claims_carrier_idx ON claims (carrier);
CREATE INDEX claims_adjuster_name_idx ON claims (adjuster_name);
-- Open claims, newest first: the board and the default claims list.
CREATE INDEX claims_open_idx ON claims (id DESC) WHERE status = 'open';
-- The updates of the last days, whatever the claim: the board's daily
-- updates read a week of them at once.
CREATE INDEX claim_updates_at_idx ON claim_updates (at) INCLUDE (claim_id);
-- When each type of document first came to a claim, and when a signed form
-- was verified: the milestones, read without visiting the documents.
CREATE INDEX documents_claim_type_idx ON documents (claim_id, doc_type, received_at) INCLUDE (verified_at);

-- +goose Down
DROP INDEX documents_claim_type_idx;
DROP INDEX claim_updates_at_idx;
DROP INDEX claims_open_idx;
DROP INDEX claims_adjuster_name_idx;
DROP INDEX claims_carrier_idx;
DROP INDEX claims_adjuster_name_lower_idx;
DROP INDEX claims_carrier_lower_idx;
DROP INDEX IF EXISTS claims_policy_number_norm_trgm_idx;
DROP INDEX IF EXISTS claims_claim_number_norm_trgm_idx;
DROP INDEX IF EXISTS claims_job_number_norm_trgm_idx;
DROP INDEX IF EXISTS claims_loss_address_trgm_idx;
DROP INDEX IF EXISTS claims_insured_name_trgm_idx;
DROP INDEX IF EXISTS claims_policy_number_trgm_idx;
DROP INDEX IF EXISTS claims_claim_number_trgm_idx;
DROP INDEX IF EXISTS claims_job_number_trgm_idx;
-- pg_trgm stays: other schemas of the database may use it.
