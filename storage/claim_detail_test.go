package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

func saveClaim(t *testing.T, db *storage.DB, c storage.Claim) storage.Claim {
	t.Helper()
	var out storage.Claim
	err := db.InTx(context.Background(), func(tx pgx.Tx) error {
		var err error
		out, _, err = storage.SaveClaim(context.Background(), tx, c)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFindClaimByNumber(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	a := saveClaim(t, db, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5"})
	saveClaim(t, db, storage.Claim{JobNumber: "26-1002-WTR", ClaimNumber: "26-1003-WTR"})
	saveClaim(t, db, storage.Claim{JobNumber: "26-1003-WTR", ClaimNumber: "0683449786"})
	for ref, want := range map[string]int64{"26-1001-wtr": a.ID, "60 8h77 8h5": a.ID, "608H778H5": a.ID} {
		c, err := db.FindClaimByNumber(ctx, ref)
		if err != nil || c.ID != want {
			t.Errorf("%q: claim %d (%v), want %d", ref, c.ID, err, want)
		}
	}
	// One claim's job number is another's carrier claim number: ambiguous.
	if _, err := db.FindClaimByNumber(ctx, "26-1003-WTR"); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("ambiguous number: %v", err)
	}
	for _, ref := range []string{"", "--", "99-9999"} {
		if _, err := db.FindClaimByNumber(ctx, ref); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("%q: %v", ref, err)
		}
	}
}

func TestCreateClaimTx(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	saveClaim(t, db, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5"})
	create := func(c storage.Claim) (storage.Claim, error) {
		var out storage.Claim
		err := db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			out, err = storage.CreateClaimTx(ctx, tx, c, "", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), 0)
			return err
		})
		return out, err
	}
	c, err := create(storage.Claim{ClaimNumber: "LA123-456789-01", LossType: "Fire", InsuredName: "Sarah Connor"})
	if err != nil || c.JobNumber != "26-1002-FIR" || c.Source != storage.SourceManual || c.Status != "open" {
		t.Fatalf("created %+v (%v)", c, err)
	}
	var ce *storage.ClaimConflictError
	if _, err := create(storage.Claim{JobNumber: "26 1001 wtr", ClaimNumber: "X-1"}); !errors.As(err, &ce) || ce.Field != "job_number" || ce.JobNumber != "26-1001-WTR" {
		t.Errorf("taken job number: %v", err)
	}
	if _, err := create(storage.Claim{ClaimNumber: "608H778H5"}); !errors.As(err, &ce) || ce.Field != "claim_number" || !errors.Is(err, storage.ErrConflict) {
		t.Errorf("taken claim number: %v", err)
	}
	// A refused claim leaves nothing behind.
	var n int
	if err := storage.PoolOf(db).QueryRow(ctx, `SELECT count(*) FROM claims`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d claims (%v)", n, err)
	}
}
