package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"

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
// its claim's folder into it: "claims/<job>/..." keys made before offices
// had folders, keys of an office whose slug changed and keys of a claim
// whose job number changed become "offices/<slug>/claims/<job>/...". Per document, losing nothing: copy
// the blobs to the new key, read them back to check their size and
// SHA-256, record the new key (the old one retired) in the transaction
// that reserved it, and only then delete the old blobs.
//
// A run stopped anywhere is taken up by the next: a document not yet
// recorded is copied again, and old keys recorded but not yet deleted are
// deleted at the end of every run. Several processes may run it at once;
// each document is relocated by one. Filing and moves go on meanwhile: a
// document they hold is passed over, and the run goes over the documents
// again until a pass moves none; then a last pass waits for those still
// held.
func RelocateBrowseKeys(ctx context.Context, db *storage.DB, blobs blob.Store, log *slog.Logger) (Relocated, error) {
	return relocateKeys(ctx, db, blobs, 0, log)
}

// RelocateClaimBrowseKeys is RelocateBrowseKeys for the documents of one
// claim: after its job number changed.
func RelocateClaimBrowseKeys(ctx context.Context, db *storage.DB, blobs blob.Store, claimID int64, log *slog.Logger) (Relocated, error) {
	return relocateKeys(ctx, db, blobs, claimID, log)
}

// relocateKeys relocates the documents of claim claimID, or of every
// claim when it is 0.
func relocateKeys(ctx context.Context, db *storage.DB, blobs blob.Store, claimID int64, log *slog.Logger) (Relocated, error) {
	var res Relocated
	// Passes skip the documents other transactions hold, and come back
	// while they move any; the last waits for those still held: a stamped
	// copy being recorded under the old key, say.
	scope := storage.RelocationScope{ClaimID: claimID}
	for {
		pass, err := relocatePass(ctx, db, blobs, scope, log)
		res.Moved += pass.Moved
		res.Deleted += pass.Deleted
		res.Failed = pass.Failed // the same documents fail in every pass
		if err != nil {
			return res, err
		}
		if pass.Moved == 0 && scope.Wait {
			break
		}
		scope.Wait = pass.Moved == 0
	}
	n, err := deleteAllRetiredKeys(ctx, db, blobs)
	res.Deleted += n
	if err != nil {
		return res, err
	}
	if res.Failed > 0 {
		return res, fmt.Errorf("%d documents keep their old browse keys; the log says why", res.Failed)
	}
	return res, nil
}

// relocatePass relocates the documents in scope that need it, by id, once.
func relocatePass(ctx context.Context, db *storage.DB, blobs blob.Store, scope storage.RelocationScope, log *slog.Logger) (Relocated, error) {
	var res Relocated
	var after int64
	for {
		moved, last, err := relocateSome(ctx, db, blobs, scope, after, &res, log)
		if err != nil || last == after {
			return res, err
		}
		after = last
		n, err := deleteRetiredKeys(ctx, db, blobs, moved)
		res.Deleted += n
		if err != nil {
			return res, err
		}
	}
}

// relocateBatch is how many documents one transaction relocates: its
// commit waits for the disk once for them all.
const relocateBatch = 32

// relocateSome relocates up to relocateBatch documents after the one with
// id after, in one transaction, and returns the old keys it retired and
// the last document it looked at (after when none is left). A document's
// own failure leaves that document as it was and is counted in res.
func relocateSome(ctx context.Context, db *storage.DB, blobs blob.Store, scope storage.RelocationScope, after int64, res *Relocated, log *slog.Logger) (retired []string, last int64, err error) {
	last = after
	var failed int
	batch := relocateBatch
	if scope.Wait {
		batch = 1 // a transaction that waits holds no other document
	}
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		for range batch {
			r, ok, err := relocateOne(ctx, tx, blobs, scope, last)
			if !ok {
				return err
			}
			last = r.DocumentID
			switch {
			case err == nil:
				retired = append(retired, r.From)
			case documentsOwn(err):
				// The document keeps its old key, which still reads as before.
				failed++
				log.Warn("browse key not relocated", "document_id", r.DocumentID, "key", r.From, "err", err)
			default:
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, after, err
	}
	res.Moved += len(retired)
	res.Failed += failed
	return retired, last, nil
}

// relocateOne relocates the first document after the one with id after
// that needs it, in a savepoint of tx that a failure rolls back. ok is false
// when none is left; with ok, err is about that document.
func relocateOne(ctx context.Context, tx pgx.Tx, blobs blob.Store, scope storage.RelocationScope, after int64) (r storage.KeyRelocation, ok bool, err error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return r, false, fmt.Errorf("relocate a browse key: %w", err)
	}
	r, ok, err = storage.RelocateNextDocumentKey(ctx, sp, after, scope)
	if err == nil && ok {
		err = copyRelocated(ctx, blobs, r)
	}
	if err == nil && ok {
		return r, true, sp.Commit(ctx)
	}
	if rerr := sp.Rollback(ctx); rerr != nil {
		return r, false, fmt.Errorf("relocate a browse key: %w", rerr)
	}
	return r, ok, err
}

// documentsOwn reports whether err is about one document (its blobs
// missing or not what the database says, its key unusable), which the
// other documents need not wait for; any other is the store's or the
// database's, and stops the run.
func documentsOwn(err error) bool {
	return errors.Is(err, blob.ErrNotFound) || errors.Is(err, errNotTheCopy) || errors.Is(err, blob.ErrInvalidKey) ||
		errors.Is(err, storage.ErrInvalid) || errors.Is(err, storage.ErrConflict)
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
	from, to := r.StampedKeys()
	return copyChecked(ctx, blobs, from, to, r.StampedSHA256, info.Size)
}

// copyChecked copies the blob under from to to, and reads it back to check
// that it holds size bytes of that SHA-256. A browse key that was never
// published (its filing's publish job still to run) is copied from the
// content-addressed blob. The new key was free in the database: whatever
// else is under it is the leftover of a run stopped before its record,
// and is replaced once, from the content-addressed blob: from may hold
// another document's file (two pictures' and PDFs' stamped copies shared
// a key before filing kept their names apart).
func copyChecked(ctx context.Context, blobs blob.Store, from, to, sum string, size int64) error {
	copyIn := func(from string) error {
		err := blobs.Copy(ctx, from, to)
		if errors.Is(err, blob.ErrNotFound) {
			err = blobs.Copy(ctx, blob.ContentKey(sum), to)
		}
		if err != nil {
			return fmt.Errorf("copy %s to %s: %w", from, to, err)
		}
		return checkBlob(ctx, blobs, to, sum, size)
	}
	err := copyIn(from)
	if !errors.Is(err, errNotTheCopy) {
		return err
	}
	if err := blobs.Delete(ctx, to); err != nil {
		return err
	}
	return copyIn(blob.ContentKey(sum))
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

// deleteAllRetiredKeys deletes the blobs of every browse key given up and
// not yet deleted: those of a relocation or a move stopped after its
// record.
func deleteAllRetiredKeys(ctx context.Context, db *storage.DB, blobs blob.Store) (int, error) {
	const page = 500
	n, after := 0, ""
	for {
		keys, err := db.RetiredBrowseKeys(ctx, after, page)
		if err != nil {
			return n, err
		}
		for batch := range slices.Chunk(keys, relocateBatch) {
			deleted, err := deleteRetiredKeys(ctx, db, blobs, batch)
			n += deleted
			if err != nil {
				return n, err
			}
		}
		if len(keys) < page {
			return n, nil
		}
		after = keys[len(keys)-1]
	}
}
