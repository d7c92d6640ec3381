-- The morning digest: a person opts in to one email per business day, at
-- the office's digest hour, of what needs the office (open requests,
-- overdue work, missing updates). digests holds the day each person was
-- sent theirs, written in the transaction that queues the mail: however
-- many processes run the digest job, a person gets one a day.

-- +goose Up
ALTER TABLE users ADD COLUMN digest boolean NOT NULL DEFAULT false;

CREATE TABLE digests (
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day       date   NOT NULL,  -- the office's business day
    outbox_id bigint NOT NULL REFERENCES outbox (id),
    PRIMARY KEY (user_id, day)
);

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('ack', 'update', 'digest'));

-- +goose Down
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('ack', 'update')) NOT VALID;
DROP TABLE digests;
ALTER TABLE users DROP COLUMN digest;
