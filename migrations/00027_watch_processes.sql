-- Mailboxes are shared among the claimdesk processes of one database by
-- count: each process says it is alive in watch_processes every few seconds,
-- and takes its share of the mailboxes (their count over the live
-- processes'). A process that stops saying so, or whose connection no
-- longer holds the advisory lock lock_key, is taken for dead, and its share
-- goes to the others. mailbox_watchers says which process watches
-- each mailbox, for the API and the metrics; the advisory lock the watcher
-- holds, not this row, is what keeps a second process away.

-- +goose Up
CREATE TABLE watch_processes (
    id           text        PRIMARY KEY,
    name         text        NOT NULL,
    lock_key     bigint      NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL
);

CREATE TABLE mailbox_watchers (
    account text        PRIMARY KEY,
    process text        NOT NULL,
    since   timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE mailbox_watchers;
DROP TABLE watch_processes;
