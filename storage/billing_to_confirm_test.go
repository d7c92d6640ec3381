package storage_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// A claim's billing packet counts the equipment from mail nobody confirmed
// or dismissed yet, which the invoice would not bill; a proposal decided
// counts no more, and another claim's count none of it.
func TestBillingCountsEquipmentToConfirm(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	msg := b.message(t)
	placed := time.Date(2026, 11, 9, 9, 0, 0, 0, b.loc)
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.RecordEquipmentProposals(ctx, tx, b.claimA, msg, []storage.EquipmentProposal{
			{Action: "placed", Kind: "air_mover", Count: 4, At: placed, Text: "set 4 air movers"},
			{Action: "placed", Kind: "dehumidifier", Count: 1, At: placed, Text: "and a dehu"},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	rules := storage.AlertRules{Calendar: sla.NewCalendar(b.loc, sla.DefaultHours())}
	if _, err := b.db.RefreshAllClaimAlerts(ctx, rules, 10); err != nil {
		t.Fatal(err)
	}
	// Past both packets' deadlines: they show until complete.
	later := time.Now().AddDate(0, 1, 0)
	counts := func() (a, other int) {
		t.Helper()
		billing, err := b.db.BillingOfClaims(ctx, []int64{b.claimA, b.claimB}, later)
		if err != nil || len(billing) != 2 {
			t.Fatalf("billing %+v (%v), want both claims' packets", billing, err)
		}
		return billing[b.claimA].ToConfirm, billing[b.claimB].ToConfirm
	}
	if a, other := counts(); a != 2 || other != 0 {
		t.Errorf("equipment to confirm: %d on the claim, %d on the other; want 2 and 0", a, other)
	}
	waiting, err := b.db.EquipmentProposalsOfClaims(ctx, []int64{b.claimA, b.claimB})
	if err != nil || len(waiting[b.claimA]) != 2 || len(waiting[b.claimB]) != 0 {
		t.Fatalf("proposals of the claims %+v (%v)", waiting, err)
	}
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := storage.DecideEquipmentProposal(ctx, tx, waiting[b.claimA][0].ID, storage.ProposalDismissed, "dana", placed)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := counts(); a != 1 {
		t.Errorf("equipment to confirm once one is dismissed: %d, want 1", a)
	}
}
