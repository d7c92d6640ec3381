package storage_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestPickupFollowsALineNoLongerDrying corrects the kind of the one drying
// line picked up (a dumpster logged as a dehumidifier): the pickup it gave
// the claim goes with it, since no person recorded one, and clearing it
// has nothing left to take back.
func TestPickupFollowsALineNoLongerDrying(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, pool := openDBAndSQL(t)
	var claim int64
	if err := pool.QueryRow(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1) RETURNING id`).Scan(&claim); err != nil {
		t.Fatal(err)
	}
	placed, picked := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	var line storage.Equipment
	if err := db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		line, err = storage.AddEquipment(ctx, tx, storage.Equipment{ClaimID: claim, Kind: "dehumidifier", Count: 1,
			PlacedAt: &placed, PickedUpAt: &picked, Approval: "not_needed", CreatedBy: "dana"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(ctx, func(tx pgx.Tx) error {
		_, _, err := storage.UpdateEquipment(ctx, tx, line.ID, func(e storage.Equipment) (storage.Equipment, error) {
			e.Kind = "dumpster"
			return e, nil
		})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	moved, err := db.ClearJobStage(ctx, claim, storage.StageEquipmentPickedUp, "dana")
	if err != nil {
		t.Fatal(err)
	}
	var at *time.Time
	if err := pool.QueryRow(ctx, `SELECT equipment_picked_up_at FROM claims WHERE id = $1`, claim).Scan(&at); err != nil {
		t.Fatal(err)
	}
	if at != nil {
		t.Errorf("no drying equipment logged and nothing recorded, yet the pickup is %v (clear moved it: %v)", at, moved)
	}
}
