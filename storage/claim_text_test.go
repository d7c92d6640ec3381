package storage_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimFieldsArePlainText stores a claim, as an assignment in mail
// could bring it, whose insured's name hides a right-to-left override;
// then a person's edit and participants with bidirectional marks. What is
// stored reads as it shows: no bidirectional control, the lines of an
// address or a description kept.
func TestClaimFieldsArePlainText(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openDB(t)
	c, err := db.CreateClaim(ctx, storage.Claim{
		ClaimNumber:     "CLM-\u202a0043321\u202c",
		InsuredName:     "Pena\u202eodraugA",
		LossAddress:     "12 Maple Ave\u200e\nApt 3",
		LossDescription: "Kitchen supply line.\nWater in the hallway\u2066.\u2069",
	}, "", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]string{
		"claim_number": "CLM-0043321", "insured_name": "PenaodraugA", "loss_address": "12 Maple Ave\nApt 3",
		"loss_description": "Kitchen supply line.\nWater in the hallway.",
	} {
		if got := storage.ClaimField(c, field); got != want {
			t.Errorf("created claim's %s = %q; want %q", field, got, want)
		}
	}
	people := []storage.ClaimParticipant{{Role: "adjuster", Name: "Ann\u200f Lee\u061c", Email: "\u202eANN@carrier.example", Phone: "\ufeff555 0100"}}
	c, err = db.UpdateClaim(ctx, c.ID, storage.ClaimPatch{
		Fields:       map[string]string{"adjuster_name": "Ann\u2067 Lee\u2069\n"},
		Participants: &people,
	}, "dana@office.example")
	if err != nil {
		t.Fatal(err)
	}
	if c.AdjusterName != "Ann Lee" {
		t.Errorf("edited adjuster_name = %q; want %q", c.AdjusterName, "Ann Lee")
	}
	got, err := db.ParticipantsOfClaims(ctx, []int64{c.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := storage.ClaimParticipant{ClaimID: c.ID, Role: "adjuster", Name: "Ann Lee", Email: "ann@carrier.example", Phone: "555 0100"}
	if ps := got[c.ID]; len(ps) != 1 || ps[0] != want {
		t.Errorf("participants %+v; want [%+v]", ps, want)
	}

	// The same assignment again fills in what the claim lacks.
	var again storage.Claim
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		again, _, err = storage.ClaimFromAssignment(ctx, tx, storage.Claim{ClaimNumber: "CLM-0043321", LossType: "Water",
			Carrier: "\u202eState Farm"}, "", time.Now(), 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != c.ID || again.Carrier != "State Farm" {
		t.Errorf("assignment again: claim %d, carrier %q; want claim %d, carrier %q", again.ID, again.Carrier, c.ID, "State Farm")
	}
}
