-- A picture or scan OCR could not read (tesseract failed on it, the file is
-- damaged, or every attempt of its reading failed) keeps an empty 'ocr'
-- text, so that its messages go on without it, and says why here: the
-- message page shows it and monitoring counts it. Empty when OCR read the
-- file, even to no words.

-- +goose Up
ALTER TABLE file_texts ADD COLUMN ocr_failure text NOT NULL DEFAULT '';
CREATE INDEX file_texts_ocr_failure_idx ON file_texts (sha256) WHERE ocr_failure <> '';

-- +goose Down
DROP INDEX file_texts_ocr_failure_idx;
ALTER TABLE file_texts DROP COLUMN ocr_failure;
