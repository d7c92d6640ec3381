package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/internal/hostile"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestProcessTimeoutFailsMessage runs a message of ten thousand parts under
// a timeout far too short for it, as the job queue runs it: the run is cut
// off and the message recorded as failed with the reason, not retried; a
// person's retry under the normal timeout then gets it through.
func TestProcessTimeoutFailsMessage(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, blobs := openStores(t)
	var big hostile.Message
	for _, m := range hostile.Generated() {
		if m.Name == "parts-10000.eml" {
			big = m
		}
	}
	raw, err := io.ReadAll(big.Open())
	if err != nil {
		t.Fatal(err)
	}
	id := storeRawMessage(t, db, blobs, raw)

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	short := NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir(), Timeout: time.Millisecond}, log)
	job := &river.Job[ProcessArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 10}, Args: ProcessArgs{MessageID: id}}
	if got := short.Timeout(job); got != time.Millisecond {
		t.Fatalf("Timeout() = %v, want the configured 1ms", got)
	}
	// River runs each job under a context with the worker's timeout.
	jobCtx, cancel := context.WithTimeout(ctx, short.Timeout(job))
	err = short.Work(jobCtx, job)
	cancel()
	if err != nil {
		t.Fatalf("Work returned %v: a timed-out message must not be retried", err)
	}
	m, err := db.GetMessage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != storage.StatusFailed || !strings.Contains(m.Error, "processing took longer than 1ms") {
		t.Fatalf("after the timeout: status %q, error %q; want failed with the timeout as the reason", m.Status, m.Error)
	}

	normal := NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir()}, log)
	if got := normal.Timeout(job); got != ProcessTimeout {
		t.Errorf("default Timeout() = %v, want ProcessTimeout", got)
	}
	if err := normal.Process(ctx, id); err != nil {
		t.Fatal(err)
	}
	if m, err = db.GetMessage(ctx, id); err != nil {
		t.Fatal(err)
	}
	if m.Status != storage.StatusTriage {
		t.Errorf("retried: status %q (error %q), want triage (no claims in this database)", m.Status, m.Error)
	}
}

// openDB opens a database of the test's own, closed with the test, and
// returns it with its connection string.
func openDB(t *testing.T) (*storage.DB, string) {
	t.Helper()
	dsn := testenv.Postgres(t)
	db, err := storage.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db, dsn
}

// openStores opens a database of the test's own and a blob store in a
// temporary directory, both closed or removed with the test.
func openStores(t *testing.T) (*storage.DB, blob.Store) {
	t.Helper()
	db, _ := openDB(t)
	return db, localBlobs(t)
}

// localBlobs opens a blob store in a temporary directory of the test.
func localBlobs(t *testing.T) blob.Store {
	t.Helper()
	blobs, err := blob.Open(t.Context(), "file://"+t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return blobs
}

// storeRawMessage stores raw as the watcher does: the blob, then the row.
func storeRawMessage(t *testing.T, db *storage.DB, blobs blob.Store, raw []byte) int64 {
	t.Helper()
	return storeRawMessageUID(t, db, blobs, raw, 1)
}

// storeRawMessageUID is storeRawMessage for the message of IMAP UID uid.
func storeRawMessageUID(t testing.TB, db *storage.DB, blobs blob.Store, raw []byte, uid uint32) int64 {
	t.Helper()
	ctx := t.Context()
	sum := sha256.Sum256(raw)
	rawSHA := hex.EncodeToString(sum[:])
	if err := blobs.Put(ctx, blob.ContentKey(rawSHA), strings.NewReader(string(raw)), int64(len(raw))); err != nil {
		t.Fatal(err)
	}
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	env := mailparse.ReadEnvelope(strings.NewReader(string(raw)))
	var id int64
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{
			MailboxID: mb.ID, UIDValidity: 1, UID: uid, Direction: "in", RawSHA256: rawSHA, RawSize: int64(len(raw)),
			MessageID: env.MessageID, FromAddress: env.FromAddr, Subject: env.Subject, Status: storage.StatusNew,
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}
