package storage_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// Drying equipment placed is work started: a line of the log that places
// it, moves its placement or leaves queues the claim's alerts, and the
// refresh makes the ATP due at the placement. A dumpster, or equipment not
// placed yet, changes no alert and queues nothing.
func TestDryingEquipmentPlacedQueuesItsClaimsAlerts(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	pool := storage.PoolOf(b.db)
	rules := storage.AlertRules{Calendar: sla.NewCalendar(b.loc, sla.DefaultHours())}
	refresh := func() {
		t.Helper()
		if _, err := b.db.RefreshAllClaimAlerts(ctx, rules, 10); err != nil {
			t.Fatal(err)
		}
	}
	add := func(e storage.Equipment) storage.Equipment {
		t.Helper()
		var saved storage.Equipment
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			saved, err = storage.AddEquipment(ctx, tx, e)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return saved
	}
	placed := time.Date(2026, 11, 13, 9, 0, 0, 0, b.loc) // a Friday
	refresh()

	add(storage.Equipment{ClaimID: b.claimA, Kind: "dumpster", Count: 1, PlacedAt: &placed})
	line := add(storage.Equipment{ClaimID: b.claimA, Kind: "air_mover", Count: 4})
	if queued(t, pool, b.claimA) {
		t.Fatal("a dumpster, and air movers not placed yet, queued the claim's alerts")
	}
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, _, err := storage.UpdateEquipment(ctx, tx, line.ID, func(e storage.Equipment) (storage.Equipment, error) {
			e.PlacedAt = &placed
			return e, nil
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !queued(t, pool, b.claimA) || queued(t, pool, b.claimB) {
		t.Fatalf("air movers placed: claim A queued %v, B %v; want A alone", queued(t, pool, b.claimA), queued(t, pool, b.claimB))
	}
	refresh()
	alerts, _, err := b.db.ClaimAlertsAt(ctx, storage.AllOffices, placed.Add(time.Hour), 50)
	if err != nil {
		t.Fatal(err)
	}
	atp := false
	for _, a := range alerts {
		if a.ClaimID == b.claimA && a.Milestone == sla.MilestoneATP && a.State == sla.StateOverdue && a.Due.Equal(placed) {
			atp = true
		}
	}
	if !atp {
		t.Errorf("alerts an hour after the air movers were placed: %+v; want the ATP overdue since the placement", alerts)
	}

	if _, err := pool.Exec(ctx, `DELETE FROM equipment WHERE id = $1`, line.ID); err != nil {
		t.Fatal(err)
	}
	if !queued(t, pool, b.claimA) {
		t.Error("the air movers removed from the log left the claim's alerts as they were")
	}
}
