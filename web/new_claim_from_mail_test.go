package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// kesslerMail stores a homeowner's first email about a loss, in triage
// with no candidate claim, waiting for an answer since arrived.
func kesslerMail(t *testing.T, b *pageBundle, arrived time.Time, due time.Time) int64 {
	t.Helper()
	return b.addMessage(t, msgSeed{Subject: "Water in basement - sump pump failed", Status: "triage",
		From: "bkessler@northmail.example", FromName: "Brian Kessler", Arrived: arrived, NeedsAck: true, Due: &due,
		BodyText: "Hello,\n\nOur sump pump quit overnight and there is about an inch of water in the finished basement, " +
			"house is in Maple Grove. I have not called my insurance yet. Can someone come out today? " +
			"My cell is (763) 555-0118.\n\nBrian Kessler"})
}

// TestNewClaimFromMailFilledIn opens "Create a claim from this message" on
// a homeowner's mail: the form, the one /claims/new has, is filled in from
// the sender and the body, and the loss type left unknown is read from
// what happened, as on /claims/new.
func TestNewClaimFromMailFilledIn(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	id := kesslerMail(t, b, now.Add(-time.Hour), now.Add(-30*time.Minute))
	page := b.get(t, fmt.Sprintf("/messages/%d", id), http.StatusOK)
	if want := fmt.Sprintf(`href="/messages/%d/claim"`, id); !strings.Contains(page, want) {
		t.Errorf("the message page does not lead to the new-claim form (%s)", want)
	}
	form := html.UnescapeString(b.get(t, fmt.Sprintf("/messages/%d/claim", id), http.StatusOK))
	for _, want := range []string{
		fmt.Sprintf(`action="/messages/%d/claim"`, id), `name="insured_name" value="Brian Kessler"`,
		`name="insured_phone" value="(763) 555-0118"`, `name="insured_email" value="bkessler@northmail.example"`,
		`<option selected>Water</option>`, `Water in basement - sump pump failed. Our sump pump quit overnight and there is about an inch of water in the finished basement, house is in Maple Grove.</textarea>`, `name="p_name"`,
	} {
		if !strings.Contains(form, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	resp, _ := b.post(t, fmt.Sprintf("/messages/%d/claim", id), url.Values{"insured_name": {"Brian Kessler"},
		"insured_phone": {"(763) 555-0118"}, "loss_type": {""}, "loss_description": {"Sump pump failed, water in the basement"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	var job, phone string
	b.query(t, `SELECT c.job_number, c.insured_phone FROM claims c JOIN messages m ON m.claim_id = c.id WHERE m.id = $1`,
		[]any{id}, &job, &phone)
	if !strings.HasSuffix(job, "-WTR") || phone != "(763) 555-0118" {
		t.Errorf("claim %s, phone %q: want a water job with the phone typed", job, phone)
	}
}

// TestNewClaimFromMailOpened creates a claim on Monday from mail that
// arrived days before: the claim says it was opened from that mail, its
// first documents are due from its making (it is not born overdue), and
// the mail's own answer stays due when it was.
func TestNewClaimFromMailOpened(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	due := now.Add(-70 * time.Hour)
	id := kesslerMail(t, b, now.Add(-72*time.Hour), due)
	resp, _ := b.post(t, fmt.Sprintf("/messages/%d/claim", id), url.Values{"insured_name": {"Brian Kessler"},
		"loss_type": {"Water"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	claim := resp.Header.Get("Location")
	page := html.UnescapeString(b.get(t, claim, http.StatusOK))
	if want := fmt.Sprintf(`opened from mail <a href="/messages/%d">“Water in basement - sump pump failed”</a>`, id); !strings.Contains(page, want) {
		t.Errorf("the claim page does not say it was opened from the mail (%s)", want)
	}
	if strings.Contains(page, "entered by hand") {
		t.Error("a claim made from mail says it was entered by hand")
	}
	if strings.Contains(page, "photos, scope (overdue since") {
		t.Error("a claim made now is born overdue on its first documents")
	}
	var claimID int64
	var ackDue time.Time
	b.query(t, `SELECT claim_id, ack_due_at FROM messages WHERE id = $1`, []any{id}, &claimID, &ackDue)
	opened, err := b.db.ClaimsOpenedAt(context.Background(), []int64{claimID})
	if err != nil {
		t.Fatal(err)
	}
	if at := opened[claimID]; at.Before(now.Add(-time.Minute)) {
		t.Errorf("the claim opened at %v, the mail's arrival, not at its making (%v)", at, now)
	}
	if !ackDue.Equal(due) {
		t.Errorf("the mail's answer is due %v, want %v as before", ackDue, due)
	}
}

// TestNewClaimFromMailTakenJobNumber types a job number another claim has:
// the form comes back with the refusal on it, everything typed kept and
// the way back to the mail, as /claims/new does; nothing is created.
func TestNewClaimFromMailTakenJobNumber(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.addClaim(t, claimSeed{Job: "26-2106-WTR", Insured: "Someone Else"})
	now := b.clock.Now()
	id := kesslerMail(t, b, now.Add(-time.Hour), now.Add(time.Hour))
	resp, body := b.post(t, fmt.Sprintf("/messages/%d/claim", id), url.Values{"job_number": {"26-2106-WTR"},
		"insured_name": {"Brian Kessler"}, "insured_phone": {"(763) 555-0118"}, "loss_address": {"9 Elm St, Maple Grove MN 55311"},
		"loss_type": {"Water"}, "loss_description": {"Sump pump failed"}})
	body = html.UnescapeString(body)
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("taken job number: %d, want 409", resp.StatusCode)
	}
	for _, want := range []string{
		`<p class="error" role="alert">job number 26-2106-WTR exists already</p>`, `id="new-claim"`,
		fmt.Sprintf(`action="/messages/%d/claim"`, id), `name="job_number" value="26-2106-WTR"`,
		`name="insured_phone" value="(763) 555-0118"`, `name="loss_address" value="9 Elm St, Maple Grove MN 55311"`,
		`Sump pump failed</textarea>`, fmt.Sprintf(`href="/messages/%d"`, id),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the form refused lacks %q", want)
		}
	}
	var claims int
	b.query(t, `SELECT count(*) FROM claims`, nil, &claims)
	if claims != 1 {
		t.Errorf("%d claims after the refusal, want 1", claims)
	}
}

// TestTriageCreateClaim offers "Create a claim", to the form filled in
// from the mail, on a triage card without a candidate claim, and not on
// one whose candidates are the choice, nor on the office's own mail.
func TestTriageCreateClaim(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	alone := kesslerMail(t, b, now.Add(-time.Hour), now.Add(time.Hour))
	a := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	c := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks"})
	which := b.triageMessage(t, "Which claim?", a, c)
	copied := b.addMessage(t, msgSeed{Subject: "Your copy", Status: "triage", Direction: "out", From: "claims@office.example"})
	page := b.get(t, "/triage", http.StatusOK)
	if want := fmt.Sprintf(`<a class="button" href="/messages/%d/claim">Create a claim</a>`, alone); !strings.Contains(page, want) {
		t.Errorf("the card without a candidate does not offer %s", want)
	}
	if strings.Contains(page, fmt.Sprintf(`href="/messages/%d/claim"`, which)) {
		t.Error("the card with candidates offers a new claim")
	}
	if strings.Contains(page, fmt.Sprintf(`href="/messages/%d/claim"`, copied)) {
		t.Error("the office's own mail offers a new claim")
	}
}

// TestNoUpdateWithoutAdjuster: a claim whose carrier has named no adjuster
// yet owes no daily update, by the one rule every page reads (the claim
// page, the morning page, the board, the claims needing attention); one
// with an adjuster does.
func TestNoUpdateWithoutAdjuster(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	opened := b.clock.Now().Add(-72 * time.Hour)
	none := b.addClaim(t, claimSeed{Job: "26-2109-WTR", Insured: "Brian Kessler", Opened: opened})
	owed := b.addClaim(t, claimSeed{Job: "26-2110-WTR", Insured: "Ellen Ripley", Adjuster: "Ann Adjuster", Opened: opened})
	const step = "Send today's update to"
	if page := html.UnescapeString(b.get(t, fmt.Sprintf("/claims/%d", none), http.StatusOK)); strings.Contains(page, step) {
		t.Error("the claim page without an adjuster asks for today's update")
	}
	if page := html.UnescapeString(b.get(t, fmt.Sprintf("/claims/%d", owed), http.StatusOK)); !strings.Contains(page, step+" Ann") {
		t.Error("the claim page with an adjuster does not ask for today's update")
	}
	morning := html.UnescapeString(b.get(t, "/morning", http.StatusOK))
	if strings.Count(morning, step) != 1 || !strings.Contains(morning, step+" Ann") {
		t.Errorf("the morning page asks for %d updates, want Ann's alone", strings.Count(morning, step))
	}
	today := updateDayOn(b.srv.rulesOf(storage.DefaultOfficeID).Calendar, b.clock.Now())
	// Overdue once the office has closed, and for the update alone: the
	// claims' paperwork alerts are put aside.
	closed := *today
	closed.Close = b.clock.Now()
	if _, err := b.sql.Exec(ctx, `DELETE FROM claim_alert_firsts; DELETE FROM claim_alerts`); err != nil {
		t.Fatal(err)
	}
	claims, err := b.db.ListClaims(ctx, storage.ClaimFilter{Status: "open", Overdue: true, Now: b.clock.Now(),
		Today: &closed, Limit: 10, Offices: storage.AllOffices})
	if err != nil {
		t.Fatal(err)
	}
	if len(claims) != 1 || claims[0].ID != owed {
		t.Errorf("claims needing attention: %v, want %d alone", claims, owed)
	}
	missing, _, err := b.db.ClaimsMissingUpdate(ctx, storage.AllOffices, storage.UpdateWeek{Now: b.clock.Now(),
		Since: opened.Add(-time.Hour), Today: *today}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) != 1 || missing[0].ID != owed {
		t.Errorf("the board's claims missing today's update: %d, want %d alone", len(missing), owed)
	}
}

// TestMorningMailWithoutClaim lists on the morning page the mail in no
// claim waiting for an answer, each leading to its message, in the order
// of urgency with the claims: overdue mail with the overdue claims, mail
// due soon with the claims due soon, each by when it is due. Mail
// answered is not listed.
func TestMorningMailWithoutClaim(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	late := b.addClaim(t, claimSeed{Job: "26-2101-WTR", Insured: "Ellen Ripley"})
	soon := b.addClaim(t, claimSeed{Job: "26-2102-FIR", Insured: "Dwayne Hicks"})
	b.addMessage(t, msgSeed{Subject: "Late on a claim", FromName: "Ann Adjuster", ClaimID: late, NeedsAck: true,
		Arrived: now.Add(-2 * time.Hour), Due: ptr(now.Add(-time.Hour))})
	b.addMessage(t, msgSeed{Subject: "Soon on a claim", FromName: "Bob Adjuster", ClaimID: soon, NeedsAck: true,
		Arrived: now.Add(-5 * time.Minute), Due: ptr(now.Add(25 * time.Minute))})
	kessler := kesslerMail(t, b, now.Add(-3*time.Hour), now.Add(-2*time.Hour))
	question := b.addMessage(t, msgSeed{Subject: "Do you do mold testing?", FromName: "Carla Diaz", Status: "triage", NeedsAck: true,
		Arrived: now.Add(-time.Minute), Due: ptr(now.Add(29 * time.Minute))})
	b.addMessage(t, msgSeed{Subject: "Answered already", Status: "triage", NeedsAck: true, Arrived: now.Add(-time.Hour),
		Due: ptr(now.Add(-30 * time.Minute)), Acked: ptr(now.Add(-40 * time.Minute)), AckSource: storage.AckManual})

	page := html.UnescapeString(b.get(t, "/morning", http.StatusOK))
	order := []string{
		fmt.Sprintf(`<a href="/messages/%d"><strong>Mail, no claim yet</strong></a> · Brian Kessler`, kessler),
		"26-2101-WTR",
		"26-2102-FIR",
		fmt.Sprintf(`<a href="/messages/%d"><strong>Mail, no claim yet</strong></a> · Carla Diaz`, question),
	}
	at := -1
	for _, want := range order {
		i := strings.Index(page, want)
		if i < 0 || i < at {
			t.Fatalf("the morning page lists %q at %d, after %d, want in the order %q:\n%s", want, i, at, order, page)
		}
		at = i
	}
	if want := fmt.Sprintf(`<a href="/messages/%d">Answer Brian Kessler: "Water in basement - sump pump failed" (overdue since`, kessler); !strings.Contains(page, want) {
		t.Errorf("the morning page lacks %s", want)
	}
	if strings.Contains(page, "Answered already") {
		t.Error("the morning page lists mail already answered")
	}
}
