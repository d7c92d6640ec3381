-- Search finds documents by their file names too ("sketch", "ATP", the
-- claim number a name carries), not only by the text inside PDFs: photos,
-- sketches and scanned forms have no text. Names are indexed with their
-- underscores and dots read as spaces: to the text parser
-- "SMITH_J_ATP_SIGNED.pdf" is one word, a file path.

-- +goose Up
ALTER TABLE documents ADD COLUMN name_search_vector tsvector
    GENERATED ALWAYS AS (claimdesk_search_words(translate(filename, '_.', '  '), 'A')) STORED;
CREATE INDEX documents_name_search_idx ON documents USING gin (name_search_vector);

-- +goose Down
DROP INDEX documents_name_search_idx;
ALTER TABLE documents DROP COLUMN name_search_vector;
