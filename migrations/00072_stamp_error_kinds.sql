-- A stamp error records its kind beside its sentence, and what the claimdesk
-- that met it could do (its abilities: the pictures its stamp read, the
-- programs it converted with), so that a stamp that failed for what
-- claimdesk or its machine could not do then (a picture format it did not
-- read, a program not installed) is tried again once it can, and one that
-- failed through the file's own fault (damaged, password-protected, too
-- large) is not tried again.
--
-- The errors recorded before are classified by the sentences earlier builds
-- wrote, the only record they left (each build's, word for word up to what
-- varies); a sentence none wrote keeps no kind and is not tried again.
-- Their abilities are unknown (none), so those claimdesk may have outgrown
-- are tried again once.

-- +goose Up
ALTER TABLE documents
    ADD COLUMN stamp_error_kind      text   NOT NULL DEFAULT '',
    ADD COLUMN stamp_error_abilities text[] NOT NULL DEFAULT '{}';

UPDATE documents SET stamp_error_kind = CASE
    WHEN stamp_error LIKE 'Not stamped: the PDF is password-protected.%' THEN 'encrypted'
    WHEN stamp_error LIKE 'Not stamped: the PDF is damaged or incomplete %'
      OR stamp_error LIKE 'Not stamped: the picture is damaged or incomplete %'
      OR stamp_error LIKE 'Not stamped: the HEIC photo could not be converted %' THEN 'damaged'
    WHEN stamp_error LIKE 'Not stamped: the PDF is beyond the stamping limits %'
      OR stamp_error LIKE 'Not stamped: the picture is beyond the stamping limits %'
      OR stamp_error LIKE 'Not stamped: the PDF is %, over the % stamping limit.%'
      OR stamp_error LIKE 'Not stamped: the picture is %, over the % stamping limit.%' THEN 'too_large'
    WHEN stamp_error LIKE 'Not stamped: stamping took longer than %'
      OR stamp_error LIKE 'Not stamped: stamping failed % times %' THEN 'failed'
    WHEN stamp_error LIKE 'Not stamped: only JPEG, PNG, WebP and HEIC pictures are made into a stamped PDF.%'
      OR stamp_error LIKE 'Not stamped: the picture''s format or compression is not one a stamped PDF is made from %' THEN 'unsupported'
    WHEN stamp_error LIKE 'Not stamped: this server cannot convert HEIC photos (heif-convert, %'
      OR stamp_error LIKE 'Not stamped: the fax is in two-dimensional Group 3 coding, which this server cannot read %' THEN 'no_program'
    ELSE '' END
WHERE stamp_error <> '';

-- The look for stamps to try again reads these few documents alone.
CREATE INDEX documents_stamp_outgrown_idx ON documents (id) WHERE stamp_error_kind IN ('unsupported', 'no_program');

-- +goose Down
DROP INDEX documents_stamp_outgrown_idx;
ALTER TABLE documents
    DROP COLUMN stamp_error_abilities,
    DROP COLUMN stamp_error_kind;
