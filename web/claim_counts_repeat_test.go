package web

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimCountsCountARequestAskedAgainOnce: the claims list counts a
// request asked again once, as the board and the claim page show it.
func TestClaimCountsCountARequestAskedAgainOnce(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley", Opened: now.Add(-50 * time.Hour)})
	for i, asked := range []time.Time{now.Add(-28 * time.Hour), now.Add(-2 * time.Hour)} {
		msg := b.addMessage(t, msgSeed{Subject: "photos please", ClaimID: claim, NeedsAck: true, Arrived: asked})
		if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			return storage.RecordRequest(ctx, tx, storage.NewRequest{ClaimID: claim, MessageID: msg, From: "ann@carrier.example",
				DocTypes: []string{"photo"}, Text: "photos please", AskedAt: asked, Due: ptr(asked.Add(24 * time.Hour))})
		}); err != nil {
			t.Fatal(err, i)
		}
	}
	counts, err := b.db.ClaimCountsOf(ctx, []int64{claim}, now)
	if err != nil {
		t.Fatal(err)
	}
	if c := counts[claim]; c.RequestsOpen != 1 {
		t.Errorf("claims list counts %d open requests (%d overdue); the board and claim page show 1", c.RequestsOpen, c.RequestsOverdue)
	}
}
