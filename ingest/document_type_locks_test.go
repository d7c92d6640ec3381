package ingest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// setupRetype is a relocation bundle on store, with a filer and claim
// 26-1001-WTR of the main office.
func setupRetype(t *testing.T, store blob.Store) (*relocationBundle, *Filer, int64) {
	t.Helper()
	db, dsn := openDB(t)
	b := &relocationBundle{db: db, sql: testenv.SQL(t, dsn), blobs: store}
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	var claim int64
	if err := b.sql.QueryRow(t.Context(), `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1) RETURNING id`).Scan(&claim); err != nil {
		t.Fatal(err)
	}
	return b, NewFiler(db, store, NewQueue(rc), time.UTC, nil), claim
}

// addStampedPhoto files a PDF of claim as a photo received on March 2,
// stamped and published: its original and stamped copy are at its key
// in Photos.
func (b *relocationBundle) addStampedPhoto(t *testing.T, claim int64, name string, content, stamped []byte) (id int64, key string) {
	t.Helper()
	key = "offices/main/claims/26-1001-WTR/Photos/2026-03-02_" + name
	b.put(t, blob.ContentKey(hexSum(content)), content, true, key)
	b.put(t, blob.ContentKey(hexSum(stamped)), stamped, true, storage.StampedBrowseKey(key, true))
	if err := b.sql.QueryRow(t.Context(), `
		INSERT INTO documents (claim_id, office_id, sha256, size, filename, content_type, doc_type, folder, browse_key, stamped_sha256, received_at)
		VALUES ($1, 1, $2, $3, $4, 'application/pdf', 'photo', 'Photos', $5, $6, '2026-03-02 10:00Z') RETURNING id`,
		claim, hexSum(content), len(content), name, key, hexSum(stamped)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id, key
}

// A change of a document's type and a change of its claim's job number
// both go through when they meet: the rename locks the claim, then
// forgets the stamps of its documents; the type change waits for the
// claim before it takes the document, rather than holding the document
// while it waits for the claim (its history row refers to the claim),
// which made each wait for the other until Postgres ended one. The
// document then moves as the rename left it: without its stamped copy,
// whose copy in Contracts is deleted.
func TestDocumentTypeChangeAndRenameBothGoThrough(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	b, filer, claim := setupRetype(t, testStores[0].open(t))
	content, stamped := []byte("%PDF cos"), []byte("%PDF cos stamped")
	id, from := b.addStampedPhoto(t, claim, "cos.pdf", content, stamped)

	// The rename, step by step as Filer.UpdateClaim runs it.
	rename, err := b.sql.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer rename.Rollback(context.Background())
	var pid int
	if err := rename.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.LockClaimJobNumber(ctx, rename, claim); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := filer.ChangeDocumentType(ctx, id, "cos", "dana@office.example")
		done <- err
	}()
	testenv.WaitForBlocked(t, b.sql, pid, "%")
	_, renameErr := storage.ForgetClaimStamps(ctx, rename, claim)
	if renameErr == nil {
		renameErr = rename.Commit(ctx)
	}
	if typeErr := <-done; renameErr != nil || typeErr != nil {
		t.Fatalf("rename: %v\ntype change: %v", renameErr, typeErr)
	}

	doc, err := b.db.GetDocument(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	const to = "offices/main/claims/26-1001-WTR/Contracts/2026-03-02_cos.pdf"
	if doc.DocType != "cos" || doc.BrowseKey != to || doc.StampedSHA256 != "" {
		t.Errorf("after both: %s at %s, stamped %q; want cos at %s, its stamp to make again", doc.DocType, doc.BrowseKey, doc.StampedSHA256, to)
	}
	b.wantBlob(t, to, content)
	b.wantGone(t, storage.StampedBrowseKey(to, true))
	b.wantGone(t, from)
	b.wantGone(t, storage.StampedBrowseKey(from, true))
}

// copyHook is a blob store that runs hook once, before the first copy to a
// key that holds at.
type copyHook struct {
	blob.Store
	at   string
	once sync.Once
	hook func()
}

func (s *copyHook) Copy(ctx context.Context, src, dst string) error {
	if strings.Contains(dst, s.at) {
		s.once.Do(s.hook)
	}
	return s.Store.Copy(ctx, src, dst)
}

// A type change copies the document's files to its new folder holding no
// lock: a change of the claim's job number made while the copy is under
// way (a large PDF, a slow store) goes through at once. The type change
// then finds the document's claim renamed and its stamp forgotten, and
// moves it as it is now, into the new job's folder; the copy made for the
// old job's folder is deleted.
func TestDocumentTypeCopyHoldsUpNoClaimChange(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	store := &copyHook{Store: testStores[0].open(t), at: "/Contracts/"}
	b, filer, claim := setupRetype(t, store)
	content, stamped := []byte("%PDF certificate of satisfaction"), []byte("%PDF certificate of satisfaction, stamped")
	id, from := b.addStampedPhoto(t, claim, "COS.pdf", content, stamped)
	var renameErr error
	store.hook = func() {
		// Waiting for the copy to end would wait for ever: ten seconds,
		// for what takes milliseconds, says it waited.
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_, renameErr = filer.UpdateClaim(ctx, claim, storage.ClaimPatch{Fields: map[string]string{"job_number": "26-1002-WTR"}}, "lee@office.example")
	}

	doc, err := filer.ChangeDocumentType(ctx, id, "cos", "dana@office.example")
	if err != nil {
		t.Fatal(err)
	}
	if renameErr != nil {
		t.Fatalf("the rename made while the files were copied: %v", renameErr)
	}
	const to = "offices/main/claims/26-1002-WTR/Contracts/2026-03-02_COS.pdf"
	const oldJob = "offices/main/claims/26-1001-WTR/Contracts/2026-03-02_COS.pdf"
	if doc.DocType != "cos" || doc.BrowseKey != to || doc.StampedSHA256 != "" {
		t.Errorf("retyped: %s at %s, stamped %q; want cos at %s, its stamp to make again", doc.DocType, doc.BrowseKey, doc.StampedSHA256, to)
	}
	b.wantBlob(t, to, content)
	for _, key := range []string{oldJob, storage.StampedBrowseKey(oldJob, true), from, storage.StampedBrowseKey(from, true)} {
		b.wantGone(t, key)
	}
	var retired int
	if err := b.sql.QueryRow(ctx, `SELECT count(*) FROM retired_browse_keys`).Scan(&retired); err != nil || retired != 0 {
		t.Errorf("%d keys left retired (%v), want none", retired, err)
	}
}
