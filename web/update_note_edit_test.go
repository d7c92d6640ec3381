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

// TestUpdateNoteEditedAndDeleted: a coordinator mistypes a daily-update
// note and puts it right; an administrator deletes another's note added to
// the wrong claim; a colleague may do neither to a note not theirs, and an
// update sent by email stays as sent. The claim's history keeps what each
// note said, with who changed it and when, and the note keeps its time.
func TestUpdateNoteEditedAndDeleted(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour)) // dana, an administrator
	claim := b.addClaim(t, claimSeed{Job: "26-1103-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	page := fmt.Sprintf("/claims/%d", claim)
	b.addUser(t, "lee@office.example", "lee battery staple")
	b.addUser(t, "kim@office.example", "kim battery staple")
	lee, kim := b.client(t), b.client(t)
	leeCSRF, kimCSRF := b.login(t, lee, "lee@office.example", "lee battery staple"), b.login(t, kim, "kim@office.example", "kim battery staple")
	post := func(c *http.Client, csrf, path string, form url.Values) int {
		t.Helper()
		form.Set("csrf_token", csrf)
		resp, _ := b.do(t, c, "POST", path, form, nil)
		return resp.StatusCode
	}
	if got := post(lee, leeCSRF, page+"/updates", url.Values{"note": {"Called the adjsuter, dry-out Thursday"}}); got != http.StatusSeeOther {
		t.Fatalf("add a note: %d", got)
	}
	wrote := b.clock.Now()
	var note int64
	b.query(t, `SELECT id FROM claim_updates WHERE claim_id = $1`, []any{claim}, &note)
	mail := b.addMessage(t, msgSeed{Subject: "Update on Ripley", Direction: "out", ClaimID: claim, Status: "filed"})
	var emailed int64
	b.query(t, `INSERT INTO claim_updates (claim_id, at, source, message_id, author) VALUES ($1, $2, 'email', $3, 'dana@office.example')
		RETURNING id`, []any{claim, wrote, mail}, &emailed)

	// Lee's own note offers Lee its edit; Kim's view of it does not.
	edit := fmt.Sprintf(`action="/updates/%d"`, note)
	if _, body := b.do(t, lee, "GET", page, nil, nil); !strings.Contains(body, edit) || strings.Contains(body, fmt.Sprintf(`action="/updates/%d"`, emailed)) {
		t.Errorf("the author is not offered the note's edit, or is offered the email's")
	}
	if _, body := b.do(t, kim, "GET", page, nil, nil); strings.Contains(body, edit) {
		t.Errorf("a colleague is offered the edit of a note not theirs")
	}
	b.clock.Advance(5 * time.Minute)
	if got := post(kim, kimCSRF, fmt.Sprintf("/updates/%d", note), url.Values{"note": {"Kim was here"}}); got != http.StatusForbidden {
		t.Errorf("a colleague edits another's note: %d, want 403", got)
	}
	if got := post(lee, leeCSRF, fmt.Sprintf("/updates/%d", emailed), url.Values{"note": {"rewritten"}}); got != http.StatusConflict {
		t.Errorf("editing an update sent by email: %d, want 409", got)
	}
	if got := post(lee, leeCSRF, fmt.Sprintf("/updates/%d", note), url.Values{"note": {"Called the adjuster, dry-out Thursday"}}); got != http.StatusSeeOther {
		t.Fatalf("the author edits their note: %d", got)
	}
	n, err := b.db.GetClaimNote(t.Context(), note)
	if err != nil || n.Note != "Called the adjuster, dry-out Thursday" || !n.At.Equal(wrote) {
		t.Errorf("the edited note: %+v (%v), want the new text at its first time", n, err)
	}

	// Dana, an administrator, deletes it; an email stays.
	if got := post(b.c, b.csrf, fmt.Sprintf("/updates/%d/delete", emailed), url.Values{}); got != http.StatusConflict {
		t.Errorf("deleting an update sent by email: %d, want 409", got)
	}
	if got := post(kim, kimCSRF, fmt.Sprintf("/updates/%d/delete", note), url.Values{}); got != http.StatusForbidden {
		t.Errorf("a colleague deletes another's note: %d, want 403", got)
	}
	if got := post(b.c, b.csrf, fmt.Sprintf("/updates/%d/delete", note), url.Values{}); got != http.StatusSeeOther {
		t.Fatalf("an administrator deletes a note: %d", got)
	}
	if _, err := b.db.GetClaimNote(t.Context(), note); err == nil {
		t.Error("the deleted note is still there")
	}
	body := b.get(t, page, http.StatusOK)
	history := section(t, body, `id="history"`, "</section>")
	for _, want := range []string{
		`<span class="old">Called the adjsuter, dry-out Thursday</span> → <span class="new">Called the adjuster, dry-out Thursday</span>`,
		`<span class="old">Called the adjuster, dry-out Thursday</span> → <span class="new">deleted</span>`,
		"lee@office.example · <strong>Daily-update note</strong>", "dana@office.example · <strong>Daily-update note</strong>",
	} {
		if !strings.Contains(history, want) {
			t.Errorf("the history lacks %q:\n%s", want, history)
		}
	}
	if updates := section(t, body, `id="updates-h"`, "</section>"); !strings.Contains(updates, "An update sent by email stays as sent") {
		t.Errorf("the updates do not say an email stays as sent:\n%s", updates)
	}
	if _, err := b.db.GetClaimNote(t.Context(), emailed); err != nil {
		t.Errorf("the update sent by email: %v", err)
	}
	var changes int
	b.query(t, `SELECT count(*) FROM claim_changes WHERE claim_id = $1 AND field = $2`, []any{claim, storage.FieldUpdateNote}, &changes)
	if changes != 2 {
		t.Errorf("%d note changes recorded, want the edit and the delete", changes)
	}
}
