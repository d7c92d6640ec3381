package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestRequestsOnBoardAndClaimPage shows open requests on the board, soonest
// due first, and on the claim page with their age and due time; marking
// one done from the board takes it off the board and keeps it, done, on
// the claim page.
func TestRequestsOnBoardAndClaimPage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Carrier: "State Farm", Insured: "Ellen Ripley",
		Adjuster: "Ann Adjuster", AdjusterEmail: "ann@carrier.example", Opened: now.Add(-50 * time.Hour)})
	record := func(subject string, asked time.Time, due *time.Time, docTypes ...string) int64 {
		msg := b.addMessage(t, msgSeed{Subject: subject, ClaimID: claim, NeedsAck: true, Arrived: asked, FromName: "Ann Adjuster"})
		err := b.db.InTx(context.Background(), func(tx pgx.Tx) error {
			return storage.RecordRequest(context.Background(), tx, storage.NewRequest{ClaimID: claim, MessageID: msg,
				From: "ann@carrier.example", DocTypes: docTypes, Items: []string{"dry_out_date"}, Text: subject, AskedAt: asked, Due: due})
		})
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		b.query(t, `SELECT id FROM requests WHERE message_id = $1`, []any{msg}, &id)
		return id
	}
	later := record("Need the invoice by Friday", now.Add(-time.Hour), ptr(now.Add(48*time.Hour)), "invoice")
	soon := record("I need the signed work authorization and the moisture map", now.Add(-3*time.Hour), ptr(now.Add(-30*time.Minute)), "atp", "drying_log")

	body := b.get(t, "/", http.StatusOK)
	for _, want := range []string{
		`Open requests <span class="count">2</span>`,
		fmt.Sprintf(`class="state-overdue" id="request-%d"`, soon),
		"ATP (work authorization), Drying log, Dry-out date",
		// when it was asked as a date, how late in business time; neither
		// breaks across lines on a phone
		`<span class="nowrap">asked <time datetime="` + now.Add(-3*time.Hour).UTC().Format(time.RFC3339) + `">` +
			now.Add(-3*time.Hour).UTC().Format("Mon Jan 2, 15:04") + `</time></span>`,
		`<span class="nowrap">overdue 30 business min</span>`,
		fmt.Sprintf(`action="/requests/%d/done"`, later),
		// who asked, by name, and in which message
		`title="ann@carrier.example">Ann Adjuster: “Need the invoice by Friday”</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("board lacks %q", want)
		}
	}
	if !inOrder(body, fmt.Sprintf(`id="request-%d"`, soon), fmt.Sprintf(`id="request-%d"`, later)) {
		t.Error("open requests are not soonest due first")
	}
	if strings.Contains(body, "drying_log") {
		t.Error("the board shows a raw document code")
	}
	// The claim page's fold counts what is still to do.
	if page := b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK); !strings.Contains(page, `Requests <span class="count">2 open</span></h2>`) {
		t.Errorf("the claim page does not count 2 requests open:\n%s", between(t, page, `id="requests-h"`, "</summary>"))
	}

	resp, _ := b.post(t, fmt.Sprintf("/requests/%d/done", soon), url.Values{"note": {"emailed from my phone"}, "next": {"/"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark done: %d, want a redirect back", resp.StatusCode)
	}
	body = b.get(t, "/", http.StatusOK)
	if strings.Contains(body, fmt.Sprintf(`id="request-%d"`, soon)) || !strings.Contains(body, `Open requests <span class="count">1</span>`) {
		t.Error("a request marked done is still on the board")
	}
	page := b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK)
	for _, want := range []string{
		fmt.Sprintf(`class="state-met" id="request-%d"`, soon), "emailed from my phone",
		fmt.Sprintf(`class="state-pending" id="request-%d"`, later), "Need the invoice by Friday", "(1 business hour ago)",
		// done requests are not counted among those to do
		`Requests <span class="count">1 open</span> <small class="count-done">1 done</small></h2>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("claim page lacks %q", want)
		}
	}
}

// TestRequestAskedAgainIsOneRequest: an adjuster who writes again for
// what they asked before ("still waiting on the photos") has one request
// open, asked again, not two; marking it done marks both. A request from
// someone else, or asking for more, is a request of its own.
func TestRequestAskedAgainIsOneRequest(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley", Opened: now.Add(-50 * time.Hour)})
	record := func(from, subject string, asked time.Time, docTypes ...string) int64 {
		t.Helper()
		msg := b.addMessage(t, msgSeed{Subject: subject, ClaimID: claim, NeedsAck: true, Arrived: asked})
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			return storage.RecordRequest(ctx, tx, storage.NewRequest{ClaimID: claim, MessageID: msg, From: from,
				DocTypes: docTypes, Text: subject, AskedAt: asked, Due: ptr(asked.Add(24 * time.Hour))})
		})
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		b.query(t, `SELECT id FROM requests WHERE message_id = $1`, []any{msg}, &id)
		return id
	}
	first := record("ann@carrier.example", "Please send the photos", now.Add(-28*time.Hour), "photo")
	again := record("Ann@Carrier.example", "Still waiting on the photos", now.Add(-2*time.Hour), "photo")
	more := record("ann@carrier.example", "Photos and the estimate please", now.Add(-time.Hour), "photo", "estimate")
	other := record("desk@tpa.example", "Photos?", now.Add(-time.Hour), "photo")

	board := b.get(t, "/", http.StatusOK)
	if !strings.Contains(board, `Open requests <span class="count">3</span>`) || strings.Contains(board, fmt.Sprintf(`id="request-%d"`, again)) {
		t.Errorf("board counts or lists the request asked again as one of its own")
	}
	if !strings.Contains(section(t, board, fmt.Sprintf(`id="request-%d"`, first), "</li>"), "asked again 1×") {
		t.Errorf("board's first request does not say it was asked again")
	}
	page := b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK)
	if strings.Contains(page, fmt.Sprintf(`id="request-%d"`, again)) {
		t.Errorf("claim page lists the request asked again as one of its own")
	}
	if row := section(t, page, fmt.Sprintf(`id="request-%d"`, first), "</li>"); !strings.Contains(row, "asked again") || !strings.Contains(row, iso(now.Add(-2*time.Hour))) {
		t.Errorf("claim page's first request does not say when it was asked again: %s", row)
	}
	for _, id := range []int64{more, other} {
		if !strings.Contains(page, fmt.Sprintf(`id="request-%d"`, id)) {
			t.Errorf("claim page lacks request %d, which is not a repeat", id)
		}
	}
	r, err := b.db.GetRequest(ctx, again)
	if err != nil || r.RepeatOf == nil || *r.RepeatOf != first {
		t.Errorf("the request asked again: repeat of %v (%v), want %d", r.RepeatOf, err, first)
	}

	if resp, body := b.post(t, fmt.Sprintf("/requests/%d/done", first), url.Values{"note": {"sent from the job system"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark done: %d %s", resp.StatusCode, body)
	}
	for id, want := range map[int64]string{first: storage.RequestDone, again: storage.RequestDone, more: storage.RequestOpen, other: storage.RequestOpen} {
		if r, err := b.db.GetRequest(ctx, id); err != nil || r.Status != want {
			t.Errorf("request %d after marking the first done: %q (%v), want %q", id, r.Status, err, want)
		}
	}
}
