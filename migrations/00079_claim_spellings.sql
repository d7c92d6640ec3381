-- Claims search forgives spelling: a name heard on the phone ("Lindquist")
-- finds the claim whose record spells it otherwise ("Lindqvist"), after
-- the claims spelt as typed. claim_words holds each word of the claims'
-- records that a person may misspell (the insured, the loss address, the
-- job's name, the company: letters only, four or more, folded as
-- claims.search_words folds them), once however many claims hold it. A
-- search looks up the words nearest to each word typed in its trigram
-- index (pg_trgm, trusted in Debian's PostgreSQL 15), then finds the
-- claims holding them through claims.search_words, as it finds any word:
-- a few thousand words are searched, not 100,000 claims' text.
--
-- Words are added as claims are written and never removed: a word no
-- claim holds any more finds no claim, and costs a row. They have no key:
-- a key would make a claim written with a new word wait for another
-- transaction adding it to end (ON CONFLICT waits to know whether it
-- commits: a claims backfill would hold up every claim with one of its
-- words, and two adding words in opposite orders deadlock). Two
-- transactions adding a word at once both hold it; searches read it once.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE claim_words (word text NOT NULL);
CREATE INDEX claim_words_word_idx ON claim_words (word);
CREATE INDEX claim_words_trgm_idx ON claim_words USING gist (word gist_trgm_ops);

-- +goose StatementBegin
CREATE FUNCTION claimdesk_spelt_words(insured text, address text, job_name text, company text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(array_agg(DISTINCT w), '{}')
    FROM unnest(claimdesk_fold_words(concat_ws(' ', insured, address, job_name, company))) w
    WHERE length(w) >= 4 AND w !~ '[0-9]';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION claims_spelt_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claim_words (word)
    SELECT w FROM unnest(claimdesk_spelt_words(NEW.insured_name, NEW.loss_address, NEW.job_name, NEW.company)) w
    WHERE NOT EXISTS (SELECT FROM claim_words c WHERE c.word = w);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER claims_spelt_words_insert AFTER INSERT ON claims FOR EACH ROW
    EXECUTE FUNCTION claims_spelt_words();
CREATE TRIGGER claims_spelt_words_update AFTER UPDATE OF insured_name, loss_address, job_name, company ON claims
    FOR EACH ROW WHEN ((OLD.insured_name, OLD.loss_address, OLD.job_name, OLD.company)
                       IS DISTINCT FROM (NEW.insured_name, NEW.loss_address, NEW.job_name, NEW.company))
    EXECUTE FUNCTION claims_spelt_words();

INSERT INTO claim_words (word)
SELECT DISTINCT unnest(claimdesk_spelt_words(insured_name, loss_address, job_name, company)) FROM claims;

-- +goose Down
DROP TRIGGER claims_spelt_words_update ON claims;
DROP TRIGGER claims_spelt_words_insert ON claims;
DROP FUNCTION claims_spelt_words();
DROP FUNCTION claimdesk_spelt_words(text, text, text, text);
DROP TABLE claim_words;
-- pg_trgm stays: 00009's indexes and other schemas may use it.
