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
	// Move is the document's move to the new folder that PlanTypeMove
	// reserved and the caller copied the files for; empty when the folder
	// stays.
	Move KeyRelocation
}

// ErrStaleMove reports a change whose planned move no longer fits the
// document: it, its stamped copy or its claim's folder changed since, or
// its reserved name was taken back. The caller drops the copy it made and
// plans again.
var ErrStaleMove = errors.New("the document changed since its move was planned")

// ChangedType says what ChangeDocumentType did.
type ChangedType struct {
	Before, After Document
	// Moved is the document's move to a browse key in its new folder
	// (TypeChange.Move), recorded and the old key retired; To is empty when
	// the folder stays (an ATP that is a COS).
	Moved KeyRelocation
}

// PlanTypeMove plans, within tx, the move of document id to folder, which
// a change of its type takes it to: a free browse key there, reserved as
// a retired key is (no document takes it, and deleting the retired keys
// deletes whatever is under it), for the caller to copy the document's
// files to before ChangeDocumentType records the move and takes the key.
// A caller that does not get that far releases it with its blobs
// (ReleaseRetiredBrowseKeys). Nothing is reserved (To empty) when the
// document stays in its folder, or is not one to retype. (A filing whose
// statement began before the reservation committed may still take the
// name: the change is then ErrStaleMove, and the release leaves that
// document's files.)
//
// The copy is made outside the transaction that locks the document and
// its claim: a large file on a slow store would hold up every change of
// the claim meanwhile.
func PlanTypeMove(ctx context.Context, tx pgx.Tx, id int64, folder string, loc *time.Location) (KeyRelocation, error) {
	d, err := scanDocument(tx.QueryRow(ctx, documentSelect+` WHERE d.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return KeyRelocation{}, fmt.Errorf("document %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return KeyRelocation{}, fmt.Errorf("read document %d: %w", id, err)
	}
	if d.Folder == folder || d.DocType == DocTypeCorrespondence || folder == "" || folder == FolderCorrespondence {
		return KeyRelocation{}, nil
	}
	claim, err := ClaimFolderOf(ctx, tx, d.ClaimID)
	if err != nil {
		return KeyRelocation{}, err
	}
	prefix, ext := browseKeyBase(claim, folder, d.ReceivedAt, loc, d.Filename, d.IsPDF())
	to, err := reserveBrowseKey(ctx, tx, d, prefix, ext)
	if err != nil {
		return KeyRelocation{}, err
	}
	return KeyRelocation{DocumentID: d.ID, SHA256: d.SHA256, Size: d.Size, StampedSHA256: d.StampedSHA256,
		From: d.BrowseKey, To: to, PDF: d.IsPDF()}, nil
}

// reserveBrowseKey reserves for document d the first free name
// (takenKeys.blocks) among prefix+ext, prefix_2+ext, ... in its claim's
// folder (see PlanTypeMove).
// Each name is first tried on d in a savepoint rolled back at once, so
// that the unique indexes make a transaction that took the name or its
// twin and has yet to commit show it; a name another plan reserved first
// is taken too.
func reserveBrowseKey(ctx context.Context, tx pgx.Tx, d Document, prefix, ext string) (string, error) {
	taken, err := takenBrowseKeys(ctx, tx, d.ClaimID, prefix)
	if err != nil {
		return "", err
	}
	for n := 1; n <= maxBrowseSuffix; n++ {
		key := browseCandidate(prefix, ext, n)
		if taken.blocks(key) {
			continue
		}
		sp, err := tx.Begin(ctx)
		if err != nil {
			return "", err
		}
		_, err = sp.Exec(ctx, `UPDATE documents SET browse_key = $2 WHERE id = $1`, d.ID, key)
		if rerr := sp.Rollback(ctx); rerr != nil {
			return "", rerr
		}
		if isUniqueViolation(err) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("try %s for document %d: %w", key, d.ID, err)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO retired_browse_keys (key) VALUES ($1) ON CONFLICT DO NOTHING`, key)
		if err != nil {
			return "", fmt.Errorf("reserve browse key %s: %w", key, err)
		}
		if tag.RowsAffected() == 1 {
			return key, nil
		}
	}
	return "", fmt.Errorf("no free name for %s%s: %w", prefix, ext, ErrConflict)
}

// ChangeDocumentType gives document c.DocumentID the type a person chose,
// within tx, for good: TypeSetBy names them, and the pipeline never types
// the document again. A check of its signatures is forgotten (whatever was
// checked, it was checked as another form, or as no form at all), and so
// are the drafts asking for a new signed copy of it. The claim's history
// records the change. In a new folder the document takes the browse key
// planned there (c.Move), or the change is ErrStaleMove. A filed message
// stays correspondence (ErrInvalid); the type it has already is only
// recorded as the person's.
//
// The claim is locked before the document, as a change of the claim's
// job number locks them (LockClaimJobNumber, then its documents), and
// for what the caller changes of the claim's stages in tx.
func ChangeDocumentType(ctx context.Context, tx pgx.Tx, c TypeChange, loc *time.Location) (ChangedType, error) {
	if strings.TrimSpace(c.Actor) == "" {
		return ChangedType{}, errors.New("change document type: no actor for the claim's history")
	}
	d, err := lockDocumentForChange(ctx, tx, c.DocumentID)
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
	if c.Folder == d.Folder && c.Move.To == "" {
		err = set(tx, d.BrowseKey)
	} else {
		out.Moved, err = takePlannedKey(ctx, tx, d, c, loc, set)
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

// takePlannedKey gives document d, with set, the browse key c.Move
// reserved for it in c.Folder, and retires its old one: ErrStaleMove
// unless the plan still fits d as it is now.
func takePlannedKey(ctx context.Context, tx pgx.Tx, d Document, c TypeChange, loc *time.Location, set func(q pgx.Tx, key string) error) (KeyRelocation, error) {
	m := c.Move
	claim, err := ClaimFolderOf(ctx, tx, d.ClaimID)
	if err != nil {
		return KeyRelocation{}, err
	}
	prefix, _ := browseKeyBase(claim, c.Folder, d.ReceivedAt, loc, d.Filename, d.IsPDF())
	if c.Folder == d.Folder || m.DocumentID != d.ID || m.From != d.BrowseKey || m.SHA256 != d.SHA256 ||
		m.StampedSHA256 != d.StampedSHA256 || !strings.HasPrefix(m.To, prefix) {
		return KeyRelocation{}, ErrStaleMove
	}
	tag, err := tx.Exec(ctx, `DELETE FROM retired_browse_keys WHERE key = $1`, m.To)
	if err != nil {
		return KeyRelocation{}, fmt.Errorf("take reserved key %s: %w", m.To, err)
	}
	if tag.RowsAffected() == 0 {
		return KeyRelocation{}, ErrStaleMove // released meanwhile, with the copy
	}
	if err := set(tx, m.To); isUniqueViolation(err) {
		return KeyRelocation{}, ErrStaleMove
	} else if err != nil {
		return KeyRelocation{}, err
	}
	if err := retireBrowseKey(ctx, tx, d.BrowseKey); err != nil {
		return KeyRelocation{}, err
	}
	return m, nil
}

// lockDocumentForChange locks document id for update within tx, its claim
// first (see ChangeDocumentType): the claim it is in is read, locked, and
// the document locked and read again, in case it moved to another claim
// meanwhile.
func lockDocumentForChange(ctx context.Context, tx pgx.Tx, id int64) (Document, error) {
	for range 3 {
		var claimID int64
		err := tx.QueryRow(ctx, `SELECT claim_id FROM documents WHERE id = $1`, id).Scan(&claimID)
		if errors.Is(err, pgx.ErrNoRows) {
			return Document{}, fmt.Errorf("document %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return Document{}, fmt.Errorf("claim of document %d: %w", id, err)
		}
		if err := LockClaimsForChange(ctx, tx, claimID); err != nil {
			return Document{}, err
		}
		d, err := lockDocument(ctx, tx, id, "FOR UPDATE OF d")
		if err != nil || d.ClaimID == claimID {
			return d, err
		}
	}
	return Document{}, fmt.Errorf("document %d moves from claim to claim: %w", id, ErrConflict)
}

// LockClaimsForChange locks claims ids within tx, in the order of their
// ids, for changes of their documents and stages: every such change locks
// the claims before the documents (a change of the job number locks the
// claim, then updates its documents), or two could each wait for the
// other. NO KEY: filing adds rows that refer to the claims meanwhile. A
// missing claim is not an error here.
func LockClaimsForChange(ctx context.Context, tx pgx.Tx, ids ...int64) error {
	if _, err := tx.Exec(ctx, `SELECT FROM claims WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE`, ids); err != nil {
		return fmt.Errorf("lock claims %v: %w", ids, err)
	}
	return nil
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
