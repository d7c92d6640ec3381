package storage_test

import (
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// A line whose approval was requested waits for the carrier on its open
// claim, the longest waiting first, named with its claim and adjuster; an
// approved line, a line of a closed claim and one of an office out of scope
// are not listed.
func TestApprovalsAwaitedListsRequestedLinesOfOpenClaims(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	pool := storage.PoolOf(b.db)
	if _, err := pool.Exec(ctx, `UPDATE claims SET adjuster_name = 'Pat Lee', adjuster_email = 'pat@carrier.example',
		insured_name = 'Ruiz' WHERE id = $1`, b.claimA); err != nil {
		t.Fatal(err)
	}
	dec1 := time.Date(2026, 12, 1, 9, 0, 0, 0, b.loc)
	dec3 := dec1.AddDate(0, 0, 2)
	add := func(claim int64, kind, approval string, at time.Time) int64 {
		t.Helper()
		var saved storage.Equipment
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			saved, err = storage.AddEquipment(ctx, tx, storage.Equipment{ClaimID: claim, Kind: kind, Count: 1, PlacedAt: &at,
				Approval: approval, ApprovalBy: "kim", ApprovalAt: &at})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return saved.ID
	}
	pod := add(b.claimA, "pod", "requested", dec3)
	dumpster := add(b.claimA, "dumpster", "requested", dec1)
	add(b.claimA, "dumpster", "approved", dec1)
	add(b.claimB, "dumpster", "requested", dec1)
	if _, err := pool.Exec(ctx, `UPDATE claims SET status = 'closed' WHERE id = $1`, b.claimB); err != nil {
		t.Fatal(err)
	}

	waits, total, err := b.db.ApprovalsAwaited(ctx, storage.AllOffices, 10)
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(waits) != 2 || waits[0].ID != dumpster || waits[1].ID != pod {
		t.Fatalf("awaited: %d in all, %+v; want the dumpster then the pod of claim A", total, waits)
	}
	w := waits[0]
	if w.JobNumber != "26-1001-WTR" || w.InsuredName != "Ruiz" || w.AdjusterName != "Pat Lee" ||
		w.AdjusterEmail != "pat@carrier.example" || w.OfficeID != 1 || !w.RequestedAt.Equal(dec1) {
		t.Errorf("the dumpster's wait: %+v; want claim A's job, insured, adjuster, office 1, requested Dec 1", w)
	}
	if _, total, err := b.db.ApprovalsAwaited(ctx, storage.AllOffices, 1); err != nil || total != 2 {
		t.Errorf("one shown: %d in all (%v); want 2", total, err)
	}
	if waits, _, err := b.db.ApprovalsAwaited(ctx, storage.OnlyOffices(2), 10); err != nil || len(waits) != 0 {
		t.Errorf("another office's scope: %+v (%v); want none", waits, err)
	}
	byClaim, err := b.db.ApprovalsAwaitedOfClaims(ctx, []int64{b.claimA, b.claimB})
	if err != nil {
		t.Fatal(err)
	}
	if len(byClaim[b.claimA]) != 2 || len(byClaim[b.claimB]) != 0 {
		t.Errorf("by claim: %+v; want claim A's two lines, none of closed claim B", byClaim)
	}
}

// A request sent from a person's mail program is marked asked once: when
// and by whom, and the line waits from then. Marking it again keeps the
// first mark; a line whose approval is not awaited is not marked.
func TestMarkApprovalAsked(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	dec1 := time.Date(2026, 12, 1, 9, 0, 0, 0, b.loc)
	add := func(approval string) storage.Equipment {
		t.Helper()
		var saved storage.Equipment
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			saved, err = storage.AddEquipment(ctx, tx, storage.Equipment{ClaimID: b.claimA, Kind: "dumpster", Count: 1,
				Approval: approval, ApprovalBy: "kim", ApprovalAt: &dec1})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return saved
	}
	box := add("requested")
	if box.ApprovalAsked() {
		t.Fatal("a line just marked requested says it was asked")
	}
	dec2 := dec1.AddDate(0, 0, 1)
	e, err := b.db.MarkApprovalAsked(ctx, box.ID, "dana@office.example", dec2)
	if err != nil || !e.ApprovalAsked() || !e.ApprovalAskedAt.Equal(dec2) || e.ApprovalAskedBy != "dana@office.example" ||
		!e.ApprovalAt.Equal(dec2) || e.ApprovalBy != "dana@office.example" || e.Approval != "requested" {
		t.Fatalf("marked asked: %+v (%v); want asked Dec 2 by dana, still requested", e, err)
	}
	if e, err := b.db.MarkApprovalAsked(ctx, box.ID, "eli@office.example", dec2.AddDate(0, 0, 1)); err != nil ||
		!e.ApprovalAskedAt.Equal(dec2) || e.ApprovalAskedBy != "dana@office.example" {
		t.Errorf("marked again: %+v (%v); want the first mark kept", e, err)
	}
	if _, err := b.db.MarkApprovalAsked(ctx, add("approved").ID, "dana@office.example", dec2); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("an approved line marked asked: %v, want ErrConflict", err)
	}
	if _, err := b.db.MarkApprovalAsked(ctx, 999999, "dana@office.example", dec2); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("no such line: %v, want ErrNotFound", err)
	}
	waits, _, err := b.db.ApprovalsAwaited(ctx, storage.AllOffices, 10)
	if err != nil || len(waits) != 1 || !waits[0].RequestedAt.Equal(dec2) || waits[0].ApprovalAskedAt == nil {
		t.Errorf("awaited: %+v (%v); want the dumpster, asked Dec 2", waits, err)
	}
	// Denied, then requested again: the new request waits to be sent; the
	// denial kept when it was asked.
	setApproval := func(approval string) storage.Equipment {
		t.Helper()
		var after storage.Equipment
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			_, after, err = storage.UpdateEquipment(ctx, tx, box.ID, func(e storage.Equipment) (storage.Equipment, error) {
				e.Approval = approval
				return e, nil
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return after
	}
	if e := setApproval("denied"); !e.ApprovalAsked() {
		t.Errorf("denied: %+v; want it still saying when it was asked", e)
	}
	if e := setApproval("requested"); e.ApprovalAsked() || e.ApprovalAskedAt != nil || e.ApprovalAskedBy != "" {
		t.Errorf("requested again: %+v; want it waiting to be asked", e)
	}
	if e, err := b.db.MarkApprovalAsked(ctx, box.ID, "eli@office.example", dec2.AddDate(0, 0, 9)); err != nil || e.ApprovalAskedBy != "eli@office.example" {
		t.Errorf("the new request marked sent: %+v (%v); want it asked by eli", e, err)
	}
}
