-- Someone who wrote into a claim and is not among its people is suggested
-- on the claim's page (storage.ClaimSenders). A coordinator can say one is
-- not part of that claim (a vendor's billing robot, a carrier's no-reply,
-- someone copied once): they are suggested no more on that claim, until
-- restored. The row is the claim's own, as its participants and history
-- are: it goes with the claim, and takes no office_id (the claim's office
-- is its own, and moving the claim moves it).

-- +goose Up
CREATE TABLE claim_dismissed_senders (
    claim_id     bigint      NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    email        text        NOT NULL CHECK (email <> '' AND email = lower(email)),
    name         text        NOT NULL DEFAULT '',  -- as the suggestion named them, for the page and the history
    dismissed_by text        NOT NULL DEFAULT '',  -- a user's email or an API token's name
    dismissed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (claim_id, email)
);

-- +goose Down
DROP TABLE claim_dismissed_senders;
