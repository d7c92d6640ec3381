-- The words of a claim's record a search finds it by (claims.search_words,
-- 00095) are one function, claimdesk_record_words, which storage's
-- claimPlaces also calls, on the street part of the loss address, to tell
-- the words a claim holds only in its town: a word added to the record's
-- words is held in the street's too. A stored generated column cannot
-- change its expression in PostgreSQL 15: it is made again, with its index.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION claimdesk_record_words(job text, claim text, policy text, insured text, address text,
                                       job_name text, company text, phone text, file_number text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT claimdesk_claim_words(job, claim, policy, insured, address, job_name, company, phone)
        || claimdesk_file_number_words(file_number);
END;
-- +goose StatementEnd

ALTER TABLE claims DROP COLUMN search_words;
ALTER TABLE claims ADD COLUMN search_words tsvector GENERATED ALWAYS AS (claimdesk_record_words(job_number,
    claim_number, policy_number, insured_name, loss_address, job_name, company, insured_phone, adjuster_file_number)) STORED;
CREATE INDEX claims_search_words_idx ON claims USING gin (search_words) WITH (fastupdate = off);

-- +goose Down
ALTER TABLE claims DROP COLUMN search_words;
ALTER TABLE claims ADD COLUMN search_words tsvector GENERATED ALWAYS AS (claimdesk_claim_words(job_number,
    claim_number, policy_number, insured_name, loss_address, job_name, company, insured_phone)
    || claimdesk_file_number_words(adjuster_file_number)) STORED;
CREATE INDEX claims_search_words_idx ON claims USING gin (search_words) WITH (fastupdate = off);
DROP FUNCTION claimdesk_record_words(text, text, text, text, text, text, text, text, text);
