package ingest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

func (b *requestBundle) proposals(t *testing.T) []storage.EquipmentProposal {
	t.Helper()
	ps, err := b.db.ClaimEquipmentProposals(t.Context(), b.claim.ID)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func personMail(from, subject, msgID, inReplyTo, body string, at time.Time) string {
	h := fmt.Sprintf("From: %s\nTo: claims@smrestore.example\nSubject: %s\nMessage-ID: <%s>\nDate: %s\n", from, subject, msgID, at.Format(time.RFC1123Z))
	if inReplyTo != "" {
		h += fmt.Sprintf("In-Reply-To: <%s>\nReferences: <%s>\n", inReplyTo, inReplyTo)
	}
	return h + "Content-Type: text/plain; charset=utf-8\n\n" + body
}

// TestEquipmentProposedFromMail processes a technician's and a vendor's
// mail on a claim: what they report is proposed, in order, and processing
// a message again proposes it once.
func TestEquipmentProposedFromMail(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	id := b.deliver(t, "in", at, personMail("Tom Tech <tom@smrestore.example>", "60-8H77-8H5 Castillo", "t1@smrestore.example", "",
		"Hi,\n\nRecogimos 4 ventiladores y 2 deshumidificadores hoy.\n\nTom\n", at))
	b.deliver(t, "in", at.Add(time.Hour), personMail("Dispatch <dispatch@rollaway.example>", "Container delivered - 60-8H77-8H5",
		"v1@rollaway.example", "", "Your 20 yard container was delivered to 77 Birch Ln, Austin TX.\n", at.Add(time.Hour)))
	ps := b.proposals(t)
	if len(ps) != 3 {
		t.Fatalf("proposals %+v, want three", ps)
	}
	want := []struct {
		action, kind string
		count        int
	}{{equipment.ActionPickedUp, equipment.AirMover, 4}, {equipment.ActionPickedUp, equipment.Dehumidifier, 2}, {equipment.ActionPlaced, equipment.Dumpster, 1}}
	for i, w := range want {
		if p := ps[i]; p.Action != w.action || p.Kind != w.kind || p.Count != w.count || p.ClaimID != b.claim.ID {
			t.Errorf("proposal %d: %+v, want %+v", i, p, w)
		}
	}
	if ps[0].MessageID != id || !ps[0].At.Equal(at) || !strings.Contains(ps[0].Text, "Recogimos") {
		t.Errorf("first proposal %+v", ps[0])
	}
	if ps[2].Address != "77 Birch Ln, Austin TX" {
		t.Errorf("dumpster address %q", ps[2].Address)
	}
	if err := b.proc.Process(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if n := len(b.proposals(t)); n != 3 {
		t.Errorf("after processing again: %d proposals, want 3", n)
	}
}

// TestEquipmentAsAWholeProposedFromMail: a technician writing that the
// equipment was picked up, naming no kind, proposes a pickup of all the
// drying equipment; a pickup still planned proposes nothing.
func TestEquipmentAsAWholeProposedFromMail(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	at := time.Date(2026, 11, 6, 16, 0, 0, 0, time.UTC)
	b.deliver(t, "in", at, personMail("Tom Tech <tom@smrestore.example>", "60-8H77-8H5 Castillo", "t2@smrestore.example", "",
		"Hi,\n\nWe will pull the equipment Friday if the readings hold.\n\nTom\n", at))
	if ps := b.proposals(t); len(ps) != 0 {
		t.Fatalf("a pickup still planned proposed %+v", ps)
	}
	id := b.deliver(t, "in", at.Add(24*time.Hour), personMail("Tom Tech <tom@smrestore.example>", "Re: 60-8H77-8H5 Castillo", "t3@smrestore.example",
		"t2@smrestore.example", "Readings at goal. Ya retiramos todo el equipo, the homeowner signed off.\n\nTom\n", at.Add(24*time.Hour)))
	ps := b.proposals(t)
	if len(ps) != 1 || ps[0].Action != equipment.ActionPickedUp || ps[0].Kind != equipment.AllDrying || ps[0].Count != 0 ||
		ps[0].MessageID != id || !ps[0].At.Equal(at.Add(24*time.Hour)) {
		t.Fatalf("proposals %+v, want one pickup of all the equipment", ps)
	}
}

// TestApprovalAnswerProposed sends the adjuster's answer in the thread of
// an approval request: the line asked about gets a proposal to approve it,
// linked to the answer. An approval-sounding mail outside the thread, or
// from someone else, proposes nothing.
func TestApprovalAnswerProposed(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	ctx := t.Context()
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	var line storage.Equipment
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if line, err = storage.AddEquipment(ctx, tx, storage.Equipment{ClaimID: b.claim.ID, Kind: equipment.Pod, Count: 1,
			Approval: equipment.ApprovalRequested}); err != nil {
			return err
		}
		out, err := storage.InsertOutbox(ctx, tx, storage.OutboxMessage{MessageID: "<appr-1@smrestore.example>", Kind: "approval_request",
			ClaimID: &b.claim.ID, FromAddress: "claims@smrestore.example", Recipients: []string{requestAdjuster}, Subject: "Approval",
			Body: "Please approve", Raw: []byte("x"), RawSHA256: strings.Repeat("a", 64)})
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE equipment SET approval_outbox_id = $2 WHERE id = $1`, line.ID, out)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	b.deliver(t, "in", at, personMail("Jennifer Anderson <"+requestAdjuster+">", "60-8H77-8H5", "x1@statefarm.example", "", "Approved.\n", at))
	b.deliver(t, "in", at, personMail("Someone <someone@statefarm.example>", "Re: Approval 60-8H77-8H5", "x2@statefarm.example", "appr-1@smrestore.example", "Approved.\n", at))
	if ps := b.proposals(t); len(ps) != 0 {
		t.Fatalf("proposals outside the thread or from another sender: %+v", ps)
	}
	ans := b.deliver(t, "in", at.Add(time.Hour), personMail("Jennifer Anderson <"+requestAdjuster+">", "Re: Approval 60-8H77-8H5", "x3@statefarm.example",
		"appr-1@smrestore.example", "The pod is approved for 30 days.\n\nOn Mon, Nov 2 Claims wrote:\n> Please approve\n", at.Add(time.Hour)))
	ps := b.proposals(t)
	if len(ps) != 1 || ps[0].Action != equipment.ApprovalApproved || ps[0].EquipmentID == nil || *ps[0].EquipmentID != line.ID ||
		ps[0].MessageID != ans || ps[0].Text != "The pod is approved for 30 days." {
		t.Fatalf("proposals %+v, want the pod approved by message %d", ps, ans)
	}
}

// TestEquipmentFiledFromTriage assigns a technician's note that matched no
// claim by hand: its proposals are read then, and move with the message
// when it is moved to another claim.
func TestEquipmentFiledFromTriage(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	ctx := t.Context()
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	id := b.deliver(t, "in", at, personMail("Tom Tech <tom@smrestore.example>", "Smith house", "t9@smrestore.example", "",
		"Set 6 air movers and 2 dehus in the basement.\n", at))
	if ps := b.proposals(t); len(ps) != 0 {
		t.Fatalf("proposals %+v on the claim before the message was filed", ps)
	}
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	filer := NewFiler(b.db, b.blobs, NewQueue(rc), time.UTC, nil)
	if _, err := filer.Move(ctx, MoveRequest{MessageID: id, ToClaimID: b.claim.ID, Actor: "dana@smrestore.example"}); err != nil {
		t.Fatal(err)
	}
	ps := b.proposals(t)
	if len(ps) != 2 || ps[0].Kind != equipment.AirMover || ps[0].Count != 6 || ps[1].Kind != equipment.Dehumidifier || ps[1].Count != 2 {
		t.Fatalf("proposals after filing from triage: %+v", ps)
	}
	other, err := b.db.CreateClaim(ctx, storage.Claim{ClaimNumber: "0683449786", InsuredName: "Patricia Smith"}, "", at, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := filer.Move(ctx, MoveRequest{MessageID: id, ToClaimID: other.ID, Actor: "dana@smrestore.example"}); err != nil {
		t.Fatal(err)
	}
	moved, err := b.db.ClaimEquipmentProposals(ctx, other.ID)
	if err != nil || len(moved) != 2 || moved[0].ID != ps[0].ID || len(b.proposals(t)) != 0 {
		t.Errorf("after the move: %+v (%v) on the new claim, %d left on the old one", moved, err, len(b.proposals(t)))
	}
}

// TestEquipmentFromACustomersMail: a homeowner's "your guys set up fans
// and a dehumidifier yesterday" proposes the day before her mail, the fans'
// count left to a person; her later "the fans are still running" proposes
// nothing.
func TestEquipmentFromACustomersMail(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	at := time.Date(2026, 12, 4, 15, 40, 0, 0, time.UTC)
	b.deliver(t, "in", at, personMail("Naomi Fairbanks <naomi@example.com>", "60-8H77-8H5 bedroom", "n1@example.com", "",
		"Hi, your guys set up fans and a dehumidifier in my upstairs bedroom yesterday. Thanks!\n\nNaomi\n", at))
	b.deliver(t, "in", at.Add(2*time.Hour), personMail("Naomi Fairbanks <naomi@example.com>", "60-8H77-8H5 light", "n2@example.com", "",
		"Hi, the dehumidifier upstairs has had an orange light on since this morning and the fans are still running. Is that normal?\n", at.Add(2*time.Hour)))
	ps := b.proposals(t)
	yesterday := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	if len(ps) != 2 || ps[0].Kind != equipment.AirMover || ps[0].Count != 0 || ps[1].Kind != equipment.Dehumidifier || ps[1].Count != 1 ||
		!ps[0].At.Equal(yesterday) || !ps[1].At.Equal(yesterday) {
		t.Fatalf("proposals %+v, want fans (how many not said) and 1 dehumidifier, placed yesterday", ps)
	}
}

// TestEquipmentDayFromMail: a day the mail names without a time is kept
// as that day alone, and a time it gives is kept on its day.
func TestEquipmentDayFromMail(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	at := time.Date(2026, 11, 4, 10, 0, 0, 0, time.UTC) // Wednesday
	b.deliver(t, "in", at, personMail("Tom Tech <tom@smrestore.example>", "60-8H77-8H5 Castillo", "t9@smrestore.example", "",
		"Hi,\n\nSet 4 air movers yesterday.\nPulled 2 dehus on Monday at 3pm.\n\nTom\n", at))
	ps := b.proposals(t)
	if len(ps) != 2 {
		t.Fatalf("proposals %+v, want two", ps)
	}
	byKind := map[string]storage.EquipmentProposal{ps[0].Kind: ps[0], ps[1].Kind: ps[1]}
	yesterday := equipment.OnDay(at.AddDate(0, 0, -1), time.UTC)
	if p := byKind[equipment.AirMover]; !p.DayOnly || !p.At.Equal(yesterday) {
		t.Errorf("air movers set yesterday: %+v, want the day alone, %v", p, yesterday)
	}
	if p, monday := byKind[equipment.Dehumidifier], time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC); p.DayOnly || !p.At.Equal(monday) {
		t.Errorf("dehus pulled on Monday at 3pm: %+v, want %v", p, monday)
	}
}
