package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// FieldDocType is the field of a claim's history rows that record a
// person's change of one of its documents' types (ClaimChange.DocumentID).
const FieldDocType = "doc_type"

// TypeChange is a person's choice of a document's type.
type TypeChange struct {
	DocumentID int64
	DocType    string
	Folder     string // the type's claim folder
	// Vendor marks an invoice from outside the office (see
	// Document.Vendor); false for every other type.
	Vendor bool
	Actor  string // who chose: a person's email or an API token's name
}

// ChangedType says what ChangeDocumentType did.
type ChangedType struct {
	Before, After Document
	// Moved is the document's move to a browse key in its new folder,
	// recorded and the old key retired; To is empty when the folder stays
	// (an ATP that is a COS). The caller copies the blobs to Moved.To before
	// it commits, as RelocateNextDocumentKey's caller does.
	Moved KeyRelocation
}

// ChangeDocumentType gives document c.DocumentID the type a person chose,
// within tx, for good: TypeSetBy names them, and the pipeline never types
// the document again. A check of its signatures is forgotten (whatever was
// checked, it was checked as another form, or as no form at all), and so
// are the drafts asking for a new signed copy of it. The claim's history
// records the change. In a new folder the document takes a free browse key
// there (see Moved). A filed message stays correspondence (ErrInvalid);
// the type it has already is only recorded as the person's.
func ChangeDocumentType(ctx context.Context, tx pgx.Tx, c TypeChange, loc *time.Location) (ChangedType, error) {
	if strings.TrimSpace(c.Actor) == "" {
		return ChangedType{}, errors.New("change document type: no actor for the claim's history")
	}
	d, err := lockDocument(ctx, tx, c.DocumentID, "FOR UPDATE OF d")
	if err != nil {
		return ChangedType{}, err
	}
	out := ChangedType{Before: d, After: d}
	switch {
	case d.DocType == DocTypeCorrespondence:
		return out, fmt.Errorf("document %d is a filed message, which stays correspondence: %w", d.ID, ErrInvalid)
	case c.DocType == DocTypeCorrespondence || c.DocType == "" || c.Folder == "" || c.Folder == FolderCorrespondence:
		return out, fmt.Errorf("document %d: type %q is not one a document is filed as: %w", d.ID, c.DocType, ErrInvalid)
	case d.DocType == c.DocType:
		if _, err := tx.Exec(ctx, `UPDATE documents SET type_set_by = $2 WHERE id = $1`, d.ID, pgText(c.Actor)); err != nil {
			return out, fmt.Errorf("keep the type of document %d: %w", d.ID, err)
		}
		out.After.TypeSetBy = c.Actor
		return out, nil
	}
	set := func(q pgx.Tx, key string) error {
		_, err := q.Exec(ctx, `
			UPDATE documents SET doc_type = $2, folder = $3, vendor = $4, type_set_by = $5, browse_key = $6,
			       verified_at = NULL, verified_by = '', verify_ok = true, verify_reason = ''
			WHERE id = $1`, d.ID, c.DocType, c.Folder, c.Vendor, pgText(c.Actor), key)
		return err
	}
	if c.Folder == d.Folder {
		err = set(tx, d.BrowseKey)
	} else {
		out.Moved, err = retypedKey(ctx, tx, d, c.Folder, loc, set)
	}
	if err != nil {
		return out, fmt.Errorf("change the type of document %d to %s: %w", d.ID, c.DocType, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM outbox_drafts WHERE document_id = $1 AND outbox_id IS NULL`, d.ID); err != nil {
		return out, fmt.Errorf("drop drafts of document %d: %w", d.ID, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO claim_changes (claim_id, actor, field, old_value, new_value, document_id)
		VALUES ($1, $2, $3, $4, $5, $6)`, d.ClaimID, pgText(c.Actor), FieldDocType, d.DocType, c.DocType, d.ID); err != nil {
		return out, fmt.Errorf("record the type change of document %d: %w", d.ID, err)
	}
	out.After, err = scanDocument(tx.QueryRow(ctx, documentSelect+` WHERE d.id = $1`, d.ID))
	if err != nil {
		return out, fmt.Errorf("read document %d: %w", d.ID, err)
	}
	return out, nil
}

// retypedKey gives document d, with set, a free browse key in folder of
// its claim's folder, and retires its old one.
func retypedKey(ctx context.Context, tx pgx.Tx, d Document, folder string, loc *time.Location, set func(q pgx.Tx, key string) error) (KeyRelocation, error) {
	claim, err := ClaimFolderOf(ctx, tx, d.ClaimID)
	if err != nil {
		return KeyRelocation{}, err
	}
	prefix, ext := browseKeyBase(claim, folder, d.ReceivedAt, loc, d.Filename)
	to, err := setFreeBrowseKey(ctx, tx, d.ClaimID, prefix, ext, set)
	if err != nil {
		return KeyRelocation{}, err
	}
	if err := retireBrowseKey(ctx, tx, d.BrowseKey); err != nil {
		return KeyRelocation{}, err
	}
	return KeyRelocation{DocumentID: d.ID, SHA256: d.SHA256, Size: d.Size, StampedSHA256: d.StampedSHA256,
		From: d.BrowseKey, To: to}, nil
}

// DocumentSource returns the direction and sender of the first message
// that brought document id: filing decides by them whether an invoice is
// a vendor's. Both are empty when no message is left.
func DocumentSource(ctx context.Context, tx pgx.Tx, id int64) (direction, from string, err error) {
	err = tx.QueryRow(ctx, `SELECT m.direction, m.from_address FROM document_messages dm JOIN messages m ON m.id = dm.message_id
		WHERE dm.document_id = $1 ORDER BY m.id LIMIT 1`, id).Scan(&direction, &from)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("source of document %d: %w", id, err)
	}
	return direction, from, nil
}
