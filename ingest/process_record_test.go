package ingest

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/storage"
)

// TestProcessFillsTheClaimRecord processes an assignment written in a
// carrier's capitals and then a technician's 24-hour scope: the claim the
// assignment creates has the insured as "First Last", the phones, cause and
// description; the scope's "CAT 2 / Class 3" fills the empty water category
// and class, recorded in the claim's history, and a later scope naming
// others changes nothing.
func TestProcessFillsTheClaimRecord(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, blobs := openStores(t)
	p := NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir()}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	uid := uint32(0)
	process := func(raw string) {
		t.Helper()
		uid++
		id := storeRawMessageUID(t, db, blobs, []byte(raw), uid)
		job := &river.Job[ProcessArgs]{JobRow: &rivertype.JobRow{Attempt: 1, MaxAttempts: 10}, Args: ProcessArgs{MessageID: id}}
		if err := p.Work(ctx, job); err != nil {
			t.Fatal(err)
		}
		if m, err := db.GetMessage(ctx, id); err != nil || m.Status != storage.StatusFiled {
			t.Fatalf("message %d: status %q (%v), want filed", id, m.Status, err)
		}
	}
	process("From: Dana Reyes <dreyes@statefarm.example>\r\nTo: claims@office.example\r\nSubject: New assignment 60-8H77-8H5\r\n" +
		"Message-ID: <a1@statefarm.example>\r\nDate: Mon, 02 Mar 2026 09:00:00 -0600\r\n\r\n" +
		"Please accept this new mitigation assignment.\r\n\r\nClaim Number: 60-8H77-8H5\r\nInsured: OSTROWSKI, WENDELL\r\n" +
		"Home Phone: (214) 555-0143\r\nLoss Address: 4410 Preston Rd, Dallas, TX 75225\r\nCause of Loss: supply line\r\n" +
		"Loss Description: Kitchen sink supply line failed.\r\n\r\nThanks,\r\nDana Reyes\r\nOffice: 972-555-0100\r\n")
	claims, err := db.ClaimsByClaimNumber(ctx, "608H778H5")
	if err != nil || len(claims) != 1 {
		t.Fatalf("claims from the assignment: %v %v", claims, err)
	}
	c := claims[0]
	if c.InsuredName != "Wendell Ostrowski" || c.InsuredPhone != "(214) 555-0143" || c.Cause != "supply line" ||
		c.LossDescription != "Kitchen sink supply line failed." || c.AdjusterPhone != "972-555-0100" || c.Carrier != "State Farm" {
		t.Errorf("claim from the assignment: %+v", c)
	}

	scope := func(n int, body string) string {
		return "From: Ray Kim <ray@office.example>\r\nTo: claims@office.example\r\nSubject: 24 hr scope - claim 60-8H77-8H5\r\n" +
			"Message-ID: <s" + string(rune('0'+n)) + "@office.example>\r\nDate: Mon, 02 Mar 2026 15:00:00 -0600\r\n\r\n" + body + "\r\n"
	}
	process(scope(1, "Readings taken. CAT 2 / Class 3. Three air movers placed."))
	process(scope(2, "Update: Category 3, Class 4."))
	c, err = db.GetClaim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Cat != 2 || c.Class != 3 {
		t.Errorf("after the scopes: CAT %d Class %d, want the first scope's 2 and 3", c.Cat, c.Class)
	}
	changes, err := db.ClaimChanges(ctx, c.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, ch := range changes {
		found[ch.Field] = ch.Actor + " " + ch.New
	}
	if found["cat"] != "scope in the mail 2" || found["class"] != "scope in the mail 3" {
		t.Errorf("history: %v", found)
	}
}

// TestClaimHistoryOfMailAtArrival: last week's assignment and scope,
// processed today (a backfill), are in the claim's history when they
// arrived, before what a person changed today, not as today's.
func TestClaimHistoryOfMailAtArrival(t *testing.T) {
	t.Parallel()
	b := setupRequests(t)
	ctx := t.Context()
	if _, err := b.db.UpdateClaim(ctx, b.claim.ID, storage.ClaimPatch{Fields: map[string]string{"insured_phone": "(214) 555-0143"}},
		"dana@smrestore.example"); err != nil {
		t.Fatal(err)
	}
	assigned := time.Date(2026, 11, 3, 15, 0, 0, 0, time.UTC)
	b.deliver(t, "in", assigned, "From: Dana Reyes <dreyes@statefarm.example>\nTo: claims@smrestore.example\n"+
		"Subject: New assignment 60-8H77-8H5\nMessage-ID: <a7@statefarm.example>\nDate: "+assigned.Format(time.RFC1123Z)+"\n\n"+
		"Please accept this new mitigation assignment.\n\nClaim Number: 60-8H77-8H5\nInsured: CASTILLO, KEVIN\n"+
		"Loss Address: 4410 Preston Rd, Dallas, TX 75225\n\nThanks,\nDana Reyes\n")
	scoped := assigned.Add(26 * time.Hour)
	b.deliver(t, "in", scoped, personMail("Ray Kim <ray@smrestore.example>", "24 hr scope - claim 60-8H77-8H5", "s7@smrestore.example", "",
		"Readings taken. CAT 2 / Class 3.", scoped))
	changes, err := b.db.ClaimChanges(ctx, b.claim.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	at := map[string]time.Time{}
	for _, ch := range changes {
		order = append(order, ch.Field)
		at[ch.Field] = ch.At
	}
	if len(order) == 0 || order[0] != "insured_phone" || order[len(order)-1] != "loss_address" {
		t.Errorf("history %v: want today's change first, the assignment's last", order)
	}
	if !at["loss_address"].Equal(assigned) || !at["cat"].Equal(scoped) || !at["class"].Equal(scoped) {
		t.Errorf("history times %v: want the assignment's at %v, the scope's at %v", at, assigned, scoped)
	}
}
