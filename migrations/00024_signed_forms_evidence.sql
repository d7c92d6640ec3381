-- The rebuild's contract, the authorization to repair, is a document type
-- of its own ('atr'), filed with the other contracts and checked like them.

-- +goose Up
ALTER TABLE documents DROP CONSTRAINT documents_doc_type_check;
ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check
    CHECK (doc_type IN ('photo', 'atp', 'atr', 'cos', 'waiver', 'estimate', 'sketch', 'scope', 'lab_report',
                        'invoice', 'drying_log', 'other', 'correspondence'));

-- +goose Down
UPDATE documents SET doc_type = 'atp' WHERE doc_type = 'atr';
ALTER TABLE documents DROP CONSTRAINT documents_doc_type_check;
ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check
    CHECK (doc_type IN ('photo', 'atp', 'cos', 'waiver', 'estimate', 'sketch', 'scope', 'lab_report',
                        'invoice', 'drying_log', 'other', 'correspondence'));
