package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestSecondAnswerByPhoneIsToldTheFirst has two coordinators answer the
// same message by phone. The second is shown who answered first, when and
// what they said, by name, and her note is kept with that answer, once; an
// API client is told the same in its 409. The board and the message page
// name who answered rather than give their email.
func TestSecondAnswerByPhoneIsToldTheFirst(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 13, 6, 0, 0, time.UTC)
	b := setupPagesAt(t, now) // dana, administrator
	ctx := context.Background()
	if _, err := b.sql.Exec(ctx, `UPDATE users SET name = 'Dana Whitfield' WHERE email = $1`, b.email); err != nil {
		t.Fatal(err)
	}
	beth := b.addUser(t, "beth@office.example", "beth-password-1")
	if err := b.db.SetOfficeRole(ctx, beth.ID, storage.DefaultOfficeID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE users SET name = 'Beth Lane' WHERE id = $1`, beth.ID); err != nil {
		t.Fatal(err)
	}
	other := &pageBundle{office: b.office, email: beth.Email}
	other.c = b.client(t)
	other.csrf = other.login(t, other.c, beth.Email, "beth-password-1")

	claim := b.addClaim(t, claimSeed{Job: "26-2108-WTR", Insured: "Jensen", Status: "open"})
	msg := b.addMessage(t, msgSeed{Subject: "ATP for Jensen", From: "alicia@carrier.example", FromName: "Alicia Moreno",
		ClaimID: claim, Status: storage.StatusFiled, NeedsAck: true, Arrived: now.Add(-10 * time.Minute), Due: ptr(now.Add(20 * time.Minute))})
	path := fmt.Sprintf("/messages/%d/acknowledge", msg)

	// Both have the board open with the row.
	for _, p := range []*pageBundle{b, other} {
		if !strings.Contains(p.get(t, "/", http.StatusOK), `action="`+path+`"`) {
			t.Fatalf("%s's board does not offer to answer the message", p.email)
		}
	}
	if resp, _ := b.post(t, path, url.Values{"note": {"called Alicia, ATP coming today"}, "next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first answer: %d", resp.StatusCode)
	}
	b.clock.Advance(time.Minute)
	resp, page := other.post(t, path, url.Values{"note": {"left voicemail for Alicia"}, "next": {"/"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("second answer: %d\n%.500s", resp.StatusCode, page)
	}
	notice := between(t, page, `id="answered-before"`, "</p>")
	for _, want := range []string{"Already answered", "13:06 by Dana Whitfield, by phone: “called Alicia, ATP coming today”",
		"Your note “left voicemail for Alicia” is kept with that answer"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the second answer is not told %q:\n%s", want, notice)
		}
	}
	var by, note string
	b.query(t, `SELECT ack_by, ack_note FROM messages WHERE id = $1`, []any{msg}, &by, &note)
	wantNote := "called Alicia, ATP coming today\nBeth Lane, 13:07: left voicemail for Alicia"
	if by != b.email || note != wantNote {
		t.Errorf("answer after the second: by %q, note %q; want %q", by, note, wantNote)
	}
	// The same note again (a second click) is not added twice.
	other.post(t, path, url.Values{"note": {"left voicemail for Alicia"}})
	if b.query(t, `SELECT ack_note FROM messages WHERE id = $1`, []any{msg}, &note); note != wantNote {
		t.Errorf("a second click added the note again: %q", note)
	}

	// Pages name who answered.
	msgPage := b.get(t, fmt.Sprintf("/messages/%d", msg), http.StatusOK)
	if !strings.Contains(msgPage, "by Dana Whitfield, by phone") || !strings.Contains(msgPage, "Beth Lane, 13:07: left voicemail for Alicia") ||
		strings.Contains(msgPage, "answered-before") {
		t.Errorf("message page after both answers:\n%s", between(t, msgPage, `id="ack-h"`, "</section>"))
	}
	board := b.get(t, "/", http.StatusOK)
	if acked := between(t, board, fmt.Sprintf(`id="acked-%d"`, msg), "</li>"); !strings.Contains(acked, "by phone, Dana Whitfield") || strings.Contains(acked, b.email) {
		t.Errorf("the board's answered row does not name Dana:\n%s", acked)
	}

	// An API client is told the first answer in its refusal.
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(ctx, "sheet", hash, 0, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("POST", b.ts.URL+"/api"+path, strings.NewReader(`{"note": "called Alicia too"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, body := send(t, http.DefaultClient, req)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "13:06 by Dana Whitfield, by phone") {
		t.Errorf("API answer after the first: %d %s", resp.StatusCode, body)
	}
}

// A colleague's note is kept unless the answer has it as a line already:
// "called" is not "called Alicia back".
func TestSaysAlready(t *testing.T) {
	t.Parallel()
	answer := "called Alicia back\nBeth Lane, 13:07: left voicemail"
	for note, want := range map[string]bool{
		"called Alicia back": true, "left voicemail": true, "called": false, "voicemail": false, "Alicia back": false,
	} {
		if got := saysAlready(answer, note); got != want {
			t.Errorf("saysAlready(%q) = %v, want %v", note, got, want)
		}
	}
}
