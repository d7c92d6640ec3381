package ingest

import (
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestStampWaitsForTheBlobStore stamps a filed PDF on its last attempt
// while its S3 server is down: the stamp is not recorded as the file's
// failure but waits, snoozed, the document shown as being stamped; once
// the server is back, the next run stamps it.
func TestStampWaitsForTheBlobStore(t *testing.T) {
	t.Parallel()
	var srv *testenv.PrivateS3Server
	b := setupFiling(t, func(t *testing.T) blob.Store {
		srv = testenv.PrivateS3(t)
		s, err := blob.NewS3Store(t.Context(), blob.S3Config{Endpoint: srv.Endpoint, Bucket: srv.Bucket,
			AccessKey: srv.AccessKey, SecretKey: srv.SecretKey})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}, false)
	m := b.add(t, "00034.eml", time.Time{}, nil) // a 3 kB estimate and a 1 kB sketch
	job, _ := b.claimOf(t, m)
	b.file(t, m, job)
	var pdf storage.Document
	for _, d := range b.documents(t, m.id) {
		if Stampable(d) {
			pdf = d
		}
	}
	w := NewStampWorker(b.db, b.blobs, StampConfig{Location: b.loc, TempDir: b.tempDir}, nil)
	last := &river.Job[StampArgs]{JobRow: &rivertype.JobRow{Attempt: 10, MaxAttempts: 10}, Args: StampArgs{DocumentID: pdf.ID}}

	srv.Stop()
	err := w.Work(t.Context(), last)
	if !isSnooze(err) {
		t.Errorf("last attempt with the blob store down: %v; want the stamp to wait for it", err)
	}
	if d := b.document(t, pdf.ID); d.StampedSHA256 != "" || d.StampError != "" {
		t.Fatalf("%s with the blob store down: stamped %q, error %q; want neither, as being stamped", d.Filename, d.StampedSHA256, d.StampError)
	}
	srv.Start(t)
	if err := w.Work(t.Context(), last); err != nil {
		t.Fatalf("with the blob store back: %v", err)
	}
	b.requireOwnStampedCopy(t, b.document(t, pdf.ID))
}
