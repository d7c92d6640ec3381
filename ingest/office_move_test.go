package ingest

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/mailparse"
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

// TestProcessingRefusesAMessageMovedMeanwhile moves a mailbox's mail to
// another office while one of its messages is being classified in the old
// one: that run files nothing, and the next files the message into the
// claim of its new office, never the old office's.
func TestProcessingRefusesAMessageMovedMeanwhile(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	ctx := t.Context()
	raw := adjusterMail("moved-meanwhile", b.northMailbox, "Photos for claim 60-8H77-8H5", "Attached are the photos.")
	id := b.store(t, b.northMailbox, raw, time.Time{})
	read, err := b.db.GetMessage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := mailparse.ParseMessage(ctx, strings.NewReader(raw), &blobSink{blobs: b.blobs, tempDir: t.TempDir()}, mailparse.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}

	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if moved, err := MoveMailboxMail(ctx, b.db, NewQueue(rc), b.northMailbox, b.main.ID, "dana@office.example"); err != nil || moved.Messages != 1 {
		t.Fatalf("moved %+v, %v; want the message", moved, err)
	}
	err = b.p.classify(ctx, read, parsed, run{newToTriage: true})
	if !errors.Is(err, errTransient) || !strings.Contains(err.Error(), "moved from office") {
		t.Errorf("classifying the message read before its move: %v; want a transient error saying it moved", err)
	}
	if got := b.row(t, id); got.claimID != 0 || got.officeID != b.main.ID {
		t.Fatalf("after the run that read it before its move: claim %d of office %d; want no claim, office %d",
			got.claimID, got.officeID, b.main.ID)
	}
	if err := b.p.Process(ctx, id); err != nil {
		t.Fatal(err)
	}
	if got := b.row(t, id); got.status != storage.StatusFiled || got.claimID != b.mainClaim.ID || got.officeID != b.main.ID {
		t.Errorf("processed again: %s into claim %d of office %d; want filed into %d of office %d",
			got.status, got.claimID, got.officeID, b.mainClaim.ID, b.main.ID)
	}
}

// TestMailboxMailMoveWaitsForProcessing moves a mailbox's mail while one
// of its messages is being processed into a new claim of the old office,
// its row locked as processing locks it: the move waits for that
// processing to commit, then takes the claim made and its message along.
func TestMailboxMailMoveWaitsForProcessing(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	ctx := t.Context()
	id := b.store(t, b.northMailbox, adjusterMail("processing", b.northMailbox, "New assignment", "A new loss."), time.Time{})
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		moved storage.MailboxMail
		err   error
	}
	done := make(chan result, 1)
	var claim int64
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := storage.LockMessage(ctx, tx, id); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO claims (job_number, office_id, source_message_id) VALUES ('26-1001-WTR', $1, $2)
			RETURNING id`, b.north.ID, id).Scan(&claim)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE messages SET claim_id = $2, status = 'filed' WHERE id = $1`, id, claim); err != nil {
			return err
		}
		go func() {
			moved, err := MoveMailboxMail(ctx, b.db, NewQueue(rc), b.northMailbox, b.main.ID, "dana@office.example")
			done <- result{moved, err}
		}()
		return b.waitForLockWait(t)
	})
	if err != nil {
		t.Fatal(err)
	}
	res := <-done
	if res.err != nil || res.moved.Claims != 1 || res.moved.Messages != 0 {
		t.Fatalf("moved %+v, %v; want the claim made meanwhile", res.moved, res.err)
	}
	if got := b.row(t, id); got.claimID != claim || got.officeID != b.main.ID {
		t.Errorf("the message processed meanwhile: claim %d of office %d; want claim %d, moved to office %d",
			got.claimID, got.officeID, claim, b.main.ID)
	}
}

// TestProcessingLockLetsAClaimReferToTheMessage: while processing holds
// its message's lock (LockMessage), another worker may be creating
// that message's claim, an earlier assignment numbered before its own,
// while holding the job-number lock that this processing takes next. The
// claim's reference to the message must not wait for the lock, or the two
// workers wait for each other until Postgres ends one.
func TestProcessingLockLetsAClaimReferToTheMessage(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	ctx := t.Context()
	id := b.store(t, b.northMailbox, adjusterMail("processing", b.northMailbox, "New assignment", "A new loss."), time.Time{})
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		if _, err := storage.LockMessage(ctx, tx, id); err != nil {
			return err
		}
		return b.db.InTx(ctx, func(other pgx.Tx) error {
			// Refused rather than waited for: without the fix it would wait
			// as long as the first transaction lasts.
			if _, err := other.Exec(ctx, `SET LOCAL lock_timeout = '5s'`); err != nil {
				return err
			}
			_, err := other.Exec(ctx, `INSERT INTO claims (job_number, office_id, source_message_id) VALUES ('26-1001-WTR', $1, $2)`,
				b.north.ID, id)
			return err
		})
	})
	if err != nil {
		t.Fatalf("a claim made from a message being processed: %v", err)
	}
}

// waitForLockWait returns once a session of the test's database waits for
// a lock.
func (b *twoOffices) waitForLockWait(t *testing.T) error {
	deadline := time.Now().Add(time.Minute)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for range tick.C {
		var waiting int
		err := b.sql.QueryRow(t.Context(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting)
		if err != nil || waiting > 0 {
			return err
		}
		if time.Now().After(deadline) {
			break
		}
	}
	return errors.New("no session waits for a lock")
}

// TestMovedTriageMailIsMatchedInItsNewOffice moves a mailbox's mail to
// another office: a message that waited in triage because its office has
// no claim of the number it names is queued to be matched again, even
// while a matching in its old office is still running, and its new
// office's claim of that number takes it.
func TestMovedTriageMailIsMatchedInItsNewOffice(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	ctx := t.Context()
	claim, err := b.db.CreateClaim(ctx, storage.Claim{JobNumber: "26-0007-WTR", ClaimNumber: "0683449786", Carrier: "Allstate",
		OfficeID: b.main.ID}, "", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), 0)
	if err != nil {
		t.Fatal(err)
	}
	waiting := b.receiveNamingClaim(t)

	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A matching of the message in north is still under way, as far as
	// the queue knows: it committed before the move took the message.
	under, err := rc.Insert(ctx, ProcessArgs{MessageID: waiting.id, Rematch: true}, nil)
	if err == nil {
		_, err = b.sql.Exec(ctx, `UPDATE river_job SET state = 'running', attempt = 1, attempted_at = now() WHERE id = $1`, under.Job.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	moved, err := MoveMailboxMail(ctx, b.db, NewQueue(rc), b.northMailbox, b.main.ID, "dana@office.example")
	if err != nil || moved.Messages != 1 || !slices.Equal(moved.InTriage, []int64{waiting.id}) {
		t.Fatalf("moved %+v, %v; want message %d, in triage", moved, err, waiting.id)
	}
	rematch := b.queuedRematch(t, waiting.id)
	if rematch.MovedTo != b.main.ID {
		t.Fatalf("job queued for the moved message: %+v; want its matching again in office %d", rematch, b.main.ID)
	}
	b.rematchFiles(t, waiting.id, rematch, claim.ID)
}

// TestMailNamingAMovedClaimIsMatchedAgain moves a mailbox's mail, and the
// claim made from it, to the office whose triage holds mail naming that
// claim's number, which the office had no claim of: the mail is queued to
// be matched again, and the claim takes it.
func TestMailNamingAMovedClaimIsMatchedAgain(t *testing.T) {
	t.Parallel()
	b := setupTwoOffices(t)
	ctx := t.Context()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	source := b.receiveAt(t, b.northMailbox, adjusterMail("claim-source", b.northMailbox, "Hello", "Nothing to match."), at)
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET office_id = $2 WHERE id = $1`, source.id, b.main.ID); err != nil {
		t.Fatal(err)
	}
	claim, err := b.db.CreateClaim(ctx, storage.Claim{JobNumber: "26-0002-WTR", ClaimNumber: "0683449786", OfficeID: b.main.ID}, "", at, source.id)
	if err != nil {
		t.Fatal(err)
	}
	waiting := b.receiveNamingClaim(t)
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	moved, err := MoveMailboxMail(ctx, b.db, NewQueue(rc), b.northMailbox, b.north.ID, "dana@office.example")
	if err != nil || !slices.Equal(moved.MovedClaims, []int64{claim.ID}) {
		t.Fatalf("moved %+v, %v; want claim %d", moved, err, claim.ID)
	}
	b.rematchFiles(t, waiting.id, b.queuedRematch(t, waiting.id), claim.ID)
}

// receiveNamingClaim receives, in north's mailbox, mail naming claim
// 0683449786, which north has none of: it waits in triage.
func (b *twoOffices) receiveNamingClaim(t *testing.T) messageRow {
	t.Helper()
	waiting := b.receive(t, b.northMailbox, adjusterMail("triage", b.northMailbox, "Claim 0683449786", "Photos of the kitchen attached."))
	if waiting.status != storage.StatusTriage {
		t.Fatalf("in north, which has no claim 0683449786: %s; want triage", waiting.status)
	}
	return waiting
}

// queuedRematch returns the arguments of the job waiting to process
// message id, failing unless it is a matching again.
func (b *twoOffices) queuedRematch(t *testing.T, id int64) ProcessArgs {
	t.Helper()
	var rematch ProcessArgs
	err := b.sql.QueryRow(t.Context(), `SELECT args FROM river_job WHERE kind = $1 AND state = 'available'
		AND (args->>'message_id')::bigint = $2`, ProcessArgs{}.Kind(), id).Scan(&rematch)
	if err != nil || !rematch.Rematch {
		t.Fatalf("job queued for message %d: %+v, %v; want its matching again", id, rematch, err)
	}
	return rematch
}

// rematchFiles runs the matching again of message id and checks it files
// the message into claim.
func (b *twoOffices) rematchFiles(t *testing.T, id int64, rematch ProcessArgs, claim int64) {
	t.Helper()
	if err := b.p.process(t.Context(), id, rematch, nil); err != nil {
		t.Fatal(err)
	}
	if got := b.row(t, id); got.status != storage.StatusFiled || got.claimID != claim {
		t.Errorf("matched again: %s into claim %d; want filed into %d", got.status, got.claimID, claim)
	}
}
