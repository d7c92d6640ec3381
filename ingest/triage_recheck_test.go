package ingest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimCreatedWhileAMessageIsClassifiedSettlesIt creates the claim a
// new message names after the message's run has read the claims and before
// it stores its decision, as a parallel worker filing the claim's
// assignment does: the claim's run found no mail in triage to match again
// (the message was not there yet), so the message's own run queues its
// rematch, and the message is filed.
func TestClaimCreatedWhileAMessageIsClassifiedSettlesIt(t *testing.T) {
	t.Parallel()
	b := newRematchBundle(t)
	created := b.createClaimBeforeSave(t)
	b.waiting = storeRawMessageUID(t, b.db, b.blobs, sampleMessage(0), 1)
	status, claim := b.processQueued(t)
	if want := <-created; status != storage.StatusFiled || claim != want {
		t.Errorf("message is %s in claim %d; want filed in claim %d, created while it was classified", status, claim, want)
	}
}

// TestClaimCommittedAfterItsLookSettlesAMessageClassifiedMeanwhile has a
// transaction create the claim a new message names and look for mail in
// triage it settles (finding none: the message is being classified), then
// stay open while the message's run stores its decision. The run waits for
// that transaction before it looks for what settles the message, sees the
// claim, and the message is filed.
func TestClaimCommittedAfterItsLookSettlesAMessageClassifiedMeanwhile(t *testing.T) {
	t.Parallel()
	b := newRematchBundle(t)
	ctx := t.Context()
	creator, creatorPID := b.begin(t)
	var once sync.Once
	b.proc.beforeSave = func(ctx context.Context, id int64) {
		once.Do(func() {
			c, err := storage.CreateClaimTx(ctx, creator, storage.Claim{ClaimNumber: "60-8H77-8H5", InsuredName: "Anderson"}, "", time.Now(), 0)
			if err != nil {
				t.Errorf("create the claim: %v", err)
				return
			}
			waiting, err := storage.MessagesAwaiting(ctx, creator, c.OfficeID, "", []string{classify.Normalize(c.JobNumber), classify.Normalize(c.ClaimNumber)})
			if err != nil || len(waiting) > 0 {
				t.Errorf("mail in triage for the new claim: %v, %v; want none yet", waiting, err)
			}
		})
	}
	b.waiting = storeRawMessageUID(t, b.db, b.blobs, sampleMessage(0), 1)
	if _, err := b.rc.Insert(ctx, ProcessArgs{MessageID: b.waiting}, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.rc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	testenv.WaitForBlocked(t, b.sql, creatorPID, "%pg_advisory_xact_lock%")
	if err := creator.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	waitForJobsDone(t, b.sql, b.events)
	checkStatus(t, b.db, b.waiting, storage.StatusFiled)
}

// processQueued processes the waiting message on the job queue, runs it
// until every job is done, and returns the message's status and claim (0
// for none).
func (b *rematchBundle) processQueued(t *testing.T) (string, int64) {
	t.Helper()
	ctx := t.Context()
	if _, err := b.rc.Insert(ctx, ProcessArgs{MessageID: b.waiting}, nil); err != nil {
		t.Fatal(err)
	}
	return b.runQueue(t)
}

// TestProcessingRunAgainAfterTriageLooksForWhatSettlesIt runs the
// processing job of a message again after an earlier run put it in triage,
// as when that run stopped before it looked for what settles the message:
// a claim it names was created meanwhile, and the run again matches the
// message, which is filed.
func TestProcessingRunAgainAfterTriageLooksForWhatSettlesIt(t *testing.T) {
	t.Parallel()
	b := setupTriaged(t)
	want := b.createClaim(t).ID
	status, claim := b.processQueued(t)
	if status != storage.StatusFiled || claim != want {
		t.Errorf("message is %s in claim %d; want filed in claim %d", status, claim, want)
	}
}

// TestMovedMessageLooksForWhatSettlesIt creates the claim a message in
// triage names while the matching its move to the office asked for runs,
// after it has read the claims: a filing or claim of the office could not
// have found the message there while it was in the office it left, so the
// run looks itself, and the message is filed.
func TestMovedMessageLooksForWhatSettlesIt(t *testing.T) {
	t.Parallel()
	b := setupTriaged(t)
	created := b.createClaimBeforeSave(t)
	if _, err := b.rc.Insert(t.Context(), ProcessArgs{MessageID: b.waiting, Rematch: true, MovedTo: storage.DefaultOfficeID}, nil); err != nil {
		t.Fatal(err)
	}
	status, claim := b.runQueue(t)
	if want := <-created; status != storage.StatusFiled || claim != want {
		t.Errorf("message is %s in claim %d; want filed in claim %d, created while its move's matching ran", status, claim, want)
	}
}

// createClaimBeforeSave has the first run that comes to store a decision
// create the claim the waiting message names first, after it has read the
// claims, and returns the claim's id once created.
func (b *rematchBundle) createClaimBeforeSave(t *testing.T) <-chan int64 {
	var once sync.Once
	created := make(chan int64, 1)
	b.proc.beforeSave = func(ctx context.Context, id int64) {
		once.Do(func() { created <- b.createClaim(t).ID })
	}
	return created
}
