package ingest

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimsPeopleMakeSettleMailNamingThem leaves in triage a message
// naming a claim number no claim has, then has a person make that claim,
// or correct another claim's number to it: the message is matched again
// and filed into the claim, as it is when the pipeline makes the claim.
func TestClaimsPeopleMakeSettleMailNamingThem(t *testing.T) {
	t.Parallel()
	const named = "60-8H77-8H5" // the number the waiting message names
	for _, tc := range []struct {
		name string
		make func(t *testing.T, b *rematchBundle) storage.Claim
	}{
		{"created", func(t *testing.T, b *rematchBundle) storage.Claim {
			var c storage.Claim
			err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
				var err error
				c, err = storage.CreateClaimTx(t.Context(), tx, storage.Claim{ClaimNumber: named, InsuredName: "Anderson"}, "", time.Now(), 0)
				if err != nil {
					return err
				}
				return NewQueue(b.rc).RematchNaming(t.Context(), tx, []storage.Claim{c})
			})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}},
		{"renumbered", func(t *testing.T, b *rematchBundle) storage.Claim {
			c, err := b.db.CreateClaim(t.Context(), storage.Claim{ClaimNumber: "60-8H77-8H6", InsuredName: "Anderson"}, "", time.Now(), 0)
			if err != nil {
				t.Fatal(err)
			}
			c, err = b.filer.UpdateClaim(t.Context(), c.ID, storage.ClaimPatch{Fields: map[string]string{"claim_number": named}}, "dana@office.example")
			if err != nil {
				t.Fatal(err)
			}
			return c
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setupTriaged(t)
			c := tc.make(t, b)
			if err := b.rc.Start(t.Context()); err != nil {
				t.Fatal(err)
			}
			waitForJobsDone(t, b.sql, b.events)
			var status string
			var claim int64
			if err := b.sql.QueryRow(t.Context(), `SELECT status, coalesce(claim_id, 0) FROM messages WHERE id = $1`, b.waiting).Scan(&status, &claim); err != nil {
				t.Fatal(err)
			}
			if status != storage.StatusFiled || claim != c.ID {
				t.Errorf("message naming %s is %s in claim %d; want filed in claim %d", named, status, claim, c.ID)
			}
		})
	}
}

// TestClaimsNoMailNamesQueueNothing makes a claim whose numbers no mail in
// triage names: the message waiting there for another number is not
// matched again.
func TestClaimsNoMailNamesQueueNothing(t *testing.T) {
	t.Parallel()
	b := setupTriaged(t)
	ctx := t.Context()
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return NewQueue(b.rc).RematchNaming(ctx, tx, []storage.Claim{
			{OfficeID: storage.DefaultOfficeID, JobNumber: "26-0001-WTR", ClaimNumber: "11-1111-111"},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	var queued int
	if err := b.sql.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = $1`, ProcessArgs{}.Kind()).Scan(&queued); err != nil {
		t.Fatal(err)
	}
	if queued != 0 {
		t.Errorf("%d jobs queued for claims no waiting mail names; want none", queued)
	}
}

// TestRenameQueuesItsRematchesLast renames a claim while another
// transaction, a person's move of a message out of it, holds the claim's
// stamped documents and then queues the matching again of the mail in
// triage that names the new job number. The rename's own rematch of that
// mail comes after it forgets the stamps: queued first, it would wait for
// the move's copy of the job while the move waited for the documents, and
// one of the two would fail as a deadlock.
func TestRenameQueuesItsRematchesLast(t *testing.T) {
	t.Parallel()
	b := setupRelocation(t, testStores[0].open)
	ctx := t.Context()
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	filer := NewFiler(b.db, b.blobs, NewQueue(rc), nil, nil)
	var claim, office int64
	if err := b.sql.QueryRow(ctx, `SELECT id, office_id FROM claims WHERE job_number = '26-1001-WTR'`).Scan(&claim, &office); err != nil {
		t.Fatal(err)
	}
	const renamed = "26-1001-MLD"
	inbox, err := b.db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	var waiting int64
	err = b.sql.QueryRow(ctx, `
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, status, unknown_ids, received_at, office_id)
		VALUES ($1, 1, 1, 'in', repeat('a', 64), 100, 'triage', ARRAY[$2], now(), $3) RETURNING id`,
		inbox.ID, classify.Normalize(renamed), office).Scan(&waiting)
	if err != nil {
		t.Fatal(err)
	}
	move, err := b.sql.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer move.Rollback(context.Background())
	var movePID int
	err = move.QueryRow(ctx, `SELECT pg_backend_pid() FROM (SELECT id FROM documents WHERE claim_id = $1
		AND stamped_sha256 IS NOT NULL ORDER BY id FOR SHARE) d LIMIT 1`, claim).Scan(&movePID)
	if err != nil {
		t.Fatalf("lock the claim's stamped documents: %v", err)
	}
	renameDone := make(chan error, 1)
	go func() {
		_, err := filer.UpdateClaim(ctx, claim, storage.ClaimPatch{Fields: map[string]string{"job_number": renamed}}, "dana@office.example")
		renameDone <- err
	}()
	testenv.WaitForBlocked(t, b.sql, movePID, "%UPDATE documents SET stamped_sha256 = NULL%")
	if err := insertRematches(ctx, rc, move, []int64{waiting}, 0); err != nil {
		t.Fatalf("the move's rematch: %v", err)
	}
	if err := move.Commit(ctx); err != nil {
		t.Fatalf("the move: %v", err)
	}
	if err := <-renameDone; err != nil {
		t.Fatalf("the rename: %v", err)
	}
}
