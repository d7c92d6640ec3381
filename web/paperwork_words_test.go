package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimPageWordsFollowTheFacts: on a claim whose work started days ago
// (a drying log came) without an ATP, with a COS on file nobody checked and
// an adjuster asking for the COS and the ATP, the page says what the facts
// say: the ATP is asked for as work already started, the COS is on file to
// be checked, not missing, and the adjuster is offered the COS alone, the
// ATP named as not on file.
func TestClaimPageWordsFollowTheFacts(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2110-WTR", Number: "LA123-456789-01", Carrier: "Allstate", Insured: "Ruth Sandoval",
		LossType: "Water", Adjuster: "Kevin Strand", AdjusterEmail: "kevin.strand@carrier.example", Opened: now.Add(-5 * 24 * time.Hour)})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name, email)
		VALUES ($1, 'technician', 'Jake Halvorsen', 'jake@field.example')`, claim); err != nil {
		t.Fatal(err)
	}
	for _, d := range []docSeed{
		{Filename: "IMG_1.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos", Data: []byte("jpeg 1"), Received: now.Add(-4 * 24 * time.Hour)},
		{Filename: "scope.pdf", ContentType: "application/pdf", DocType: "scope", Folder: "Scope", Data: []byte("%PDF scope"), Received: now.Add(-4 * 24 * time.Hour)},
		{Filename: "readings.pdf", ContentType: "application/pdf", DocType: "drying_log", Folder: "Drying Logs", Data: []byte("%PDF log"), Received: now.Add(-3 * 24 * time.Hour)},
		{Filename: "cos.pdf", ContentType: "application/pdf", DocType: "cos", Folder: "Contracts", Data: []byte("%PDF cos"), Received: now.Add(-2 * time.Hour)},
	} {
		b.addDocument(t, claim, d)
	}
	msg := b.addMessage(t, msgSeed{Subject: "COS and ATP please", From: "kevin.strand@carrier.example", FromName: "Kevin Strand",
		ClaimID: claim, Status: "filed", Arrived: now.Add(-time.Hour)})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
		VALUES ($1, $2, 'kevin.strand@carrier.example', '{cos,atp}', 'Please send the COS and the ATP', $3, $4, 1)`,
		claim, msg, now.Add(-time.Hour), now.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK))

	next := between(t, page, `id="next-h"`, "</section>")
	for _, want := range []string{
		"Ask Jake for the signed ATP (work authorization): work started without one (overdue since",
		"Send Kevin Strand the COS (certificate of satisfaction); not on file yet: ATP (work authorization) (due",
	} {
		if !strings.Contains(next, want) {
			t.Errorf("the next steps lack %q:\n%s", want, next)
		}
	}
	for _, wrong := range []string{"before work starts", "Send Kevin Strand the COS (certificate of satisfaction), ATP"} {
		if strings.Contains(page, wrong) {
			t.Errorf("the page says %q against the facts", wrong)
		}
	}
	signatures := between(t, page, "<strong>Signed forms verified</strong>", "</li>")
	// The checklist above says the COS is on file, its signature not
	// verified: the milestone refers to it.
	if !strings.Contains(signatures, "see the checklist") || strings.Contains(signatures, "missing") {
		t.Errorf("the signatures call the COS on file missing:\n%s", signatures)
	}
	if cos := between(t, page, `<li class="item-unverified">`, "</li>"); !strings.Contains(cos, "COS (certificate of satisfaction)") ||
		!strings.Contains(cos, "on file, signature not verified") {
		t.Errorf("the checklist's COS line reads %s", cos)
	}
}

// TestPhonedInClaimFirstSteps: a claim created by hand, with no assignment
// mail and nothing from the job, gets a new job's first steps by the rules
// every claim has: the technician's first documents, by their deadline,
// with the reminder that asks Jake for them, and what its record lacks;
// not only the adjuster's update.
func TestPhonedInClaimFirstSteps(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-2111-WTR", Insured: "Phone Caller", Address: "12 Elm St, Minneapolis, MN", LossType: "Water"})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name, email)
		VALUES ($1, 'technician', 'Jake Halvorsen', 'jake@field.example')`, claim); err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK))
	next := between(t, page, `id="next-h"`, "</section>")
	for _, want := range []string{"Ask Jake for the photos, scope (due", ">Email Jake</a>", "Complete the record: ", "carrier", "claim number", "adjuster"} {
		if !strings.Contains(next, want) {
			t.Errorf("a new job's next steps lack %q:\n%s", want, next)
		}
	}
}

// TestTechnicianWhoEstimatesIsRemindedOfBoth: a technician who writes the
// estimate too is asked for it on the page, and the reminder to them asks
// for it: the page does not say the claim has no estimator to remind.
func TestTechnicianWhoEstimatesIsRemindedOfBoth(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2112-WTR", Number: "LA123-456789-02", Carrier: "Allstate", Insured: "Ana Ruiz",
		LossType: "Water", Adjuster: "Kevin Strand", AdjusterEmail: "kevin.strand@carrier.example", Opened: now.Add(-6 * 24 * time.Hour)})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name, email)
		VALUES ($1, 'technician', 'Jake Halvorsen', 'jake@field.example'), ($1, 'estimator', 'Jake Halvorsen', 'jake@field.example')`, claim); err != nil {
		t.Fatal(err)
	}
	for _, d := range []docSeed{
		{Filename: "IMG_1.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos", Data: []byte("jpeg 1"), Received: now.Add(-5 * 24 * time.Hour)},
		{Filename: "scope.pdf", ContentType: "application/pdf", DocType: "scope", Folder: "Scope", Data: []byte("%PDF scope"), Received: now.Add(-5 * 24 * time.Hour)},
		{Filename: "atp.pdf", ContentType: "application/pdf", DocType: "atp", Folder: "Contracts", Data: []byte("%PDF atp"), Received: now.Add(-5 * 24 * time.Hour)},
	} {
		b.addDocument(t, claim, d)
	}
	page := html.UnescapeString(b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK))
	next := between(t, page, `id="next-h"`, "</section>")
	if !strings.Contains(next, "Ask Jake for the estimate, sketch") || !strings.Contains(next, ">Email Jake</a>") {
		t.Errorf("the paperwork does not ask Jake for the estimate with a reminder to him:\n%s", next)
	}
	if strings.Contains(page, "no estimator is set") || !strings.Contains(page, "Email Jake: send the drying log, the signed COS, the estimate and the sketch") {
		t.Errorf("the reminders do not ask Jake for the estimate and the sketch:\n%s", between(t, page, `id="reminders-h"`, "</section>"))
	}
}

// TestLatePickupKeepsTheCOSLine: on a job whose equipment came back after
// the billing packet's deadline, the COS is asked by its own alert, with
// the reminder to the technician beside it; the billing line names it as
// still missing rather than taking the ask, and with it the reminder, away.
func TestLatePickupKeepsTheCOSLine(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2113-WTR", Number: "LA123-456789-03", Carrier: "Allstate", Insured: "Lena Park",
		LossType: "Water", Adjuster: "Kevin Strand", AdjusterEmail: "kevin.strand@carrier.example", Opened: now.Add(-24 * 24 * time.Hour)})
	ctx := context.Background()
	if _, err := b.sql.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email)
		VALUES ($1, 'technician', 'Jake Halvorsen', 'jake@field.example'), ($1, 'estimator', 'Sam Ortiz', 'sam@office.example')`, claim); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetJobStage(ctx, claim, storage.StageEquipmentPickedUp, now.Add(-time.Hour), "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	early := now.Add(-22 * 24 * time.Hour)
	for _, d := range []docSeed{
		{Filename: "IMG_1.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos", Data: []byte("jpeg 1"), Received: early},
		{Filename: "scope.pdf", ContentType: "application/pdf", DocType: "scope", Folder: "Scope", Data: []byte("%PDF scope"), Received: early},
		{Filename: "atp.pdf", ContentType: "application/pdf", DocType: "atp", Folder: "Contracts", Data: []byte("%PDF atp"), Received: early},
		{Filename: "log.pdf", ContentType: "application/pdf", DocType: "drying_log", Folder: "Drying Logs", Data: []byte("%PDF log"), Received: early},
		{Filename: "est.pdf", ContentType: "application/pdf", DocType: "estimate", Folder: "Estimates", Data: []byte("%PDF est"), Received: early},
		{Filename: "sketch.pdf", ContentType: "application/pdf", DocType: "sketch", Folder: "Sketches", Data: []byte("%PDF sketch"), Received: early},
	} {
		b.addDocument(t, claim, d)
	}
	page := html.UnescapeString(b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK))
	next := between(t, page, `id="next-h"`, "</section>")
	cos := "Ask Jake for the signed COS (certificate of satisfaction), signed at equipment pickup"
	i := strings.Index(next, cos)
	if i < 0 || !strings.Contains(next[i:], ">Email Jake</a>") {
		t.Errorf("the COS is not asked of Jake with the reminder to him:\n%s", next)
	}
	// The claim page lists every line: the billing packet's says nothing
	// the COS's line does not; a page of one line a claim names it.
	if strings.Contains(next, "still missing") {
		t.Errorf("the claim page's billing line repeats the COS's:\n%s", next)
	}
	if morning := html.UnescapeString(b.get(t, "/morning", http.StatusOK)); !strings.Contains(morning, "Before the invoice can go: still missing the signed COS (certificate of satisfaction)") {
		t.Errorf("the morning page's billing line does not name the COS as still missing:\n%s", morning)
	}
}

// TestNameAmong: a person is named by first name, by first name and last
// initial when another person of the claim shares the first name, and by
// full name when the initials clash too; one person in two roles is no
// clash.
func TestNameAmong(t *testing.T) {
	t.Parallel()
	people := func(names ...string) []storage.ClaimParticipant {
		var out []storage.ClaimParticipant
		for _, n := range names {
			out = append(out, storage.ClaimParticipant{Role: "technician", Name: n})
		}
		return out
	}
	for _, c := range []struct {
		name   string
		people []storage.ClaimParticipant
		want   string
	}{
		{"Jake Miller", people("Jake Miller", "Sam Lee"), "Jake"},
		{"Jake Miller", people("Jake Miller", "Jake Ortiz"), "Jake M."},
		{"Jake Ortiz", people("Jake Miller", "jake ortiz"), "Jake O."},
		{"Ortiz, Jake", people("Jake Miller", "Ortiz, Jake"), "Jake O."},
		{"Jake Miller", people("Jake Miller", "Jake Morris"), "Jake Miller"},
		{"Jake Miller", people("Jake Miller", "Jake Miller"), "Jake"},
		{"Jake", people("Jake", "Jake Ortiz"), "Jake"},
		{"Ángel Ruiz", people("Ángel Ruiz", "ángel ñúñez"), "Ángel R."},
		{",", people(",", "Jake Ortiz"), ","},
	} {
		if got := nameAmong(c.name, c.people); got != c.want {
			t.Errorf("%q among %v: %q, want %q", c.name, c.people, got, c.want)
		}
	}
}

// TestClaimPageTellsNamesakesApart: on a claim whose technician Jake
// Miller and foreman Jake Ortiz share a first name, the lines that ask
// someone for a document, and the reminders beside them, name each so
// that they can be told apart, on the claim page and on the board.
func TestClaimPageTellsNamesakesApart(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2120-WTR", Insured: "Ruth Sandoval", LossType: "Water", Opened: now.Add(-5 * 24 * time.Hour)})
	if _, err := b.sql.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email) VALUES
		($1, 'technician', 'Jake Miller', 'jake.miller@field.example'), ($1, 'foreman', 'Jake Ortiz', 'jake.ortiz@field.example')`, claim); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetJobStage(ctx, claim, storage.StageEquipmentPickedUp, now.Add(-2*time.Hour), "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK))
	paperwork := between(t, page, `id="next-h"`, "</section>")
	for _, want := range []string{
		"Ask Jake M. for the signed COS (certificate of satisfaction), signed at equipment pickup",
		"Ask Jake M. for the photos, scope",
		"Email Jake M.",
	} {
		if !strings.Contains(paperwork, want) {
			t.Errorf("the paperwork lacks %q:\n%s", want, paperwork)
		}
	}
	// The lines ask Jake M.; Write a reminder offers the foreman too.
	if reminders := between(t, page, `id="reminders-h"`, "</section>"); !strings.Contains(reminders, "Email Jake O.") {
		t.Errorf("the reminders lack %q:\n%s", "Email Jake O.", reminders)
	}
	if strings.Contains(page, "Ask Jake for") || strings.Contains(page, "Email Jake<") {
		t.Errorf("the page names a Jake without saying which:\n%s", paperwork)
	}
	board := html.UnescapeString(b.get(t, "/", http.StatusOK))
	if !strings.Contains(board, "Ask Jake M. for the") || strings.Contains(board, "Ask Jake for") {
		t.Errorf("the board does not tell the Jakes apart:\n%s", between(t, board, "26-2120-WTR", "</li>"))
	}
}
