package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// TestAnswerStepNamesTheSenderByTheRecord: mail whose sender gives no
// name is answered by the name the claim's record has for the address
// (the insured, the adjuster, one of its people), else by the address.
func TestAnswerStepNamesTheSenderByTheRecord(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	due := now.Add(20 * time.Minute)
	w := claimWork{
		claim: storage.Claim{InsuredName: "Harold Becker", InsuredEmail: "hbecker1948@lakesnet.example",
			AdjusterName: "Alicia Moreno", AdjusterEmail: "amoreno@ironbridge.example"},
		people: []storage.ClaimParticipant{{Role: "technician", Name: "Jake Halvorsen", Email: "jhalvorsen@demo.example"}},
	}
	for _, from := range []string{"HBecker1948@lakesnet.example", "amoreno@ironbridge.example", "jhalvorsen@demo.example", "someone@else.example"} {
		w.waiting = append(w.waiting, storage.MessageRow{ID: int64(len(w.waiting) + 1), FromAddress: from, Subject: "electric bill", AckDueAt: &due})
	}
	var got []string
	for _, s := range nextSteps(w, nil, now, sla.NewCalendar(time.UTC, sla.DefaultHours()), time.UTC) {
		got = append(got, s.Text)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"Answer Harold Becker:", "Answer Alicia Moreno:", "Answer Jake Halvorsen:", "Answer someone@else.example:"} {
		if !strings.Contains(all, want) {
			t.Errorf("steps lack %q:\n%s", want, all)
		}
	}
}

// TestBoardNamesSendersByTheRecord: on the board, a waiting message from
// the insured's address that gives no name shows the insured's name; the
// API keeps the mail's own (empty) name.
func TestBoardNamesSendersByTheRecord(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-2104-MLD", Number: "IB218-604417-02", Insured: "Harold Becker", LossType: "Mold"})
	if _, err := b.sql.Exec(context.Background(), `UPDATE claims SET insured_email = 'hbecker1948@lakesnet.example' WHERE id = $1`, claim); err != nil {
		t.Fatal(err)
	}
	b.addMessage(t, msgSeed{Subject: "Re: electric bill", From: "HBecker1948@lakesnet.example", ClaimID: claim, Status: "filed",
		NeedsAck: true, Arrived: now, Due: ptr(now.Add(20 * time.Minute))})
	page := b.get(t, "/", http.StatusOK)
	row := between(t, page, `id="waiting-h"`, "</section>")
	if !strings.Contains(row, `<span title="HBecker1948@lakesnet.example">Harold Becker</span>`) {
		t.Errorf("the waiting row does not name Harold Becker:\n%s", row)
	}
}
