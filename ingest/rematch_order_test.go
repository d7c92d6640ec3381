package ingest

import (
	"bytes"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// rematchBundle is a message in triage waiting for claim 60-8H77-8H5, the
// claim, created since, and a message naming it stored for a processing
// run on a job queue the test starts.
type rematchBundle struct {
	db      *storage.DB
	sql     *pgxpool.Pool
	blobs   blob.Store
	rc      *river.Client[pgx.Tx]
	events  <-chan *river.Event
	proc    *Processor
	filer   *Filer
	waiting int64 // in triage
	filed   int64 // to be filed into claim
	claim   storage.Claim
}

// setupRematch stores and processes the waiting message, creates the
// claim, then stores raw (which names the claim) as the message to file.
func setupRematch(t *testing.T, raw []byte) *rematchBundle {
	t.Helper()
	b := setupTriaged(t)
	b.claim = b.createClaim(t)
	b.filed = storeRawMessageUID(t, b.db, b.blobs, raw, 2)
	return b
}

// setupTriaged stores and processes the waiting message, which names a
// claim number no claim has yet: it goes to triage.
func setupTriaged(t *testing.T) *rematchBundle {
	t.Helper()
	b := newRematchBundle(t)
	b.waiting = storeRawMessageUID(t, b.db, b.blobs, sampleMessage(0), 1)
	if err := b.proc.Process(t.Context(), b.waiting); err != nil {
		t.Fatal(err)
	}
	checkStatus(t, b.db, b.waiting, storage.StatusTriage)
	return b
}

// newRematchBundle makes the database, blob store, processor and job queue
// (not started) of a rematch test, with no message yet.
func newRematchBundle(t *testing.T) *rematchBundle {
	t.Helper()
	db, dsn := openDB(t)
	blobs := localBlobs(t)
	ws := river.NewWorkers()
	rc, events := testQueue(t, db, ws, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}})
	filer := NewFiler(db, blobs, NewQueue(rc), time.UTC, nil)
	proc := NewProcessor(db, blobs, ProcessorConfig{
		Classify: classify.Config{OfficeDomain: "office.example"}, TempDir: t.TempDir(), Filer: filer,
	}, slog.New(slog.DiscardHandler))
	river.AddWorker(ws, proc)
	river.AddWorker(ws, NewPublishWorker(db, blobs)) // a person's move queues publishing
	return &rematchBundle{db: db, sql: testenv.SQL(t, dsn), blobs: blobs, rc: rc, events: events, proc: proc, filer: filer}
}

// createClaim creates the claim the waiting message names.
func (b *rematchBundle) createClaim(t *testing.T) storage.Claim {
	t.Helper()
	c, err := b.db.CreateClaim(t.Context(), storage.Claim{ClaimNumber: "60-8H77-8H5", InsuredName: "Anderson"}, "", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// begin opens a transaction of the test's own, rolled back when the test
// ends, and returns it with its backend's pid.
func (b *rematchBundle) begin(t *testing.T) (pgx.Tx, int) {
	t.Helper()
	tx, err := b.sql.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback(t.Context()) })
	var pid int
	if err := tx.QueryRow(t.Context(), `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	return tx, pid
}

// startFiling queues the processing of the message to file and starts the
// job queue.
func (b *rematchBundle) startFiling(t *testing.T) {
	t.Helper()
	if _, err := b.rc.Insert(t.Context(), ProcessArgs{MessageID: b.filed}, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.rc.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// TestRematchIsQueuedAfterFiling files a message into a claim whose number
// a message in triage waits for, while another transaction has queued that
// message's rematch and not committed: the run waits for it only once its
// documents are filed, so that it holds nothing the other transaction may
// still need. Once the other transaction ends, the run files the message
// and the waiting message is matched.
func TestRematchIsQueuedAfterFiling(t *testing.T) {
	t.Parallel()
	b := setupRematch(t, sampleMessage(1))
	holder, holderPID := b.begin(t)
	if _, err := b.rc.InsertTx(t.Context(), holder, ProcessArgs{MessageID: b.waiting, Rematch: true}, nil); err != nil {
		t.Fatal(err)
	}
	b.startFiling(t)

	run := testenv.WaitForBlocked(t, b.sql, holderPID, "%river_job%")
	var filedDocs bool
	if err := b.sql.QueryRow(t.Context(), `SELECT EXISTS (SELECT FROM pg_locks
		WHERE pid = $1 AND relation = 'documents'::regclass AND mode = 'RowExclusiveLock' AND granted)`, run).Scan(&filedDocs); err != nil {
		t.Fatal(err)
	}
	if !filedDocs {
		t.Error("the run waits for the other transaction's rematch before filing its documents; want the rematch queued last")
	}
	if err := holder.Rollback(t.Context()); err != nil {
		t.Fatal(err)
	}
	waitForJobsDone(t, b.sql, b.events)
	checkStatus(t, b.db, b.filed, storage.StatusFiled)
	checkStatus(t, b.db, b.waiting, storage.StatusFiled)
}

// TestFilingBesideAClaimWriterDoesNotDeadlock files a scope, which fills in
// its claim's water category, while another transaction has written the
// claim's row and then queues the waiting message's rematch, as a run
// filing another message into the claim does: the two do not deadlock,
// and no job fails.
func TestFilingBesideAClaimWriterDoesNotDeadlock(t *testing.T) {
	t.Parallel()
	raw := bytes.Replace(sampleMessage(1), []byte("Subject: Update 1"), []byte("Subject: Scope 1"), 1)
	raw = bytes.Replace(raw, []byte("Any update"), []byte("CAT 2, Class 3. Any update"), 1)
	b := setupRematch(t, raw)
	ctx := t.Context()
	writer, writerPID := b.begin(t)
	if _, err := writer.Exec(ctx, `UPDATE claims SET updated_at = now() WHERE id = $1`, b.claim.ID); err != nil {
		t.Fatal(err)
	}
	b.startFiling(t)

	testenv.WaitForBlocked(t, b.sql, writerPID, "%UPDATE claims%")
	if _, err := b.rc.InsertTx(ctx, writer, ProcessArgs{MessageID: b.waiting, Rematch: true}, nil); err != nil {
		t.Fatal(err)
	}
	if err := writer.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	waitForJobsDone(t, b.sql, b.events)
	checkStatus(t, b.db, b.filed, storage.StatusFiled)
	checkStatus(t, b.db, b.waiting, storage.StatusFiled)
	var cat int
	if err := b.sql.QueryRow(ctx, `SELECT coalesce(cat, 0) FROM claims WHERE id = $1`, b.claim.ID).Scan(&cat); err != nil {
		t.Fatal(err)
	}
	if cat != 2 {
		t.Errorf("claim's water category %d; want 2, from the scope", cat)
	}
}

// waitForJobsDone waits until every job has finished, and fails the test
// if any run of one failed.
func waitForJobsDone(t *testing.T, sql *pgxpool.Pool, events <-chan *river.Event) {
	t.Helper()
	deadline := time.After(time.Minute)
	// Events say when to look again; the ticker covers a job whose state
	// is written after its event.
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		var pending int
		var failed []string
		err := sql.QueryRow(t.Context(), `SELECT count(*) FILTER (WHERE state NOT IN ('completed', 'discarded', 'cancelled')),
			coalesce(array_agg(errors[array_length(errors, 1)]->>'error') FILTER (WHERE errors IS NOT NULL), '{}')
			FROM river_job`).Scan(&pending, &failed)
		if err != nil {
			t.Fatal(err)
		}
		if len(failed) > 0 {
			t.Fatalf("jobs failed: %q", failed)
		}
		if pending == 0 {
			return
		}
		select {
		case <-events:
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%d jobs still pending", pending)
		}
	}
}

// checkStatus checks that message id has status want.
func checkStatus(t *testing.T, db *storage.DB, id int64, want string) {
	t.Helper()
	m, err := db.GetMessage(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != want {
		t.Errorf("message %d is %s; want %s", id, m.Status, want)
	}
}
