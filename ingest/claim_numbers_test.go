package ingest

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

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

// TestClaimsWithoutNumbersMailNamesQueueNothing makes claims whose numbers
// no waiting message names: nothing is queued, and no office's triage is
// read for a claim without numbers.
func TestClaimsWithoutNumbersMailNamesQueueNothing(t *testing.T) {
	t.Parallel()
	b := setupTriaged(t)
	ctx := t.Context()
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return NewQueue(b.rc).RematchNaming(ctx, tx, []storage.Claim{
			{OfficeID: storage.DefaultOfficeID, JobNumber: "26-0001-WTR", ClaimNumber: "11-1111-111"},
			{OfficeID: storage.DefaultOfficeID},
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
