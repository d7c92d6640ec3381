-- The words a claims search may find spelt otherwise (migration 79) are
-- kept per office: a search looks among the words nearest to the word
-- typed for those of its own offices' claims, so that many offices'
-- names near the word typed can no longer crowd out its own office's one.
-- A claim moved to another office adds its words there; those left
-- behind find no claim, as a word no claim holds any more (79).

-- +goose Up
ALTER TABLE claim_words ADD COLUMN office_id bigint;
DELETE FROM claim_words;
INSERT INTO claim_words (office_id, word)
SELECT DISTINCT office_id, unnest(claimdesk_spelt_words(insured_name, loss_address, job_name, company)) FROM claims;
ALTER TABLE claim_words ALTER COLUMN office_id SET NOT NULL;
DROP INDEX claim_words_word_idx;
CREATE INDEX claim_words_office_word_idx ON claim_words (office_id, word);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claims_spelt_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claim_words (office_id, word)
    SELECT NEW.office_id, w FROM unnest(claimdesk_spelt_words(NEW.insured_name, NEW.loss_address, NEW.job_name, NEW.company)) w
    WHERE NOT EXISTS (SELECT FROM claim_words c WHERE c.office_id = NEW.office_id AND c.word = w);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

DROP TRIGGER claims_spelt_words_update ON claims;
CREATE TRIGGER claims_spelt_words_update AFTER UPDATE OF insured_name, loss_address, job_name, company, office_id ON claims
    FOR EACH ROW WHEN ((OLD.insured_name, OLD.loss_address, OLD.job_name, OLD.company, OLD.office_id)
                       IS DISTINCT FROM (NEW.insured_name, NEW.loss_address, NEW.job_name, NEW.company, NEW.office_id))
    EXECUTE FUNCTION claims_spelt_words();

-- +goose Down
DROP TRIGGER claims_spelt_words_update ON claims;
CREATE TRIGGER claims_spelt_words_update AFTER UPDATE OF insured_name, loss_address, job_name, company ON claims
    FOR EACH ROW WHEN ((OLD.insured_name, OLD.loss_address, OLD.job_name, OLD.company)
                       IS DISTINCT FROM (NEW.insured_name, NEW.loss_address, NEW.job_name, NEW.company))
    EXECUTE FUNCTION claims_spelt_words();

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claims_spelt_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claim_words (word)
    SELECT w FROM unnest(claimdesk_spelt_words(NEW.insured_name, NEW.loss_address, NEW.job_name, NEW.company)) w
    WHERE NOT EXISTS (SELECT FROM claim_words c WHERE c.word = w);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

DROP INDEX claim_words_office_word_idx;
DELETE FROM claim_words a USING claim_words b WHERE a.word = b.word AND a.ctid > b.ctid;
ALTER TABLE claim_words DROP COLUMN office_id;
CREATE INDEX claim_words_word_idx ON claim_words (word);
