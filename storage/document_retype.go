package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// RetypeDocument gives document d the type docType, filed in folder, within
// tx: the text OCR read of a picture filed before its reading says what it
// is (a photographed certificate of satisfaction is a cos). It moves to a
// free browse key in its new folder and returns the key it gave up, retired
// until the caller's publishing deletes its blobs. The stamped copy, which
// shows the job number and not the type, stays.
func RetypeDocument(ctx context.Context, tx pgx.Tx, d Document, docType, folder string, loc *time.Location) (retired string, err error) {
	claim, err := ClaimFolderOf(ctx, tx, d.ClaimID)
	if err != nil {
		return "", err
	}
	prefix, ext := browseKeyBase(claim, folder, d.ReceivedAt, loc, d.Filename, d.IsPDF())
	_, err = setFreeBrowseKey(ctx, tx, d.ClaimID, prefix, ext, func(sp pgx.Tx, key string) error {
		_, err := sp.Exec(ctx, `UPDATE documents SET doc_type = $2, folder = $3, browse_key = $4 WHERE id = $1`,
			d.ID, docType, folder, key)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("retype document %d as %s: %w", d.ID, docType, err)
	}
	if err := retireBrowseKey(ctx, tx, d.BrowseKey); err != nil {
		return "", err
	}
	return d.BrowseKey, nil
}

// PartDocType is the document type of one part of a message, and why.
type PartDocType struct {
	Path, DocType, Evidence string
}

// SetPartDocTypes records within tx the document types of parts of message
// id, in one statement whatever their number.
func SetPartDocTypes(ctx context.Context, tx pgx.Tx, id int64, types []PartDocType) error {
	if len(types) == 0 {
		return nil
	}
	paths, docTypes, evidence := make([]string, len(types)), make([]string, len(types)), make([]string, len(types))
	for i, t := range types {
		paths[i], docTypes[i], evidence[i] = t.Path, t.DocType, pgText(t.Evidence)
	}
	if _, err := tx.Exec(ctx, `
		UPDATE message_parts p SET doc_type = u.doc_type, doc_type_evidence = u.evidence
		FROM unnest($2::text[], $3::text[], $4::text[]) AS u (path, doc_type, evidence)
		WHERE p.message_id = $1 AND p.part_path = u.path`, id, paths, docTypes, evidence); err != nil {
		return fmt.Errorf("type %d parts of message %d: %w", len(types), id, err)
	}
	return nil
}

// AddMessageWarning adds warning to the warnings message id shows, once,
// within tx: what a person should look at.
func AddMessageWarning(ctx context.Context, tx pgx.Tx, id int64, warning string) error {
	if _, err := tx.Exec(ctx, `UPDATE messages SET warnings = array_append(warnings, $2), updated_at = now()
		WHERE id = $1 AND NOT ($2 = ANY (warnings))`, id, pgText(warning)); err != nil {
		return fmt.Errorf("warn on message %d: %w", id, err)
	}
	return nil
}

// ResetStamp forgets within tx the stamp result of document id, so that a
// new stamp job makes it again: the scan it was made of has been read by
// OCR since.
func ResetStamp(ctx context.Context, tx pgx.Tx, id int64) error {
	if _, err := tx.Exec(ctx, `UPDATE documents SET stamped_sha256 = NULL, stamp_error = '', stamp_error_kind = '',
		stamp_error_abilities = '{}', stamp_error_over_limit = false WHERE id = $1`, id); err != nil {
		return fmt.Errorf("reset stamp of document %d: %w", id, err)
	}
	return nil
}
