-- Texts read by OCR from pictures and image-only PDFs are kept like the
-- text layers of PDFs, by content hash, and say where they come from: a
-- document's text_source (pdf, ocr, none) is its file's. A picture OCR could
-- not read keeps an empty 'ocr' text, so that it is not read again and the
-- message waiting for it goes on.

-- +goose Up
ALTER TABLE file_texts
    ADD COLUMN source text NOT NULL DEFAULT 'pdf' CHECK (source IN ('pdf', 'ocr'));

-- +goose Down
DELETE FROM file_texts WHERE source = 'ocr';
ALTER TABLE file_texts DROP COLUMN source;
