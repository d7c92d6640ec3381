package web

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// Work started follows the earliest placement in the equipment log; with
// none, the first drying log says only that work was under way by then,
// and the daily update says so. Placement mail says came earlier starts
// the work when it says, until a person confirms it or dismisses it: the
// claim page points to it, to confirm, and the update says work is under
// way since then. Placement mail after the drying log is not pointed to.
func TestWorkStartedByTheFirstDryingLog(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	c, _ := b.signIn(t)
	readings := b.at(3, 4, 9, 0)
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			SELECT id, $2, 1, 'day1.pdf', 'drying_log', 'Drying Logs', 'claims/26-1001-WTR/Drying Logs/day1.pdf', $3, office_id
			FROM claims WHERE id = $1`, b.claim, fmt.Sprintf("%064x", 1), readings)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	later := b.recordPickup(t, storage.EquipmentProposal{Action: equipment.ActionPlaced, Kind: equipment.AirMover, Count: 2,
		At: b.at(3, 5, 9, 0), Text: "set 2 more air movers"})
	stage := func() string {
		return section(t, b.claimPage(t, c), `id="stage-work_started"`, "</li>")
	}
	if st := stage(); !strings.Contains(st, "by the first drying log") || strings.Contains(st, "confirm it") {
		t.Errorf("work started with placement mail after the drying log: %s", st)
	}
	b.recordPickup(t, storage.EquipmentProposal{Action: equipment.ActionPlaced, Kind: equipment.AirMover, Count: 4,
		At: b.at(3, 2, 9, 0), Text: "4 air movers went in"})
	ps, err := b.db.ClaimEquipmentProposals(ctx, b.claim)
	if err != nil {
		t.Fatal(err)
	}
	earlier := ps[slices.IndexFunc(ps, func(p storage.EquipmentProposal) bool { return p.Text == "4 air movers went in" })]
	if st := stage(); !strings.Contains(st, `datetime="`+b.at(3, 2, 9, 0).UTC().Format(time.RFC3339)+`"`) ||
		!strings.Contains(st, fmt.Sprintf(`href="#proposal-%d"`, earlier.ID)) || !strings.Contains(st, "by mail saying equipment was placed, not confirmed: confirm it") {
		t.Errorf("work started with placement mail before the drying log (proposal %d, not %d): %s", earlier.ID, later.ID, st)
	}
	facts, err := b.db.ClaimFacts(ctx, b.claim)
	if err != nil {
		t.Fatal(err)
	}
	// The adjuster's update says the placement was reported, not that it
	// happened, as the packet says it is not confirmed.
	if st := jobStage(facts, b.at(3, 6, 9, 0)); !st.WorkStarted.Equal(b.at(3, 2, 9, 0)) || st.ReadingsOnly || !st.Reported {
		t.Errorf("update's stage from the placement mail says: %+v", st)
	}
	if _, err := b.srv.equipmentLog().Decide(ctx, earlier.ID, storage.ProposalConfirmed, "dana@smrestore.example", 0); err != nil {
		t.Fatal(err)
	}
	if facts, err = b.db.ClaimFacts(ctx, b.claim); err != nil {
		t.Fatal(err)
	}
	if st := jobStage(facts, b.at(3, 6, 9, 0)); !st.WorkStarted.Equal(b.at(3, 2, 9, 0)) || st.ReadingsOnly || st.Reported {
		t.Errorf("update's stage once the placement is confirmed: %+v", st)
	}
	if at, from, _ := facts.WorkStart(b.at(3, 6, 9, 0)); from != sla.FromEquipmentLog || !at.Equal(b.at(3, 2, 9, 0)) {
		t.Errorf("work started %v from %s, want the confirmed placement", at, from)
	}
}
