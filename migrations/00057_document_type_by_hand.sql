-- A person may give a document another type than the classifier did (a
-- photo of a signed COS filed as Photos, a sketch taken for an estimate).
-- type_set_by names who chose it: the pipeline never types that document
-- again (empty: the classifier's type, which reading the file by OCR may
-- still refine). The claim's history records the change: claim_changes
-- rows about one of its documents name it, and stay when the document goes
-- (merged into another claim's copy), without its name.

-- +goose Up
ALTER TABLE documents ADD COLUMN type_set_by text NOT NULL DEFAULT '';
ALTER TABLE claim_changes ADD COLUMN document_id bigint REFERENCES documents (id) ON DELETE SET NULL;
-- A document's deletion looks here for the rows naming it.
CREATE INDEX claim_changes_document_idx ON claim_changes (document_id) WHERE document_id IS NOT NULL;

-- +goose Down
DROP INDEX claim_changes_document_idx;
ALTER TABLE claim_changes DROP COLUMN document_id;
ALTER TABLE documents DROP COLUMN type_set_by;
