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

// followBoard follows a board form's redirect and returns the page.
func (b *pageBundle) followBoard(t *testing.T, resp *http.Response) string {
	t.Helper()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the form answered %d, want a redirect", resp.StatusCode)
	}
	return b.get(t, resp.Header.Get("Location"), http.StatusOK)
}

// TestRequestMarkedDoneTakenBack: "Mark done" on the board takes the
// request off it, and the board says so with an Undo, as it does for an
// acknowledgment. Undo opens it again, with the repeat the marking closed;
// on the claim page a request a person marked done offers Undo too, one
// the office's mail answered does not.
func TestRequestMarkedDoneTakenBack(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	ctx := context.Background()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1104-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley", Opened: now.Add(-50 * time.Hour)})
	record := func(subject string, asked time.Time) int64 {
		t.Helper()
		msg := b.addMessage(t, msgSeed{Subject: subject, ClaimID: claim, NeedsAck: true, Arrived: asked})
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			return storage.RecordRequest(ctx, tx, storage.NewRequest{ClaimID: claim, MessageID: msg, From: "ann@carrier.example",
				DocTypes: []string{"photo"}, Text: subject, AskedAt: asked, Due: ptr(asked.Add(24 * time.Hour))})
		})
		if err != nil {
			t.Fatal(err)
		}
		var id int64
		b.query(t, `SELECT id FROM requests WHERE message_id = $1`, []any{msg}, &id)
		return id
	}
	first := record("Please send the photos", now.Add(-28*time.Hour))
	again := record("Still waiting on the photos", now.Add(-2*time.Hour))

	board := b.get(t, "/", http.StatusOK)
	form := section(t, board, fmt.Sprintf(`action="/requests/%d/done"`, first), "</form>")
	if !strings.Contains(form, fmt.Sprintf(`name="next" value="/?request_done=%d"`, first)) {
		t.Fatalf("the board's Mark done does not come back to say what it did:\n%s", form)
	}
	resp, _ := b.post(t, fmt.Sprintf("/requests/%d/done", first), url.Values{"next": {fmt.Sprintf("/?request_done=%d", first)}})
	board = b.followBoard(t, resp)
	if strings.Contains(board, fmt.Sprintf(`id="request-%d"`, first)) {
		t.Error("the request marked done is still listed")
	}
	notice := section(t, board, `id="request-done"`, "</div>")
	undo := fmt.Sprintf(`action="/requests/%d/reopen"`, first)
	if !strings.Contains(notice, "26-1104-WTR: the request for Photos marked done.") || !strings.Contains(notice, undo) {
		t.Fatalf("the board does not say the request was marked done, with an Undo:\n%s", notice)
	}
	resp, _ = b.post(t, fmt.Sprintf("/requests/%d/reopen", first), url.Values{"next": {fmt.Sprintf("/#request-%d", first)}})
	board = b.followBoard(t, resp)
	if !strings.Contains(board, fmt.Sprintf(`id="request-%d"`, first)) || strings.Contains(board, `id="request-done"`) {
		t.Error("after Undo the request is not back on the board, or the notice stays")
	}
	for _, id := range []int64{first, again} {
		if r, err := b.db.GetRequest(ctx, id); err != nil || r.Status != storage.RequestOpen || r.DoneBy != "" || r.DoneAt != nil {
			t.Errorf("request %d after Undo: %+v (%v), want open", id, r, err)
		}
	}
	// An Undo from a page left open, once it is open again, changes nothing.
	if resp, _ := b.post(t, fmt.Sprintf("/requests/%d/reopen", first), nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a second Undo: %d", resp.StatusCode)
	}

	// On the claim page: Undo for a person's marking, none for the mail's.
	if resp, _ := b.post(t, fmt.Sprintf("/requests/%d/done", first), url.Values{"note": {"sent by fax"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark done: %d", resp.StatusCode)
	}
	emailed := record("And the estimate", now.Add(-time.Hour))
	if _, err := b.sql.Exec(ctx, `UPDATE requests SET status = 'done', done_at = $2, done_by = 'email', done_message_id = message_id
		WHERE id = $1`, emailed, now); err != nil {
		t.Fatal(err)
	}
	page := b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK)
	if row := section(t, page, fmt.Sprintf(`id="request-%d"`, first), "</li>"); !strings.Contains(row, undo) {
		t.Errorf("the claim page's request marked done offers no Undo:\n%s", row)
	}
	if row := section(t, page, fmt.Sprintf(`id="request-%d"`, emailed), "</li>"); strings.Contains(row, "/reopen") {
		t.Errorf("a request the office's mail answered offers Undo:\n%s", row)
	}
	if resp, _ := b.post(t, fmt.Sprintf("/requests/%d/reopen", emailed), nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("Undo of a request done by mail: %d", resp.StatusCode)
	}
	if r, _ := b.db.GetRequest(ctx, emailed); r.Status != storage.RequestDone {
		t.Errorf("a request done by the office's mail was opened again: %+v", r)
	}
}

// TestBounceMarkedSeenTakenBack: "Mark seen" on a report that mail did not
// arrive takes it off the board, which says so with an Undo; Undo puts it
// back.
func TestBounceMarkedSeenTakenBack(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-1105-WTR", Number: "60-8H77-8H5", Insured: "Gretchen Lindqvist"})
	sent := b.addMessage(t, msgSeed{Subject: "COS - Lindqvist", Direction: "out", ClaimID: claim, Status: "filed", Arrived: time.Now()})
	report := b.addMessage(t, msgSeed{Subject: "Undelivered Mail Returned to Sender", From: "mailer-daemon@mx.office.example",
		Status: "ignored", Arrived: time.Now()})
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET to_addresses = '{gretchen.lindquist@inboxmail.example}' WHERE id = $1`, sent); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages r SET undelivered_of = s.id, undelivered = jsonb_build_object('returned', s.message_id,
		'recipients', '[{"address": "gretchen.lindquist@inboxmail.example", "status": "5.1.1"}]'::jsonb)
		FROM messages s WHERE r.id = $1 AND s.id = $2`, report, sent); err != nil {
		t.Fatal(err)
	}
	board := b.get(t, "/", http.StatusOK)
	form := section(t, board, fmt.Sprintf(`action="/messages/%d/acknowledge"`, report), "</form>")
	next := fmt.Sprintf("/?marked=%d", report)
	if !strings.Contains(form, fmt.Sprintf(`name="next" value="%s"`, next)) {
		t.Fatalf("the board's Mark seen does not come back to say what it did:\n%s", form)
	}
	resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", report),
		url.Values{"note": {"undelivered mail seen"}, "how": {"not_needed"}, "next": {next}})
	board = b.followBoard(t, resp)
	if strings.Contains(board, `id="undelivered-h"`) {
		t.Error("a report marked seen is still on the board")
	}
	notice := section(t, board, `id="marked"`, "</div>")
	if !strings.Contains(notice, "“Undelivered Mail Returned to Sender”: marked seen.") ||
		!strings.Contains(notice, fmt.Sprintf(`action="/messages/%d/unacknowledge"`, report)) {
		t.Fatalf("the board does not say the report was marked seen, with an Undo:\n%s", notice)
	}
	resp, _ = b.post(t, fmt.Sprintf("/messages/%d/unacknowledge", report), url.Values{"next": {"/#undelivered-h"}})
	if board = b.followBoard(t, resp); !strings.Contains(board, `id="undelivered-h"`) {
		t.Error("after Undo the report is not back on the board")
	}
}
