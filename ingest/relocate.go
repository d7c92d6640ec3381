package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Relocated says what RelocateBrowseKeys did.
type Relocated struct {
	// Moved counts the documents whose browse keys moved into their
	// office's folder.
	Moved int
	// Failed counts the documents left where they were, each logged with
	// its reason; a later run tries them again.
	Failed int
	// Deleted counts the old keys whose blobs were deleted, those a
	// stopped run left behind included.
	Deleted int
}

// errNotTheCopy reports a blob that is not the copy it should be.
var errNotTheCopy = errors.New("blob differs from the document")

// RelocateBrowseKeys moves every document's browse key that lies outside
// its office's folder into it: "claims/<job>/..." keys made before offices
// had folders, and keys of an office whose slug changed, become
// "offices/<slug>/claims/<job>/...". Per document, losing nothing: copy
// the blobs to the new key, read them back to check their size and
// SHA-256, record the new key (the old one retired) in the transaction
// that reserved it, and only then delete the old blobs.
//
// A run stopped anywhere is taken up by the next: a document not yet
// recorded is copied again, and old keys recorded but not yet deleted are
// deleted at the end of every run. Several processes may run it at once;
// each document is relocated by one. Filing and moves go on meanwhile.
func RelocateBrowseKeys(ctx context.Context, db *storage.DB, blobs blob.Store, log *slog.Logger) (Relocated, error) {
	var res Relocated
	var after int64
	for {
		r, ok, err := relocateNext(ctx, db, blobs, after)
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		if !ok {
			break
		}
		after = r.DocumentID
		if err != nil && !documentsOwn(err) {
			return res, err
		}
		if err != nil {
			// The document keeps its old key, which still reads as before.
			res.Failed++
			log.Warn("browse key not relocated", "document_id", r.DocumentID, "key", r.From, "err", err)
			continue
		}
		res.Moved++
		if err := deleteRetiredKey(ctx, db, blobs, r.From); err != nil {
			return res, err
		}
		res.Deleted++
	}
	n, err := deleteRetiredKeys(ctx, db, blobs)
	res.Deleted += n
	if err != nil {
		return res, err
	}
	if res.Failed > 0 {
		return res, fmt.Errorf("%d documents keep their old browse keys; the log says why", res.Failed)
	}
	return res, nil
}

// documentsOwn reports whether err is about one document (its blobs
// missing or not what the database says, its key unusable), which the
// other documents need not wait for; any other is the store's or the
// database's, and stops the run.
func documentsOwn(err error) bool {
	return errors.Is(err, blob.ErrNotFound) || errors.Is(err, errNotTheCopy) || errors.Is(err, blob.ErrInvalidKey) ||
		errors.Is(err, storage.ErrInvalid) || errors.Is(err, storage.ErrConflict)
}

// relocateNext relocates the first document after the one with id after
// that needs it. ok is false when none is left; with ok, err is about that
// document alone.
func relocateNext(ctx context.Context, db *storage.DB, blobs blob.Store, after int64) (r storage.KeyRelocation, ok bool, err error) {
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		r, ok, err = storage.RelocateNextDocumentKey(ctx, tx, after)
		if err != nil || !ok {
			return err
		}
		return copyRelocated(ctx, blobs, r)
	})
	if err != nil && !ok {
		return r, false, err
	}
	return r, ok, err
}

// copyRelocated puts the original of r, and its stamped copy when it has
// one, at r's new key, checked against the document.
func copyRelocated(ctx context.Context, blobs blob.Store, r storage.KeyRelocation) error {
	if err := copyChecked(ctx, blobs, r.From, r.To, r.SHA256, r.Size); err != nil {
		return err
	}
	if r.StampedSHA256 == "" {
		return nil
	}
	info, err := blobs.Stat(ctx, blob.ContentKey(r.StampedSHA256))
	if err != nil {
		return fmt.Errorf("stamped copy: %w", err)
	}
	return copyChecked(ctx, blobs, storage.StampedBrowseKey(r.From), storage.StampedBrowseKey(r.To), r.StampedSHA256, info.Size)
}

// copyChecked copies the blob under from to to, and reads it back to check
// that it holds size bytes of that SHA-256. A browse key that was never
// published (its filing's publish job still to run) is copied from the
// content-addressed blob. The new key was free in the database: whatever
// else is under it is the leftover of a run stopped before its record,
// and is replaced once.
func copyChecked(ctx context.Context, blobs blob.Store, from, to, sum string, size int64) error {
	copyIn := func() error {
		err := blobs.Copy(ctx, from, to)
		if errors.Is(err, blob.ErrNotFound) {
			err = blobs.Copy(ctx, blob.ContentKey(sum), to)
		}
		if err != nil {
			return fmt.Errorf("copy %s to %s: %w", from, to, err)
		}
		return checkBlob(ctx, blobs, to, sum, size)
	}
	err := copyIn()
	if !errors.Is(err, errNotTheCopy) {
		return err
	}
	if err := blobs.Delete(ctx, to); err != nil {
		return err
	}
	return copyIn()
}

// checkBlob reads the blob under key and checks its size and SHA-256.
func checkBlob(ctx context.Context, blobs blob.Store, key, sum string, size int64) error {
	rc, err := blobs.Get(ctx, key)
	if err != nil {
		return fmt.Errorf("check %s: %w", key, err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return fmt.Errorf("check %s: %w", key, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); n != size || got != sum {
		return fmt.Errorf("check %s: %d bytes of sha256 %s, want %d of %s: %w", key, n, got, size, sum, errNotTheCopy)
	}
	return nil
}

// deleteRetiredKeys deletes the blobs of every browse key given up and not
// yet deleted: those of a relocation or a move stopped after its record.
func deleteRetiredKeys(ctx context.Context, db *storage.DB, blobs blob.Store) (int, error) {
	const page = 500
	n, after := 0, ""
	for {
		keys, err := db.RetiredBrowseKeys(ctx, after, page)
		if err != nil {
			return n, err
		}
		for _, key := range keys {
			if err := deleteRetiredKey(ctx, db, blobs, key); err != nil {
				return n, err
			}
			n++
		}
		if len(keys) < page {
			return n, nil
		}
		after = keys[len(keys)-1]
	}
}
