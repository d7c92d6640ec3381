-- The first schema: mail as it arrives, the claims it belongs to, the
-- documents filed into them, and who may read them. The unique constraints
-- are what "exactly once" rests on: a retried step hits them instead of
-- writing a second row.

-- +goose Up
CREATE TABLE mailboxes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account     text        NOT NULL,   -- user@host, never the password
    folder      text        NOT NULL,   -- IMAP name, e.g. INBOX or Sent
    role        text        NOT NULL CHECK (role IN ('inbox', 'sent')),
    uidvalidity bigint      NOT NULL DEFAULT 0 CHECK (uidvalidity >= 0),
    last_uid    bigint      NOT NULL DEFAULT 0 CHECK (last_uid >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account, folder)
);

CREATE TABLE claims (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_number        text        NOT NULL UNIQUE CHECK (job_number <> ''),
    claim_number      text        NOT NULL DEFAULT '',
    -- upper case, without spaces or dashes: carriers and people write one
    -- claim number many ways
    claim_number_norm text        NOT NULL DEFAULT '',
    carrier           text        NOT NULL DEFAULT '',
    policy_number     text        NOT NULL DEFAULT '',
    insured_name      text        NOT NULL DEFAULT '',
    loss_address      text        NOT NULL DEFAULT '',
    loss_type         text        NOT NULL DEFAULT '',
    adjuster_name     text        NOT NULL DEFAULT '',
    adjuster_email    text        NOT NULL DEFAULT '',
    date_of_loss      date,
    status            text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX claims_claim_number_norm_key ON claims (claim_number_norm) WHERE claim_number_norm <> '';
CREATE INDEX claims_adjuster_email_idx ON claims (lower(adjuster_email));

CREATE TABLE claim_participants (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    role     text   NOT NULL CHECK (role IN ('foreman', 'coordinator', 'estimator', 'marketing',
                                             'insurance_company', 'adjuster', 'referred_by')),
    name     text   NOT NULL DEFAULT '',
    email    text   NOT NULL DEFAULT '',
    phone    text   NOT NULL DEFAULT '',
    UNIQUE (claim_id, role, name, email)
);

CREATE TABLE messages (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mailbox_id    bigint      NOT NULL REFERENCES mailboxes (id),
    uidvalidity   bigint      NOT NULL CHECK (uidvalidity > 0),
    uid           bigint      NOT NULL CHECK (uid > 0),
    direction     text        NOT NULL CHECK (direction IN ('in', 'out')),
    raw_sha256    text        NOT NULL CHECK (raw_sha256 ~ '^[0-9a-f]{64}$'),
    raw_size      bigint      NOT NULL CHECK (raw_size >= 0),
    message_id    text        NOT NULL DEFAULT '',  -- the Message-ID header, '' when absent
    in_reply_to   text        NOT NULL DEFAULT '',
    refs          text[]      NOT NULL DEFAULT '{}',
    from_address  text        NOT NULL DEFAULT '',
    from_name     text        NOT NULL DEFAULT '',
    subject       text        NOT NULL DEFAULT '',
    -- filled by parsing
    to_addresses  text[]      NOT NULL DEFAULT '{}',
    cc_addresses  text[]      NOT NULL DEFAULT '{}',
    body_text     text        NOT NULL DEFAULT '',
    body_html     text        NOT NULL DEFAULT '',  -- as received: sanitized only when shown
    warnings      text[]      NOT NULL DEFAULT '{}',
    status        text        NOT NULL DEFAULT 'new'
                  CHECK (status IN ('new', 'parsed', 'filed', 'triage', 'ignored', 'failed', 'rejected')),
    error         text        NOT NULL DEFAULT '',
    claim_id      bigint      REFERENCES claims (id),
    internal_date timestamptz,  -- when the IMAP server received it
    sent_date     timestamptz,  -- the Date header, when it parses
    received_at   timestamptz NOT NULL DEFAULT now(),  -- when claimdesk stored it
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (mailbox_id, uidvalidity, uid),
    -- after a UIDVALIDITY change the same mail comes back under new UIDs
    UNIQUE (mailbox_id, raw_sha256)
);
CREATE INDEX messages_message_id_idx ON messages (message_id) WHERE message_id <> '';
-- the same mail under a new UIDVALIDITY, its header changed on the way (a
-- server migration), is known by these three
CREATE INDEX messages_identity_idx ON messages (mailbox_id, message_id, from_address, sent_date)
    WHERE message_id <> '' AND sent_date IS NOT NULL;
CREATE INDEX messages_status_idx ON messages (status, received_at);
CREATE INDEX messages_claim_idx ON messages (claim_id, received_at) WHERE claim_id IS NOT NULL;

CREATE TABLE message_parts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id   bigint  NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    part_path    text    NOT NULL,  -- MIME position, e.g. "2.1"
    content_type text    NOT NULL,
    disposition  text    NOT NULL DEFAULT '',
    filename     text    NOT NULL DEFAULT '',  -- sanitized for display; never a path
    content_id   text    NOT NULL DEFAULT '',
    is_inline    boolean NOT NULL DEFAULT false,  -- body decoration such as a signature logo
    is_attachment boolean NOT NULL DEFAULT false, -- a document the sender meant to send
    nested       integer NOT NULL DEFAULT -1,     -- index of the forwarded message/rfc822 holding it
    truncated    boolean NOT NULL DEFAULT false,
    sha256       text    CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size         bigint  NOT NULL DEFAULT 0 CHECK (size >= 0),
    UNIQUE (message_id, part_path)
);

CREATE TABLE documents (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id       bigint      NOT NULL REFERENCES claims (id),
    sha256         text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size           bigint      NOT NULL CHECK (size >= 0),
    filename       text        NOT NULL,
    content_type   text        NOT NULL DEFAULT '',
    doc_type       text        NOT NULL CHECK (doc_type IN ('photo', 'atp', 'cos', 'waiver', 'estimate', 'sketch',
                                                            'scope', 'lab_report', 'invoice', 'drying_log',
                                                            'other', 'correspondence')),
    folder         text        NOT NULL,
    browse_key     text        NOT NULL UNIQUE,  -- claims/<job>/<Folder>/<date>_<name> in the blob store
    stamped_sha256 text        CHECK (stamped_sha256 ~ '^[0-9a-f]{64}$'),
    stamp_error    text        NOT NULL DEFAULT '',
    received_at    timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    -- the same file sent twice for one claim is filed once
    UNIQUE (claim_id, sha256)
);

-- Which messages brought a document: one file, many messages.
CREATE TABLE document_messages (
    document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    message_id  bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    part_id     bigint REFERENCES message_parts (id) ON DELETE SET NULL,
    PRIMARY KEY (document_id, message_id)
);

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text        NOT NULL,
    name          text        NOT NULL DEFAULT '',
    password_hash text        NOT NULL,
    is_admin      boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint      REFERENCES users (id) ON DELETE CASCADE,  -- NULL: made by the operator on the command line
    name         text        NOT NULL CHECK (name <> ''),
    token_sha256 text        NOT NULL UNIQUE,  -- the token itself is shown once and never stored
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- +goose Down
DROP TABLE api_tokens;
DROP TABLE users;
DROP TABLE document_messages;
DROP TABLE documents;
DROP TABLE message_parts;
DROP TABLE messages;
DROP TABLE claim_participants;
DROP TABLE claims;
DROP TABLE mailboxes;
