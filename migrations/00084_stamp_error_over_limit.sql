-- A PDF or picture refused for its size, over the stamping limit
-- (CLAIMDESK_STAMP_MAX_MB), is stamped once the limit is raised past its
-- size: its error says that it was refused for its size, apart from the
-- other stamping limits (pages, pixels, memory), which no setting moves.
--
-- The errors recorded before are told by their sentence, the only record
-- they left: every build wrote "the PDF (or picture) is <size>, over the
-- <limit> stamping limit." for those alone.

-- +goose Up
ALTER TABLE documents ADD COLUMN stamp_error_over_limit boolean NOT NULL DEFAULT false;

UPDATE documents SET stamp_error_over_limit = true
WHERE stamp_error_kind = 'too_large'
  AND (stamp_error LIKE 'Not stamped: the PDF is %, over the % stamping limit.%'
    OR stamp_error LIKE 'Not stamped: the picture is %, over the % stamping limit.%');

-- The look for stamps to try again reads these few documents alone.
CREATE INDEX documents_stamp_over_limit_idx ON documents (size) WHERE stamp_error_over_limit;

-- +goose Down
DROP INDEX documents_stamp_over_limit_idx;
ALTER TABLE documents DROP COLUMN stamp_error_over_limit;
