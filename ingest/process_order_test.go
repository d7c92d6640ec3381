package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/demo"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestAssignmentsNumberedInArrivalOrder processes the sample mailbox's first
// day, in which two claims arrive by e-mail (an XactAnalysis assignment,
// then an adjuster's "please accept this assignment"), with their jobs
// queued latest first: the claims still get their job numbers in the
// assignments' arrival order, the numbers the sample mail names later, and
// every message is filed to its labelled claim, also one processed before
// its claim was created.
func TestAssignmentsNumberedInArrivalOrder(t *testing.T) {
	t.Parallel()
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprintf("%d_workers", workers), func(t *testing.T) {
			t.Parallel()
			processDemoLatestFirst(t, workers)
		})
	}
}

func processDemoLatestFirst(t *testing.T, workers int) {
	ctx := t.Context()
	dsn := testenv.Postgres(t)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	rows, errs := storage.ReadClaimsCSV(bytes.NewReader(demo.ClaimsCSV()))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if _, _, errs := db.ImportClaims(ctx, rows); len(errs) > 0 {
		t.Fatal(errs)
	}
	blobs, err := blob.Open(ctx, "file://"+t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	mail, err := demo.Mail()
	if err != nil {
		t.Fatal(err)
	}
	// 0002.eml, whose scans wait for OCR, is left out. 0035.eml names the
	// second assignment's claim number, unlabelled, in its subject: it may
	// be processed before that claim exists.
	msgs := []demo.Message{mail[0], mail[2], mail[3], mail[34]}
	want := []string{"26-2107-WTR", "26-2101-WTR", "26-2108-WTR", "26-2108-WTR"}
	ids := make([]int64, len(msgs))
	for i, m := range msgs {
		ids[i] = storeDemoMessage(t, db, blobs, m, uint32(i+1))
	}

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ws := river.NewWorkers()
	river.AddWorker(ws, NewProcessor(db, blobs, ProcessorConfig{
		Classify: classify.Config{OfficeDomain: demo.OfficeDomain}, TempDir: t.TempDir(),
	}, log))
	rc, err := storage.NewQueueClient(db, &river.Config{
		Logger:            log,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: workers}},
		Workers:           ws,
		FetchCooldown:     5 * time.Millisecond,
		FetchPollInterval: 20 * time.Millisecond,
		TestOnly:          true,
	})
	if err != nil {
		t.Fatal(err)
	}
	events, cancelSub := rc.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobSnoozed)
	defer cancelSub()
	// Latest first: a queue that takes jobs in order processes the
	// second assignment before the first.
	for i := len(ids) - 1; i >= 0; i-- {
		if _, err := rc.Insert(ctx, ProcessArgs{MessageID: ids[i]}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := rc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = rc.Stop(ctx)
	})

	sql := testenv.SQL(t, dsn)
	deadline := time.After(2 * time.Minute)
	for pending := len(ids); pending > 0; {
		// Done when no message waits and no job (a rematch) is left.
		if err := sql.QueryRow(ctx, `SELECT (SELECT count(*) FROM messages WHERE id = ANY($1) AND status = 'new') +
			(SELECT count(*) FROM river_job WHERE state NOT IN ('completed', 'discarded', 'cancelled'))`, ids).Scan(&pending); err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			break
		}
		select {
		case <-events:
		case <-deadline:
			t.Fatalf("%d messages or jobs still pending", pending)
		}
	}
	for i, id := range ids {
		var status string
		var job string
		if err := sql.QueryRow(ctx, `SELECT m.status, coalesce(c.job_number, '') FROM messages m LEFT JOIN claims c ON c.id = m.claim_id WHERE m.id = $1`, id).Scan(&status, &job); err != nil {
			t.Fatal(err)
		}
		if job != want[i] {
			t.Errorf("%s: %s, claim %q; want filed to %s", msgs[i].Name, status, job, want[i])
		}
	}
	for number, job := range map[string]string{"52-9R13-4T7": "26-2107-WTR", "IB218-611902-01": "26-2108-WTR"} {
		var got string
		if err := sql.QueryRow(ctx, `SELECT job_number FROM claims WHERE claim_number = $1`, number).Scan(&got); err != nil {
			t.Fatalf("claim %s: %v", number, err)
		}
		if got != job {
			t.Errorf("claim %s got job number %s, want %s (assignments numbered in arrival order)", number, got, job)
		}
	}
}

// storeDemoMessage stores a sample message as the watcher does: raw bytes
// in the blob store, a row with its arrival time, waiting for processing.
func storeDemoMessage(t *testing.T, db *storage.DB, blobs blob.Store, m demo.Message, uid uint32) int64 {
	t.Helper()
	ctx := t.Context()
	sum := sha256.Sum256(m.Raw)
	rawSHA := hex.EncodeToString(sum[:])
	if err := blobs.Put(ctx, blob.ContentKey(rawSHA), bytes.NewReader(m.Raw), int64(len(m.Raw))); err != nil {
		t.Fatal(err)
	}
	mb, err := db.EnsureMailbox(ctx, "claims@"+demo.OfficeDomain, "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	env := mailparse.ReadEnvelope(bytes.NewReader(m.Raw))
	var id int64
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{
			MailboxID: mb.ID, UIDValidity: 1, UID: uid, Direction: "in", RawSHA256: rawSHA, RawSize: int64(len(m.Raw)),
			MessageID: env.MessageID, FromAddress: env.FromAddr, Subject: env.Subject, Status: storage.StatusNew,
			InternalDate: m.InternalDate, SentDate: m.InternalDate,
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}
