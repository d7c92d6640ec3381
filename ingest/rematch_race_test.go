package ingest

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestRematchLeavesWhatAPersonDecidedMeanwhile matches a message in triage
// again while a person files it into another claim, after the run has read
// it: the person's decision stands, and the run neither files the message
// into the claim it found nor marks it failed.
func TestRematchLeavesWhatAPersonDecidedMeanwhile(t *testing.T) {
	t.Parallel()
	b := setupRematch(t, sampleMessage(1))
	ctx := t.Context()
	chosen, err := b.db.CreateClaim(ctx, storage.Claim{ClaimNumber: "71-2Q55-1K9", InsuredName: "Baker"}, "", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	b.proc.beforeSave = func(ctx context.Context, id int64) {
		types, err := b.db.PartDocTypes(ctx, id)
		if err == nil {
			_, err = b.filer.Move(ctx, MoveRequest{MessageID: id, ToClaimID: chosen.ID, Actor: "dana@office.example", DocTypes: types})
		}
		if err != nil {
			t.Errorf("a person files the message: %v", err)
		}
	}
	status, claim := b.rematchWaiting(t)
	if status != storage.StatusFiled || claim != chosen.ID {
		t.Errorf("message is %s in claim %d; want filed in claim %d, as the person decided (the run found claim %d)",
			status, claim, chosen.ID, b.claim.ID)
	}
}

// TestRematchAskedForWhileOneRunsIsQueuedBehindIt creates the claim a
// message in triage waits for, and asks for the message's rematch as a
// filing does, while a rematch of the message that read the claims before
// runs: the rematch asked for is queued behind the running one, not
// skipped as its duplicate, and files the message.
func TestRematchAskedForWhileOneRunsIsQueuedBehindIt(t *testing.T) {
	t.Parallel()
	b := setupTriaged(t)
	ctx := t.Context()
	var once sync.Once
	created := make(chan int64, 1)
	b.proc.beforeSave = func(ctx context.Context, id int64) {
		once.Do(func() {
			created <- b.createClaim(t).ID
			err := b.db.InTx(ctx, func(tx pgx.Tx) error { return insertRematches(ctx, b.rc, tx, []int64{id}, 0) })
			if err != nil {
				t.Errorf("ask for the rematch: %v", err)
			}
		})
	}
	status, claim := b.rematchWaiting(t)
	if want := <-created; status != storage.StatusFiled || claim != want {
		t.Errorf("message is %s in claim %d; want filed in claim %d by the rematch asked for", status, claim, want)
	}
	var behind int
	if err := b.sql.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE (args->>'behind')::bigint > 0`).Scan(&behind); err != nil {
		t.Fatal(err)
	}
	if behind != 1 {
		t.Errorf("%d rematches queued behind a running one; want 1", behind)
	}
}

// rematchWaiting queues the matching again of the waiting message, runs
// the job queue until every job is done, and returns the message's status
// and claim (0 for none).
func (b *rematchBundle) rematchWaiting(t *testing.T) (string, int64) {
	t.Helper()
	if _, err := b.rc.Insert(t.Context(), ProcessArgs{MessageID: b.waiting, Rematch: true}, nil); err != nil {
		t.Fatal(err)
	}
	return b.runQueue(t)
}

// runQueue starts the job queue, waits until every job is done, and
// returns the waiting message's status and claim (0 for none).
func (b *rematchBundle) runQueue(t *testing.T) (string, int64) {
	t.Helper()
	ctx := t.Context()
	if err := b.rc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitForJobsDone(t, b.sql, b.events)
	var status string
	var claim int64
	if err := b.sql.QueryRow(ctx, `SELECT status, coalesce(claim_id, 0) FROM messages WHERE id = $1`, b.waiting).Scan(&status, &claim); err != nil {
		t.Fatal(err)
	}
	return status, claim
}

// TestStaleRematchLeavesTheMessageToTheOneBehindIt matches a message in
// triage again; after the run has found the claim the message names, a
// person corrects that claim's number, and the message's rematch is asked
// for: queued behind the running one. The message names no claim now, so
// it stays in triage, whichever of the two runs stores first: the run that
// read the claims before the correction does not file it.
func TestStaleRematchLeavesTheMessageToTheOneBehindIt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		behindFirst bool
	}{
		{"the rematch behind runs after", false},
		{"the rematch behind stores first", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setupTriaged(t)
			x := b.createClaim(t)
			var changed atomic.Bool
			b.proc.beforeSave = func(ctx context.Context, id int64) {
				if changed.Swap(true) {
					return // the rematch behind
				}
				err := b.db.InTx(ctx, func(tx pgx.Tx) error {
					if _, err := storage.UpdateClaimTx(ctx, tx, x.ID, storage.ClaimPatch{Fields: map[string]string{"claim_number": "60-8H77-9Z9"}}, "dana@office.example"); err != nil {
						return err
					}
					return insertRematches(ctx, b.rc, tx, []int64{id}, 0)
				})
				if err != nil {
					t.Errorf("correct the claim's number: %v", err)
				}
				if tc.behindFirst {
					b.waitBehindDone(t)
				}
			}
			status, claim := b.rematchWaiting(t)
			if status != storage.StatusTriage || claim != 0 {
				t.Errorf("message is %s in claim %d; want it left in triage, as the rematch behind found it", status, claim)
			}
		})
	}
}

// TestRematchMeetingAChangeUnderwayReadsAgain matches a message in triage
// again while another transaction, a change not committed yet, asks for
// the message's rematch: the run neither waits for that transaction (which
// may wait for it) nor saves what it read, but runs again shortly, using
// no attempt. Once the change commits, the message is filed (by the run or
// the rematch behind it), and no job failed.
func TestRematchMeetingAChangeUnderwayReadsAgain(t *testing.T) {
	t.Parallel()
	b := setupTriaged(t)
	ctx := t.Context()
	b.createClaim(t)
	change, changePID := b.begin(t)
	var asked atomic.Bool
	b.proc.beforeSave = func(ctx context.Context, id int64) {
		if !asked.Swap(true) {
			if err := insertRematches(ctx, b.rc, change, []int64{id}, 0); err != nil {
				t.Errorf("ask for the rematch: %v", err)
			}
		}
	}
	job, err := b.rc.Insert(ctx, ProcessArgs{MessageID: b.waiting, Rematch: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.rc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	// The run's end is recorded once the change commits: the change holds
	// the run's job row.
	testenv.WaitForBlocked(t, b.sql, changePID, "%JobSetState%")
	checkStatus(t, b.db, b.waiting, storage.StatusTriage)
	if err := change.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	waitForJobsDone(t, b.sql, b.events) // and none failed: the run waited, using no attempt
	checkStatus(t, b.db, b.waiting, storage.StatusFiled)
	var attempt int
	if err := b.sql.QueryRow(ctx, `SELECT attempt FROM river_job WHERE id = $1`, job.Job.ID).Scan(&attempt); err != nil {
		t.Fatal(err)
	}
	if attempt != 1 {
		t.Errorf("the run ended at attempt %d; want 1: meeting a change is no failure", attempt)
	}
}

// waitBehindDone waits until the rematch queued behind a running one has
// finished.
func (b *rematchBundle) waitBehindDone(t *testing.T) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		var done bool
		err := b.sql.QueryRow(t.Context(), `SELECT EXISTS (SELECT FROM river_job
			WHERE args ? 'behind' AND state IN ('completed', 'discarded', 'cancelled'))`).Scan(&done)
		if err != nil || done {
			if err != nil {
				t.Error(err)
			}
			return
		}
		select {
		case <-tick.C:
		case <-t.Context().Done():
			return
		}
	}
}

// TestRematchRetriedReadsAgain has a rematch queued behind the first
// attempt of a running one: that attempt leaves the message to it, but a
// later attempt of the same job, which reads the claims again, decides the
// message itself.
func TestRematchRetriedReadsAgain(t *testing.T) {
	t.Parallel()
	b := setupTriaged(t)
	ctx := t.Context()
	x := b.createClaim(t)
	const running = 999
	if _, err := b.rc.Insert(ctx, ProcessArgs{MessageID: b.waiting, Rematch: true, Behind: running, BehindAttempt: 1}, nil); err != nil {
		t.Fatal(err)
	}
	args := ProcessArgs{MessageID: b.waiting, Rematch: true}
	if err := b.proc.process(ctx, b.waiting, args, &rivertype.JobRow{ID: running, Attempt: 1}); err != nil {
		t.Fatal(err)
	}
	checkStatus(t, b.db, b.waiting, storage.StatusTriage)
	if err := b.proc.process(ctx, b.waiting, args, &rivertype.JobRow{ID: running, Attempt: 2}); err != nil {
		t.Fatal(err)
	}
	var claim int64
	if err := b.sql.QueryRow(ctx, `SELECT coalesce(claim_id, 0) FROM messages WHERE id = $1`, b.waiting).Scan(&claim); err != nil {
		t.Fatal(err)
	}
	if claim != x.ID {
		t.Errorf("message in claim %d after the second attempt; want claim %d, which it names", claim, x.ID)
	}
}
