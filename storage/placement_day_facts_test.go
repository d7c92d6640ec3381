package storage_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// A claim's first drying placement, logged or from mail, is read with
// whether it is a day alone; a time known wins over a day alone at the
// same instant. Marking one a day alone, or no longer, queues the claim's
// alerts, as moving its time does.
func TestPlacementDayAloneIsAFact(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	pool := storage.PoolOf(b.db)
	noon := time.Date(2026, 11, 3, 18, 0, 0, 0, time.UTC) // noon in Chicago
	facts := func() (logged, mailed bool) {
		t.Helper()
		f, err := b.db.ClaimFacts(ctx, b.claimA)
		if err != nil {
			t.Fatal(err)
		}
		return f.EquipmentPlacedDayOnly, f.MailPlacedDayOnly
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}

	msg := b.message(t)
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.RecordEquipmentProposals(ctx, tx, b.claimA, msg, []storage.EquipmentProposal{
			{Action: equipment.ActionPlaced, Kind: equipment.AirMover, Count: 3, At: noon, DayOnly: true, Text: "set 3 air movers Tuesday"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	exec(`INSERT INTO equipment (claim_id, kind, count, placed_at, placed_day_only, office_id)
		SELECT id, 'dehumidifier', 1, $2, true, office_id FROM claims WHERE id = $1`, b.claimA, noon)
	if logged, mailed := facts(); !logged || !mailed {
		t.Fatalf("day alone: logged %v, mailed %v; want both", logged, mailed)
	}

	exec(`DELETE FROM claim_alerts_stale`)
	exec(`UPDATE equipment SET placed_day_only = false WHERE claim_id = $1`, b.claimA)
	if !queued(t, pool, b.claimA) {
		t.Error("a placement no longer a day alone did not queue the claim's alerts")
	}
	exec(`DELETE FROM claim_alerts_stale`)
	exec(`UPDATE equipment_proposals SET day_only = false WHERE claim_id = $1`, b.claimA)
	if !queued(t, pool, b.claimA) {
		t.Error("a proposal no longer a day alone did not queue the claim's alerts")
	}
	if logged, mailed := facts(); logged || mailed {
		t.Errorf("times known: logged %v, mailed %v day alone; want neither", logged, mailed)
	}
	// A line placed at the same instant, a day alone, does not hide the
	// time known.
	exec(`INSERT INTO equipment (claim_id, kind, count, placed_at, placed_day_only, office_id)
		SELECT id, 'air_mover', 2, $2, true, office_id FROM claims WHERE id = $1`, b.claimA, noon)
	if logged, _ := facts(); logged {
		t.Error("a day alone hid a time known at the same instant")
	}
}
