-- Every row of an office's data names its office: the DEFAULT 1 that
-- 00028 gave office_id, so that inserts written before offices kept
-- working, is dropped. An insert that forgets the office now fails instead
-- of landing in the default office (as 00035's columns already do).

-- +goose Up
ALTER TABLE mailboxes ALTER COLUMN office_id DROP DEFAULT;
ALTER TABLE claims    ALTER COLUMN office_id DROP DEFAULT;
ALTER TABLE messages  ALTER COLUMN office_id DROP DEFAULT;
ALTER TABLE documents ALTER COLUMN office_id DROP DEFAULT;
ALTER TABLE requests  ALTER COLUMN office_id DROP DEFAULT;
ALTER TABLE equipment ALTER COLUMN office_id DROP DEFAULT;
ALTER TABLE outbox    ALTER COLUMN office_id DROP DEFAULT;

-- +goose Down
ALTER TABLE outbox    ALTER COLUMN office_id SET DEFAULT 1;
ALTER TABLE equipment ALTER COLUMN office_id SET DEFAULT 1;
ALTER TABLE requests  ALTER COLUMN office_id SET DEFAULT 1;
ALTER TABLE documents ALTER COLUMN office_id SET DEFAULT 1;
ALTER TABLE messages  ALTER COLUMN office_id SET DEFAULT 1;
ALTER TABLE claims    ALTER COLUMN office_id SET DEFAULT 1;
ALTER TABLE mailboxes ALTER COLUMN office_id SET DEFAULT 1;
