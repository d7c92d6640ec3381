package ingest

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// zones are offices' calendars that differ only in their time zone.
type zones map[int64]*time.Location

func (z zones) For(office int64) sla.OfficeRules {
	return sla.OfficeRules{Calendar: sla.NewCalendar(z[office], sla.Hours{})}
}

// TestMovedClaimIsStampedInItsNewOffice moves the claims made from a
// mailbox's mail to an office in another time zone: the moved claim's
// stamped PDF loses its old stamped copy in the move, and is stamped again
// from its original, its received time in the new office's zone.
func TestMovedClaimIsStampedInItsNewOffice(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	ctx := t.Context()
	at := time.Date(2026, 3, 2, 22, 30, 0, 0, time.UTC)
	msg := b.receiveAt(t, b.northMailbox, adjusterMail("claim-source", b.northMailbox, "Hello", "Nothing to match."), at)
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET office_id = $2 WHERE id = $1`, msg.id, b.main.ID); err != nil {
		t.Fatal(err)
	}
	claim, err := b.db.CreateClaim(ctx, storage.Claim{JobNumber: "26-0002-WTR", OfficeID: b.main.ID}, "", at, msg.id)
	if err != nil {
		t.Fatal(err)
	}
	pdf := pdftest.Objects("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")
	sum := hexSum(pdf)
	if err := b.blobs.Put(ctx, blob.ContentKey(sum), bytes.NewReader(pdf), int64(len(pdf))); err != nil {
		t.Fatal(err)
	}
	var doc int64
	err = b.sql.QueryRow(ctx, `INSERT INTO documents (claim_id, office_id, sha256, size, filename, content_type, doc_type,
			folder, browse_key, stamped_sha256, received_at)
		VALUES ($1, $2, $3, $4, 'Estimate.pdf', 'application/pdf', 'estimate', 'Estimates',
			'offices/main/claims/26-0002-WTR/Estimates/2026-03-02_Estimate.pdf', $3, $5) RETURNING id`,
		claim.ID, b.main.ID, sum, len(pdf), at).Scan(&doc)
	if err != nil {
		t.Fatal(err)
	}

	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	moved, err := MoveMailboxMail(ctx, b.db, NewQueue(rc), b.northMailbox, b.north.ID, "dana@office.example")
	if err != nil || len(moved.MovedClaims) != 1 || moved.MovedClaims[0] != claim.ID {
		t.Fatalf("moved %+v, %v; want claim %d", moved, err, claim.ID)
	}
	var stamped *string
	var queued int
	err = b.sql.QueryRow(ctx, `SELECT stamped_sha256, (SELECT count(*) FROM river_job WHERE kind = 'stamp_document'
		AND queue = $2 AND (args->>'document_id')::bigint = $1) FROM documents WHERE id = $1`, doc, StampQueue).Scan(&stamped, &queued)
	if err != nil {
		t.Fatal(err)
	}
	if stamped != nil || queued != 1 {
		t.Fatalf("after the move: stamped copy %v, %d stamp jobs; want none, and one job", stamped, queued)
	}

	pacific, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	w := NewStampWorker(b.db, b.blobs, StampConfig{Location: time.UTC, Offices: zones{b.main.ID: time.UTC, b.north.ID: pacific},
		TempDir: t.TempDir()}, nil)
	if err := w.Work(ctx, &river.Job[StampArgs]{Args: StampArgs{DocumentID: doc}}); err != nil {
		t.Fatal(err)
	}
	d, err := b.db.GetDocument(ctx, doc)
	if err != nil || d.StampedSHA256 == "" {
		t.Fatalf("document after stamping: %+v, %v", d, err)
	}
	rd, err := b.blobs.Get(ctx, blob.ContentKey(d.StampedSHA256))
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var copyPDF bytes.Buffer
	if _, err := copyPDF.ReadFrom(rd); err != nil {
		t.Fatal(err)
	}
	if text := pdftest.CheckedText(t, "stamped copy", copyPDF.Bytes()); !strings.Contains(text, "RECEIVED 2026-03-02 14:30 PST · 26-0002-WTR") {
		t.Errorf("stamped copy reads %q; want it received at 14:30 PST, north's zone", text)
	}
}
