-- What senders ask the office for: each person's message filed to a claim
-- that names documents to send (or dates to give) is a request, open until
-- the office sends the asker a document of each requested type or someone
-- marks it done. Acknowledging the message does not close it.

-- +goose Up
CREATE TABLE requests (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id    bigint      NOT NULL REFERENCES claims (id),
    message_id  bigint      NOT NULL UNIQUE REFERENCES messages (id), -- one request per message: processing again replaces it
    from_addr   text        NOT NULL,
    doc_types   text[]      NOT NULL DEFAULT '{}', -- doc types asked for
    items       text[]      NOT NULL DEFAULT '{}', -- other asks: equipment_list, dry_out_date, removal_date
    text        text        NOT NULL,
    asked_at    timestamptz NOT NULL,
    due_at      timestamptz,
    status      text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    done_at     timestamptz,
    done_by     text        NOT NULL DEFAULT '', -- who marked it, or "email" when Sent mail carried the documents
    done_message_id bigint  REFERENCES messages (id), -- the office mail that closed it
    note        text        NOT NULL DEFAULT '',
    sent_types  text[]      NOT NULL DEFAULT '{}', -- requested types the office has sent the asker so far
    CHECK ((status = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX requests_claim_idx ON requests (claim_id, asked_at);
CREATE INDEX requests_open_idx ON requests (due_at NULLS LAST, asked_at) WHERE status = 'open';

CREATE TRIGGER requests_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON requests
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();

-- +goose Down
DROP TABLE requests;
