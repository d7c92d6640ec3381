-- Reminders the office sends the field: chase the first uploads, the COS
-- at equipment pickup, the drying log while equipment is placed. Each is an
-- outbox message of kind 'reminder' in the office's own wording (reply
-- templates of the reminder kinds, English or Spanish per person), and a
-- row on its claim. The unique key (claim, kind, recipient, occasion) is
-- what makes an automatic reminder go out once however many processes
-- look for due ones at the same moment.

-- +goose Up
ALTER TABLE people
    ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es'));

-- The outbox and reply-template kinds are checked as names since 00025:
-- 'reminder' and the three reminder kinds need no change there.

CREATE TABLE claim_reminders (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id       bigint      NOT NULL REFERENCES claims (id),
    kind           text        NOT NULL CHECK (kind IN ('chase_upload', 'cos_at_pickup', 'drying_log')),
    recipient      text        NOT NULL CHECK (recipient <> ''),  -- lower-case address
    recipient_name text        NOT NULL DEFAULT '',
    -- what the reminder is for: 'once' for a claim's chase and COS, the
    -- office date for a day's drying log; a person's one-click reminder is
    -- its own occasion ('manual:' and its id) and never blocks another
    occasion       text        NOT NULL CHECK (occasion <> ''),
    outbox_id      bigint      NOT NULL REFERENCES outbox (id),
    automatic      boolean     NOT NULL DEFAULT false,
    created_by     text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (claim_id, kind, recipient, occasion)
);
CREATE INDEX claim_reminders_claim_idx ON claim_reminders (claim_id, created_at);

-- +goose Down
DROP TABLE claim_reminders;
DELETE FROM outbox WHERE kind = 'reminder';
DELETE FROM reply_templates WHERE kind IN ('chase_upload', 'cos_at_pickup', 'drying_log');
ALTER TABLE people DROP COLUMN language;
