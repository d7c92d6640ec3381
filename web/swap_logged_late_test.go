package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// The hauler swaps the dumpster in the morning, the coordinator sends the
// daily update at noon, and the hauler's ticket is logged in the afternoon
// with the morning's time: the next update tells that swap, which no
// update told yet.
func TestSwapLoggedAfterAnUpdateIsToldInTheNext(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	c, _ := b.signIn(t)
	now := b.clock.Now()
	box := b.add(t, map[string]any{"kind": "dumpster", "placed_at": now.Add(-4 * 24 * time.Hour)})
	update := now.Add(-2 * 24 * time.Hour)
	if err := b.db.AddClaimNote(ctx, b.claim, "dana@smrestore.example", "daily update sent", update); err != nil {
		t.Fatal(err)
	}
	// Logged now (after the update), hauled three hours before it.
	hauled := update.Add(-3 * time.Hour)
	if _, _, err := b.db.AddHaul(ctx, box.ID, storage.Haul{At: hauled, By: "dana@smrestore.example"}, now); err != nil {
		t.Fatal(err)
	}
	draft := b.updateDraft(t, c, b.claim)
	if !strings.Contains(draft, "the dumpster was swapped on "+hauled.In(b.loc).Format("Mon Jan 2")) {
		t.Errorf("a swap logged after the last update, hauled before it, is not told:\n%s", draft)
	}
}
