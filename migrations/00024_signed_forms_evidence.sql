-- Signed forms checked and sent back, and stages that follow the evidence.
--
-- The rebuild's contract, the authorization to repair, is a document type
-- of its own ('atr'), filed with the other contracts and checked like them.
--
-- A rejected form drafts the email to the technician naming the form
-- needed: an outbox draft, kept until a person sends it (as written or
-- edited), from the office's 'form_rejected' template. One draft waits per
-- rejected document; sending links it to the outbox message it became.

-- Stages follow the evidence: an invoice that came from outside the
-- office is a vendor's (documents.vendor, set when it is filed), which
-- never makes the office's billing packet. Invoices filed before were
-- marked by whether the office ever sent them. The alerts read the mark
-- from the index, as they read the checks; it never changes once set, so
-- the insert trigger is all it needs.

-- +goose Up
ALTER TABLE documents ADD COLUMN vendor boolean NOT NULL DEFAULT false;
UPDATE documents d SET vendor = true
WHERE d.doc_type = 'invoice' AND NOT EXISTS (
    SELECT FROM document_messages dm JOIN messages m ON m.id = dm.message_id
    WHERE dm.document_id = d.id AND m.direction = 'out');
CREATE INDEX documents_claim_type_evidence_idx ON documents (claim_id, doc_type, received_at)
    INCLUDE (verified_at, verify_ok, verify_reason, vendor);
DROP INDEX documents_claim_type_checks_idx;

ALTER TABLE documents DROP CONSTRAINT documents_doc_type_check;
ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check
    CHECK (doc_type IN ('photo', 'atp', 'atr', 'cos', 'waiver', 'estimate', 'sketch', 'scope', 'lab_report',
                        'invoice', 'drying_log', 'other', 'correspondence'));

ALTER TABLE reply_templates DROP CONSTRAINT reply_templates_kind_check;
ALTER TABLE reply_templates ADD CONSTRAINT reply_templates_kind_check CHECK (kind IN ('ack', 'update', 'form_rejected'));
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('ack', 'update', 'digest', 'form_rejected'));

CREATE TABLE outbox_drafts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('form_rejected')),
    claim_id    bigint      NOT NULL REFERENCES claims (id),
    document_id bigint      REFERENCES documents (id) ON DELETE CASCADE,  -- the rejected form
    reply_to    bigint      REFERENCES messages (id) ON DELETE SET NULL,  -- the message that carried it: the thread
    language    text        NOT NULL CHECK (language IN ('en', 'es')),
    recipients  text[]      NOT NULL CHECK (cardinality(recipients) > 0),
    subject     text        NOT NULL,
    body        text        NOT NULL,
    created_by  text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    outbox_id   bigint      UNIQUE REFERENCES outbox (id)  -- set once sent
);
CREATE UNIQUE INDEX outbox_drafts_waiting_idx ON outbox_drafts (document_id) WHERE outbox_id IS NULL;
CREATE INDEX outbox_drafts_claim_idx ON outbox_drafts (claim_id, created_at);

-- +goose Down
CREATE INDEX documents_claim_type_checks_idx ON documents (claim_id, doc_type, received_at)
    INCLUDE (verified_at, verify_ok, verify_reason);
DROP INDEX documents_claim_type_evidence_idx;
ALTER TABLE documents DROP COLUMN vendor;
DROP TABLE outbox_drafts;
DELETE FROM outbox WHERE kind = 'form_rejected';
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('ack', 'update', 'digest'));
DELETE FROM reply_templates WHERE kind = 'form_rejected';
ALTER TABLE reply_templates DROP CONSTRAINT reply_templates_kind_check;
ALTER TABLE reply_templates ADD CONSTRAINT reply_templates_kind_check CHECK (kind IN ('ack', 'update'));
UPDATE documents SET doc_type = 'atp' WHERE doc_type = 'atr';
ALTER TABLE documents DROP CONSTRAINT documents_doc_type_check;
ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check
    CHECK (doc_type IN ('photo', 'atp', 'cos', 'waiver', 'estimate', 'sketch', 'scope', 'lab_report',
                        'invoice', 'drying_log', 'other', 'correspondence'));
