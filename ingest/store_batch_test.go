package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// commitFault is the local store with batches whose Commit fails while
// failing is set: the process dying between writing a message's attachments
// and making them durable, a fault a real disk cannot be made to show on
// cue.
type commitFault struct {
	blob.Store
	failing bool
}

func (s *commitFault) NewBatch() blob.Batch {
	return &faultyBatch{Batch: blob.NewBatch(s.Store), s: s}
}

type faultyBatch struct {
	blob.Batch
	s *commitFault
}

func (b *faultyBatch) Commit(ctx context.Context) error {
	if b.s.failing {
		return errors.New("disk gone")
	}
	return b.Batch.Commit(ctx)
}

// TestProcessAttachmentsDurableBeforeFiling processes a message with two
// attachments whose blobs cannot be made durable: nothing is filed and no
// blob is left under their keys. Processed again, it is filed with each
// attachment readable at its browse key.
func TestProcessAttachmentsDurableBeforeFiling(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, _ := openDB(t)
	dir := t.TempDir()
	local, err := blob.Open(ctx, "file://"+dir)
	if err != nil {
		t.Fatal(err)
	}
	blobs := &commitFault{Store: local}
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	claim, err := db.CreateClaim(ctx, storage.Claim{ClaimNumber: "0683449786", InsuredName: "Patricia Smith"}, "", at, 0)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"readings.csv": "room,reading\r\nkitchen,17%\r\n",
		"notes.txt":    "Baseboards removed in the kitchen.\r\n",
	}
	raw := "From: Tom Tech <tom@smrestore.example>\r\nTo: claims@smrestore.example\r\nSubject: Readings claim 0683449786\r\n" +
		"Message-ID: <r1@smrestore.example>\r\nDate: " + at.Format(time.RFC1123Z) + "\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nDay 2 readings.\r\n"
	for _, name := range slices.Sorted(maps.Keys(files)) {
		raw += "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=" + name + "\r\n\r\n" + files[name] + "\r\n"
	}
	raw += "--b--\r\n"
	id := storeRawMessage(t, db, local, []byte(raw))

	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	p := NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir(), Filer: NewFiler(db, blobs, NewQueue(rc), time.UTC, log)}, log)

	blobs.failing = true
	if err := p.Process(ctx, id); err == nil {
		t.Fatal("processing with attachments that cannot be made durable succeeded")
	}
	if m, err := db.GetMessage(ctx, id); err != nil || m.Status == storage.StatusFiled {
		t.Fatalf("message after the failed store: status %q (%v), want not filed", m.Status, err)
	}
	for name, data := range files {
		if _, err := local.Stat(ctx, blob.ContentKey(sha256Hex(data))); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("%s after the failed store: %v, want no blob", name, err)
		}
	}
	if left, err := os.ReadDir(filepath.Join(dir, ".tmp")); err != nil || len(left) != 0 {
		t.Errorf("temporary files after the failed store: %v (%v), want none", left, err)
	}

	blobs.failing = false
	if err := p.Process(ctx, id); err != nil {
		t.Fatal(err)
	}
	if m, err := db.GetMessage(ctx, id); err != nil || m.Status != storage.StatusFiled {
		t.Fatalf("message after the retry: status %q (%v), want filed", m.Status, err)
	}
	docs, err := db.MessageDocuments(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range docs {
		rc, err := local.Get(ctx, d.BrowseKey)
		if err != nil {
			t.Fatalf("document %s: %v", d.Filename, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if d.ClaimID != claim.ID {
			t.Errorf("document %s in claim %d, want %d", d.Filename, d.ClaimID, claim.ID)
		}
		if d.ContentType != "message/rfc822" {
			got[d.Filename] = string(data)
		}
	}
	if len(docs) != len(files)+1 || len(got) != len(files) {
		t.Fatalf("documents %+v, want the %d attachments and the message", docs, len(files))
	}
	for name, data := range files {
		if got[name] != data {
			t.Errorf("%s at its browse key = %q, want %q", name, got[name], data)
		}
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
