package storage

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/jackc/pgx/v5"
)

// KeyRelocation is a document whose browse key moved into its claim's
// folder, "offices/<slug>/claims/<job>/": from a key made before offices
// had folders ("claims/<job>/..."), before the office's slug changed, or
// before the claim's job number changed, to the same path under the
// claim's folder.
type KeyRelocation struct {
	DocumentID    int64
	SHA256        string // the original's, which the new key must hold
	Size          int64
	StampedSHA256 string // the stamped copy's; empty when there is none
	From, To      string
	// PDF says whether the document is a PDF (IsPDFFile), which its
	// stamped copy's name depends on.
	PDF bool
}

// StampedKeys returns where the stamped copy of r's document is readable
// before and after the move.
func (r KeyRelocation) StampedKeys() (from, to string) {
	return StampedBrowseKey(r.From, r.PDF), StampedBrowseKey(r.To, r.PDF)
}

// misplacedDocumentSQL finds the first document after $1 whose key is
// outside its claim's folder. The job number as the key would have it is a
// cheap first test; one that browseSegment changes is tested again in Go.
const (
	misplacedDocumentSQL = `
		SELECT d.id, d.claim_id, d.sha256, d.size, coalesce(d.stamped_sha256, ''), d.browse_key, o.slug, c.job_number,
		       d.filename, d.content_type
		FROM documents d JOIN claims c ON c.id = d.claim_id JOIN offices o ON o.id = c.office_id
		WHERE d.id > $1 AND NOT starts_with(d.browse_key, 'offices/' || o.slug || '/claims/' || c.job_number || '/')`
	misplacedDocumentOrder = `
		ORDER BY d.id LIMIT 1
		FOR UPDATE OF d`
)

// RelocationScope says which documents a relocation looks at, and what it
// does with one another transaction holds.
type RelocationScope struct {
	ClaimID int64 // the claim's documents; 0: every claim's
	// Wait waits for a document another transaction holds; otherwise it is
	// skipped, for a later pass to come back to. A run's last pass waits:
	// stamping records a stamped copy's key under its document's lock.
	Wait bool
}

// misplacedDocumentQuery is misplacedDocumentSQL for the documents after
// afterID in scope s: one claim's are found by its index rather than by
// going over every document.
func misplacedDocumentQuery(afterID int64, s RelocationScope) (string, []any) {
	query, args := misplacedDocumentSQL, []any{afterID}
	if s.ClaimID != 0 {
		query, args = query+` AND d.claim_id = $2`, append(args, s.ClaimID)
	}
	query += misplacedDocumentOrder
	if !s.Wait {
		query += ` SKIP LOCKED`
	}
	return query, args
}

// RelocateNextDocumentKey gives the first document after afterID (by id),
// in scope s, whose browse key lies outside its claim's folder the same
// path inside it, or a free name beside it, and retires the old key,
// within tx. The document stays locked until tx ends, and the new key is
// reserved: the caller copies the blobs before it commits. ok is false
// when no document after afterID is left.
func RelocateNextDocumentKey(ctx context.Context, tx pgx.Tx, afterID int64, s RelocationScope) (r KeyRelocation, ok bool, err error) {
	var (
		folder                ClaimFolder
		docClaim              int64
		filename, contentType string
	)
	query, args := misplacedDocumentQuery(afterID, s)
	for {
		err = tx.QueryRow(ctx, query, args...).Scan(&r.DocumentID, &docClaim, &r.SHA256, &r.Size, &r.StampedSHA256, &r.From,
			&folder.Office, &folder.Job, &filename, &contentType)
		if errors.Is(err, pgx.ErrNoRows) {
			return KeyRelocation{}, false, nil
		}
		if err != nil {
			return KeyRelocation{}, false, fmt.Errorf("find a browse key to relocate after document %d: %w", afterID, err)
		}
		if !strings.HasPrefix(r.From, folder.Key()) {
			break
		}
		args[0] = r.DocumentID
	}
	r.PDF = IsPDFFile(filename, contentType)
	prefix, ext, err := relocatedKeyBase(r.From, folder)
	if err != nil {
		return r, true, fmt.Errorf("document %d: %w", r.DocumentID, err)
	}
	r.To, err = setFreeBrowseKey(ctx, tx, docClaim, prefix, ext, func(sp pgx.Tx, key string) error {
		_, err := sp.Exec(ctx, `UPDATE documents SET browse_key = $2 WHERE id = $1`, r.DocumentID, key)
		return err
	})
	if err != nil {
		return r, true, fmt.Errorf("relocate document %d: %w", r.DocumentID, err)
	}
	if err := retireBrowseKey(ctx, tx, r.From); err != nil {
		return r, true, err
	}
	return r, true, nil
}

// relocatedKeyBase returns where key goes in the claim folder, split at
// its extension as browseKeyBase splits: the part under "claims/<job>/"
// kept, the claim's folder put before it.
func relocatedKeyBase(key string, folder ClaimFolder) (prefix, ext string, err error) {
	rest, ok := strings.CutPrefix(key, claimsSegment)
	if !ok {
		if inOffice, isOffice := strings.CutPrefix(key, officesSegment); isOffice {
			_, rest, ok = strings.Cut(inOffice, "/"+claimsSegment)
		}
	}
	if ok {
		_, rest, ok = strings.Cut(rest, "/") // the job's folder
	}
	if !ok || rest == "" {
		return "", "", fmt.Errorf("browse key %q is in no claim's folder: %w", key, ErrInvalid)
	}
	dir, name := path.Split(rest)
	stem, ext := splitExt(name)
	return folder.Key() + dir + stem, ext, nil
}

// RetiredBrowseKeys returns up to limit browse keys given up whose blobs
// may still be in the store, in key order after the key after.
func (db *DB) RetiredBrowseKeys(ctx context.Context, after string, limit int) ([]string, error) {
	keys, err := queryAll(ctx, db.pool, pgx.RowTo[string],
		`SELECT key FROM retired_browse_keys WHERE key > $1 ORDER BY key LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("read retired browse keys: %w", err)
	}
	return keys, nil
}
