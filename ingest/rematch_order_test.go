package ingest

import (
	"errors"
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

// TestRematchIsQueuedAfterFiling files a message into a claim whose number
// a message in triage waits for, while another transaction has queued that
// message's rematch and not committed: the run waits for it only once its
// documents are filed, so that it holds nothing the other transaction may
// still need (two runs filing into one claim deadlocked when the rematch
// came first). Once the other transaction ends, the run files the message
// and the waiting message is matched.
func TestRematchIsQueuedAfterFiling(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, dsn := openDB(t)
	sql := testenv.SQL(t, dsn)
	blobs, err := blob.Open(ctx, "file://"+t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ws := river.NewWorkers()
	rc, events := testQueue(t, db, ws, map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}})
	proc := NewProcessor(db, blobs, ProcessorConfig{
		Classify: classify.Config{OfficeDomain: "office.example"}, TempDir: t.TempDir(),
		Filer: NewFiler(db, blobs, NewQueue(rc), time.UTC, nil),
	}, slog.New(slog.DiscardHandler))
	river.AddWorker(ws, proc)

	// Both name claim 60-8H77-8H5: the first before the claim exists.
	waiting := storeRawMessageUID(t, db, blobs, sampleMessage(0), 1)
	if err := proc.Process(ctx, waiting); err != nil {
		t.Fatal(err)
	}
	checkStatus(t, db, waiting, storage.StatusTriage)
	if _, err := db.CreateClaim(ctx, storage.Claim{ClaimNumber: "60-8H77-8H5", InsuredName: "Anderson"}, "", time.Now(), 0); err != nil {
		t.Fatal(err)
	}
	filed := storeRawMessageUID(t, db, blobs, sampleMessage(1), 2)

	holder, err := sql.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback(ctx)
	var holderPID int
	if err := holder.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&holderPID); err != nil {
		t.Fatal(err)
	}
	if _, err := rc.InsertTx(ctx, holder, ProcessArgs{MessageID: waiting, Rematch: true}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := rc.Insert(ctx, ProcessArgs{MessageID: filed}, nil); err != nil {
		t.Fatal(err)
	}
	if err := rc.Start(ctx); err != nil {
		t.Fatal(err)
	}

	run := waitForBlocked(t, sql, holderPID)
	var filedDocs bool
	if err := sql.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_locks
		WHERE pid = $1 AND relation = 'documents'::regclass AND mode = 'RowExclusiveLock' AND granted)`, run).Scan(&filedDocs); err != nil {
		t.Fatal(err)
	}
	if !filedDocs {
		t.Error("the run waits for the other transaction's rematch before filing its documents; want the rematch queued last")
	}
	if err := holder.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	waitForJobsDone(t, sql, events)
	checkStatus(t, db, filed, storage.StatusFiled)
	checkStatus(t, db, waiting, storage.StatusFiled)
}

// waitForBlocked returns the backend whose job insert waits for a lock of
// backend pid, polled until one does.
func waitForBlocked(t *testing.T, sql *pgxpool.Pool, pid int) int {
	t.Helper()
	deadline := time.After(time.Minute)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		var blocked int
		err := sql.QueryRow(t.Context(), `SELECT pid FROM pg_stat_activity
			WHERE $1 = ANY(pg_blocking_pids(pid)) AND query LIKE '%river_job%'`, pid).Scan(&blocked)
		if err == nil {
			return blocked
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatal("no backend waited for the transaction holding the rematch")
		}
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
