-- The claim record a coordinator keeps complete: the insured's and
-- adjuster's contacts, what happened (description, cause), the water
-- category and class from the 24-hour scope, the customer's company and the
-- office's name for the job; when a claim was closed; every change made to
-- it, by whom; and the people the office works with often, picked from a
-- list instead of retyped.

-- +goose Up
ALTER TABLE claims
    ADD COLUMN insured_phone    text        NOT NULL DEFAULT '',
    ADD COLUMN insured_email    text        NOT NULL DEFAULT '',
    ADD COLUMN loss_description text        NOT NULL DEFAULT '',
    ADD COLUMN cause            text        NOT NULL DEFAULT '',
    ADD COLUMN cat              smallint    CHECK (cat BETWEEN 1 AND 3),    -- water category; NULL until known
    ADD COLUMN class            smallint    CHECK (class BETWEEN 1 AND 4),  -- water class; NULL until known
    ADD COLUMN adjuster_phone   text        NOT NULL DEFAULT '',
    ADD COLUMN company          text        NOT NULL DEFAULT '',  -- the customer's company on commercial losses
    ADD COLUMN job_name         text        NOT NULL DEFAULT '',  -- what the office calls the job ("Okafor kitchen")
    ADD COLUMN closed_at        timestamptz,
    ADD COLUMN close_note       text        NOT NULL DEFAULT '';
-- Claims closed before this migration closed when they were last changed.
UPDATE claims SET closed_at = updated_at WHERE status = 'closed';

-- Technicians are on claims too.
ALTER TABLE claim_participants DROP CONSTRAINT claim_participants_role_check;
ALTER TABLE claim_participants ADD CONSTRAINT claim_participants_role_check
    CHECK (role IN ('foreman', 'coordinator', 'estimator', 'marketing', 'technician',
                    'insurance_company', 'adjuster', 'referred_by'));

-- One row per field a person or a document changed, oldest first.
CREATE TABLE claim_changes (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id  bigint      NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text        NOT NULL DEFAULT '',  -- who: a user's email, an API token's name, or what filled it
    field     text        NOT NULL,
    old_value text        NOT NULL DEFAULT '',
    new_value text        NOT NULL DEFAULT ''
);
CREATE INDEX claim_changes_claim_idx ON claim_changes (claim_id, at);

-- The office's people list (/settings/people).
CREATE TABLE people (
    id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name  text NOT NULL CHECK (name <> ''),
    email text NOT NULL DEFAULT '',
    phone text NOT NULL DEFAULT '',
    role  text NOT NULL CHECK (role IN ('foreman', 'coordinator', 'estimator', 'marketing', 'technician',
                                        'insurance_company', 'adjuster', 'referred_by')),
    UNIQUE (role, name)
);

-- Claims search finds the job name and the company too: the search text's
-- trigram index (00012) is made again over the longer expression, which
-- storage.claimSearchText repeats.
DROP INDEX IF EXISTS claims_search_text_trgm_idx;
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

-- +goose Down
DROP INDEX IF EXISTS claims_search_text_trgm_idx;
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        RETURN;
    END IF;
    CREATE INDEX claims_search_text_trgm_idx ON claims USING gin
        ((job_number || E'\x1f' || claim_number || E'\x1f' || policy_number || E'\x1f' || insured_name || E'\x1f' || loss_address) gin_trgm_ops);
    ALTER INDEX claims_search_text_trgm_idx ALTER COLUMN 1 SET STATISTICS 1000;
END
$$;
-- +goose StatementEnd
DROP TABLE people;
DROP TABLE claim_changes;
DELETE FROM claim_participants WHERE role = 'technician';
ALTER TABLE claim_participants DROP CONSTRAINT claim_participants_role_check;
ALTER TABLE claim_participants ADD CONSTRAINT claim_participants_role_check
    CHECK (role IN ('foreman', 'coordinator', 'estimator', 'marketing',
                    'insurance_company', 'adjuster', 'referred_by'));
ALTER TABLE claims DROP COLUMN close_note, DROP COLUMN closed_at, DROP COLUMN job_name, DROP COLUMN company,
    DROP COLUMN adjuster_phone, DROP COLUMN class, DROP COLUMN cat, DROP COLUMN cause,
    DROP COLUMN loss_description, DROP COLUMN insured_email, DROP COLUMN insured_phone;
