package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestBoardShowsMailOnAClosedClaim opens the board with mail filed into a
// closed claim and an incomplete record: the section lists the message with
// its claim and a way to mark it seen, and the header links to the
// incomplete records. The button says what it records, "No answer needed",
// and records that, not an answer by phone; it takes the message off.
func TestBoardShowsMailOnAClosedClaim(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	id := b.addClaim(t, claimSeed{Job: "26-1701-WTR", Number: "60-8H77-8H5", Insured: "Kim Park", Status: "closed"})
	m := b.addMessage(t, msgSeed{Subject: "Supplement for the closed job", ClaimID: id, Status: "filed", Arrived: time.Now()})
	b.addClaim(t, claimSeed{Job: "26-1702-WTR", Number: "0683449786", Insured: "Open One"})
	body := b.get(t, "/", http.StatusOK)
	for _, want := range []string{
		`id="closed-mail-h"`, "Supplement for the closed job", fmt.Sprintf(`href="/claims/%d"><strong>26-1701-WTR`, id),
		fmt.Sprintf(`action="/messages/%d/acknowledge"`, m), `href="/claims?incomplete=1" id="records-incomplete">Records incomplete <span class="count">1</span>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("board lacks %q", want)
		}
	}
	form := between(t, body, fmt.Sprintf(`action="/messages/%d/acknowledge"`, m), "</form>")
	button := regexp.MustCompile(`<button type="submit" name="how" value="(\w+)"[^>]*>([^<]+)</button>`).FindStringSubmatch(form)
	if button == nil || button[1] != "not_needed" || button[2] != "No answer needed" {
		t.Fatalf("the closed claim's mail is marked by %q, want a button “No answer needed” that records it:\n%s", button, form)
	}
	sent := url.Values{"how": {button[1]}, "next": {"/"}}
	for _, in := range regexp.MustCompile(`name="(note|next)" value="([^"]*)"`).FindAllStringSubmatch(form, -1) {
		sent.Set(in[1], in[2])
	}
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", m), sent); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark seen: %d", resp.StatusCode)
	}
	var source, note string
	b.query(t, `SELECT ack_source, ack_note FROM messages WHERE id = $1`, []any{m}, &source, &note)
	if source != storage.AckNotNeeded || note != "seen on a closed claim" {
		t.Errorf("the board's button recorded %q (%q), want no answer needed", source, note)
	}
	if body := b.get(t, "/", http.StatusOK); strings.Contains(body, "Supplement for the closed job") {
		t.Error("mail marked seen is still on the board")
	}
}

// TestBoardListsMailOnAClosedClaimOnce files into a closed claim a
// person's question, which waits for an answer, and a notice, which does
// not: the question is listed once, among the messages waiting, tagged as
// on a closed claim; the notice alone is the closed claims' mail. The
// board's counts and /api/sla's agree with the rows.
func TestBoardListsMailOnAClosedClaimOnce(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1701-WTR", Number: "60-8H77-8H5", Insured: "Kim Park", Status: "closed"})
	if _, err := b.sql.Exec(context.Background(), `UPDATE claims SET closed_at = $2 WHERE id = $1`, claim, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	question := b.addMessage(t, msgSeed{Subject: "Supplement question", ClaimID: claim, Status: "filed", NeedsAck: true,
		Arrived: now.Add(-10 * time.Minute), Due: ptr(now.Add(20 * time.Minute))})
	notice := b.addMessage(t, msgSeed{Subject: "Payment issued", ClaimID: claim, Status: "filed", From: "noreply@carrier.example",
		Arrived: now.Add(-5 * time.Minute)})

	body := b.get(t, "/", http.StatusOK)
	waiting := between(t, body, `id="waiting-h"`, "</section>")
	closedMail := between(t, body, `id="closed-mail-h"`, "</section>")
	if !strings.Contains(waiting, fmt.Sprintf(`id="ack-%d"`, question)) || strings.Contains(closedMail, "Supplement question") {
		t.Errorf("the question on a closed claim is not listed once, among the messages waiting:\n%s\n%s", waiting, closedMail)
	}
	if row := between(t, waiting, fmt.Sprintf(`id="ack-%d"`, question), "</li>"); !strings.Contains(row, ">closed claim</span>") {
		t.Errorf("the waiting row does not say its claim is closed:\n%s", row)
	}
	if !strings.Contains(closedMail, "Payment issued") || strings.Contains(waiting, "Payment issued") {
		t.Errorf("the notice on a closed claim is not the closed claims' mail alone:\n%s", closedMail)
	}
	for _, want := range []string{`Waiting <span class="count">1</span>`, `Mail on closed claims <span class="count">1</span>`,
		`Mail on a closed claim <span class="count">1</span>`, `Waiting for an answer <span class="count">1</span>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the board lacks %q", want)
		}
	}

	var board struct {
		Waiting []struct {
			ID int64 `json:"id"`
		} `json:"waiting"`
		WaitingTotal    int `json:"waiting_total"`
		ClosedClaimMail []struct {
			ID int64 `json:"id"`
		} `json:"closed_claim_mail"`
		ClosedClaimMailTotal int `json:"closed_claim_mail_total"`
	}
	_, api := b.do(t, b.c, "GET", "/api/sla", nil, http.Header{"Authorization": {"Bearer " + b.apiToken(t)}})
	if err := json.Unmarshal([]byte(api), &board); err != nil {
		t.Fatal(err)
	}
	if board.WaitingTotal != 1 || len(board.Waiting) != 1 || board.Waiting[0].ID != question ||
		board.ClosedClaimMailTotal != 1 || len(board.ClosedClaimMail) != 1 || board.ClosedClaimMail[0].ID != notice {
		t.Errorf("/api/sla lists the closed claim's mail as %s", api)
	}
}

// TestBoardShowsMailThatDidNotArrive opens the board with a report that the
// office's mail bounced: the section names the claim, the office's message
// and the refused address with the server's answer folded, the header links to
// it, /api/sla lists it and the report's page says what it reports;
// marking the report seen takes it off the board.
func TestBoardShowsMailThatDidNotArrive(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-1703-WTR", Number: "60-8H77-8H5", Insured: "Gretchen Lindqvist"})
	sent := b.addMessage(t, msgSeed{Subject: "COS - Lindqvist", Direction: "out", ClaimID: claim, Status: "filed", Arrived: time.Now()})
	// The report was read before the office's message was filed: the
	// board shows the claim the office's message is in.
	report := b.addMessage(t, msgSeed{Subject: "Undelivered Mail Returned to Sender", From: "mailer-daemon@mx.office.example",
		Status: "ignored", Arrived: time.Now()})
	recipients := `[{"address": "gretchen.lindquist@inboxmail.example", "status": "5.1.1", "diagnostic": "550 5.1.1 User unknown"}]`
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET to_addresses = '{gretchen.lindquist@inboxmail.example}' WHERE id = $1`, sent); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages r SET undelivered_of = s.id, undelivered = jsonb_build_object('returned', s.message_id, 'recipients', $3::jsonb)
		FROM messages s WHERE r.id = $1 AND s.id = $2`, report, sent, recipients); err != nil {
		t.Fatal(err)
	}
	body := b.get(t, "/", http.StatusOK)
	for _, want := range []string{
		`href="#undelivered-h" class="state-overdue">Not delivered <span class="count">1</span>`,
		`id="undelivered-h"`, fmt.Sprintf(`href="/claims/%d"><strong>26-1703-WTR`, claim), fmt.Sprintf(`href="/messages/%d">“COS - Lindqvist”`, sent),
		`Sent to <strong class="address">gretchen.lindquist@inboxmail.example</strong>`, `<summary>What the server said</summary><p class="mono">550 5.1.1 User unknown`,
		fmt.Sprintf(`href="/messages/%d">report`, report), fmt.Sprintf(`action="/messages/%d/acknowledge"`, report),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("board lacks %q", want)
		}
	}
	page := b.get(t, fmt.Sprintf("/messages/%d", report), http.StatusOK)
	for _, want := range []string{fmt.Sprintf(`<a href="/messages/%d">“COS - Lindqvist”</a> did not arrive: no such address at the receiving server.`, sent),
		`Sent to <strong class="address">gretchen.lindquist@inboxmail.example</strong>`, `<p class="mono">550 5.1.1 User unknown`} {
		if !strings.Contains(page, want) {
			t.Errorf("the report's page lacks %q", want)
		}
	}
	var board slaBoard
	if err := json.Unmarshal([]byte(b.get(t, "/api/sla", http.StatusOK)), &board); err != nil {
		t.Fatal(err)
	}
	if board.UndeliveredMailTotal != 1 || len(board.UndeliveredMail) != 1 || board.UndeliveredMail[0].SentID != sent ||
		board.UndeliveredMail[0].Recipients[0].Address != "gretchen.lindquist@inboxmail.example" {
		t.Errorf("/api/sla undelivered mail = %+v (%d)", board.UndeliveredMail, board.UndeliveredMailTotal)
	}
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", report), url.Values{"note": {"undelivered mail seen"}, "next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark seen: %d", resp.StatusCode)
	}
	if body := b.get(t, "/", http.StatusOK); strings.Contains(body, `id="undelivered-h"`) {
		t.Error("a report marked seen is still on the board")
	}
}
