package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestBoardMarksNoAnswerNeeded clears a meeting invitation from the board
// as needing no answer: the board comes back saying so, with an Undo that
// puts it back on its first clock. The message page says it needed no
// answer, not that it was answered late.
func TestBoardMarksNoAnswerNeeded(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	now := b.clock.Now()
	due := now.Add(-10 * time.Minute)
	invite := b.addMessage(t, msgSeed{Subject: "Invitation: carrier meeting", NeedsAck: true, Arrived: now.Add(-40 * time.Minute), Due: &due})
	row := fmt.Sprintf(`id="ack-%d"`, invite)
	board := b.get(t, "/", http.StatusOK)
	if !strings.Contains(between(t, board, row, "</li>"), `name="how" value="not_needed"`) {
		t.Fatalf("the board's row offers no way to say no answer is needed")
	}
	next := fmt.Sprintf("/?marked=%d", invite)
	resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", invite), url.Values{"how": {"not_needed"}, "note": {"calendar invite"}, "next": {next}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != next {
		t.Fatalf("no answer needed: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var source string
	var minutes *int
	b.query(t, `SELECT ack_source, ack_business_minutes FROM messages WHERE id = $1`, []any{invite}, &source, &minutes)
	if source != storage.AckNotNeeded || minutes != nil {
		t.Errorf("stored %q with %v minutes, want not_needed without minutes", source, minutes)
	}
	board = b.get(t, next, http.StatusOK)
	if strings.Contains(board, row) {
		t.Errorf("the message still waits on the board")
	}
	notice := between(t, board, `id="marked"`, "</div>")
	for _, want := range []string{"Invitation: carrier meeting", "needing no answer", fmt.Sprintf(`action="/messages/%d/unacknowledge"`, invite), ">Undo</button>"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the board's notice lacks %q:\n%s", want, notice)
		}
	}
	if acked := between(t, board, fmt.Sprintf(`id="acked-%d"`, invite), "</li>"); !strings.Contains(acked, "no answer needed") {
		t.Errorf("today's answers say of it:\n%s", acked)
	}
	page := b.get(t, fmt.Sprintf("/messages/%d", invite), http.StatusOK)
	card := between(t, page, `id="ack-h"`, "</section>")
	if !strings.Contains(card, "No answer needed: marked") || strings.Contains(card, "late") || !strings.Contains(card, "Needs an answer after all") {
		t.Errorf("the answer card:\n%s", card)
	}

	// Undo: owed again, on its first clock, back on the board, and no
	// notice any more.
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/unacknowledge", invite), url.Values{"next": {fmt.Sprintf("/#ack-%d", invite)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo: %d", resp.StatusCode)
	}
	board = b.get(t, next, http.StatusOK)
	if !strings.Contains(board, row) || strings.Contains(board, `id="marked"`) {
		t.Errorf("after undo the message is not back on the board, or the notice stays")
	}
}

// TestMessagePageRepliedFromOwnEmail records an answer a coordinator sent
// from their own mail account at the time they give: answered then, in
// the business minutes it took, and said so.
func TestMessagePageRepliedFromOwnEmail(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	now := b.clock.Now()
	due := now
	asked := b.addMessage(t, msgSeed{Subject: "Moisture readings?", NeedsAck: true, Arrived: now.Add(-30 * time.Minute), Due: &due})
	path := fmt.Sprintf("/messages/%d", asked)
	if card := between(t, b.get(t, path, http.StatusOK), `id="ack-h"`, "</section>"); !strings.Contains(card, `value="own_email"`) {
		t.Fatalf("the answer card offers no answer from one's own email:\n%s", card)
	}
	resp, body := b.post(t, path+"/acknowledge", url.Values{"how": {"own_email"}, "at": {"11:50"}, "next": {path}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("replied from own email: %d\n%s", resp.StatusCode, body)
	}
	var source string
	var acked time.Time
	var minutes int
	b.query(t, `SELECT ack_source, acknowledged_at, ack_business_minutes FROM messages WHERE id = $1`, []any{asked}, &source, &acked, &minutes)
	if source != storage.AckOwnEmail || !acked.Equal(now.Add(-10*time.Minute)) || minutes != 20 {
		t.Errorf("stored %q at %v after %d minutes; want own_email at 11:50 after 20", source, acked, minutes)
	}
	card := between(t, b.get(t, path, http.StatusOK), `id="ack-h"`, "</section>")
	if !strings.Contains(card, "from their own email") || !strings.Contains(card, "/unacknowledge") {
		t.Errorf("the answer card:\n%s", card)
	}
	if resp, body := b.post(t, path+"/acknowledge", url.Values{"how": {"own_email"}, "at": {"noon"}, "next": {path}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "hours and minutes") {
		t.Errorf("a time that is none: %d\n%.300s", resp.StatusCode, body)
	}
}

// TestReadOnlyMembersMarkNoAcknowledgment refuses a read-only member each
// way of acknowledging a message, and taking one back, on pages and by
// API; the board tells them what was marked without offering Undo.
func TestReadOnlyMembersMarkNoAcknowledgment(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	now := b.clock.Now()
	waiting := b.addMessage(t, msgSeed{Subject: "Waiting", NeedsAck: true, Arrived: now.Add(-5 * time.Minute)})
	acked, minutes := now.Add(-time.Minute), 4
	answered := b.addMessage(t, msgSeed{Subject: "Answered", NeedsAck: true, Arrived: now.Add(-5 * time.Minute),
		Acked: &acked, AckSource: storage.AckOwnEmail, AckMinutes: &minutes})
	rita := b.addUser(t, "rita@office.example", "rita-password-1")
	if err := b.db.SetOfficeRole(t.Context(), rita.ID, storage.DefaultOfficeID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	reader := &pageBundle{office: b.office, email: rita.Email}
	reader.c = b.client(t)
	reader.csrf = reader.login(t, reader.c, rita.Email, "rita-password-1")
	for _, how := range []string{"phone", "own_email", "not_needed"} {
		if resp, _ := reader.post(t, fmt.Sprintf("/messages/%d/acknowledge", waiting), url.Values{"how": {how}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a read-only member's %s: %d, want 403", how, resp.StatusCode)
		}
	}
	if resp, _ := reader.post(t, fmt.Sprintf("/messages/%d/unacknowledge", answered), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a read-only member's undo: %d, want 403", resp.StatusCode)
	}
	// They read what was marked, and are offered no Undo.
	if page := reader.get(t, fmt.Sprintf("/?marked=%d", answered), http.StatusOK); !strings.Contains(page, `id="marked"`) || strings.Contains(page, "/unacknowledge") {
		t.Errorf("a read-only member is not told what was marked, or is offered Undo on the board")
	}
	// Nor by API, with a token of theirs.
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(t.Context(), "rita-sheet", hash, rita.ID, now); err != nil {
		t.Fatal(err)
	}
	api := func(path, body string) int {
		req, err := http.NewRequest("POST", b.ts.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, _ := send(t, http.DefaultClient, req)
		return resp.StatusCode
	}
	if status := api(fmt.Sprintf("/api/messages/%d/acknowledge", waiting), `{"how": "not_needed"}`); status != http.StatusForbidden {
		t.Errorf("a read-only member's API no answer needed: %d, want 403", status)
	}
	if status := api(fmt.Sprintf("/api/messages/%d/unacknowledge", answered), ``); status != http.StatusForbidden {
		t.Errorf("a read-only member's API undo: %d, want 403", status)
	}
	var source string
	b.query(t, `SELECT ack_source FROM messages WHERE id = $1`, []any{waiting}, &source)
	var still string
	b.query(t, `SELECT ack_source FROM messages WHERE id = $1`, []any{answered}, &still)
	if source != "" || still != storage.AckOwnEmail {
		t.Errorf("after a read-only member's tries: %q and %q", source, still)
	}
}
