-- PDFs filed before OCR read the scanned pages of typed PDFs kept their
-- text layer alone: the words on a signed page scanned into a contract
-- were never read. Each text layer kept until now is to be looked at once
-- for such pages, and read by OCR when it has them; a text kept from now
-- on has had them read when it was filed, and needs no look.

-- +goose Up
ALTER TABLE file_texts ADD COLUMN scan_pages_checked boolean NOT NULL DEFAULT false;
ALTER TABLE file_texts ALTER COLUMN scan_pages_checked SET DEFAULT true;
UPDATE file_texts SET scan_pages_checked = true WHERE source = 'ocr';
CREATE INDEX file_texts_scan_pages_unchecked_idx ON file_texts (sha256) WHERE NOT scan_pages_checked;

-- +goose Down
DROP INDEX file_texts_scan_pages_unchecked_idx;
ALTER TABLE file_texts DROP COLUMN scan_pages_checked;
