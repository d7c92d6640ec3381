-- Where the office's returned mail was meant to go is looked up by the
-- address it went to, on every claim's record of the office (the insured's,
-- the adjuster's, each participant's): an index for each, so that an exact
-- address is found however many claims share its domain (gmail.com).

-- +goose Up
CREATE INDEX claims_insured_email_idx ON claims (lower(insured_email)) WHERE insured_email <> '';
CREATE INDEX claim_participants_email_idx ON claim_participants (lower(email)) WHERE email <> '';

-- +goose Down
DROP INDEX claim_participants_email_idx;
DROP INDEX claims_insured_email_idx;
