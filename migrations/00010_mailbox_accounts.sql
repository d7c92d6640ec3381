-- Mailboxes managed in the database (besides CLAIMDESK_IMAP_URL), with
-- their credentials sealed by the secret key, and how each mailbox's
-- connection is doing.

-- +goose Up
CREATE TABLE mailbox_accounts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- names the account in logs and in mailboxes.account (the checkpoints)
    name       text        NOT NULL UNIQUE CHECK (name <> ''),
    host       text        NOT NULL CHECK (host <> ''),          -- host:port
    tls        text        NOT NULL CHECK (tls IN ('none', 'starttls', 'tls')),
    username   text        NOT NULL CHECK (username <> ''),
    auth       text        NOT NULL CHECK (auth IN ('password', 'microsoft_app', 'google_service_account', 'oauth_user')),
    provider   text        NOT NULL DEFAULT '' CHECK (provider IN ('', 'microsoft', 'google')),
    mechanism  text        NOT NULL DEFAULT '' CHECK (mechanism IN ('', 'XOAUTH2', 'OAUTHBEARER')),
    inbox      text        NOT NULL DEFAULT 'INBOX',
    sent       text        NOT NULL DEFAULT 'Sent',
    move_to    text        NOT NULL DEFAULT '',
    tenant     text        NOT NULL DEFAULT '',
    client_id  text        NOT NULL DEFAULT '',
    token_url  text        NOT NULL DEFAULT '',  -- '' is the provider's own
    -- the password, client secret, certificate key, service account key or
    -- refresh token: AES-256-GCM under the secret key, never clear text
    secret     bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per account (database-managed or CLAIMDESK_IMAP_URL), written by
-- whichever process watches it.
CREATE TABLE mailbox_health (
    account         text        PRIMARY KEY,
    state           text        NOT NULL CHECK (state IN ('connected', 'retrying')),
    last_success_at timestamptz,
    last_error      text        NOT NULL DEFAULT '',
    last_error_at   timestamptz,
    error_folder    text        NOT NULL DEFAULT '',
    failures        integer     NOT NULL DEFAULT 0,   -- in a row, since the last success
    retry_at        timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE mailbox_health;
DROP TABLE mailbox_accounts;
