package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestRequestMarkDoneOneForm: the claim page's and the board's "Mark done"
// on a request are one form: the same fields and CSRF token, leading back
// to the request's row on the claim page and to the board's notice with
// its Undo; each names the request by what it asked, the board with its
// claim's job too.
func TestRequestMarkDoneOneForm(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	ctx := context.Background()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1104-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley", Opened: now.Add(-50 * time.Hour)})
	msg := b.addMessage(t, msgSeed{Subject: "Please send the photos", ClaimID: claim, NeedsAck: true, Arrived: now.Add(-2 * time.Hour)})
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.RecordRequest(ctx, tx, storage.NewRequest{ClaimID: claim, MessageID: msg, From: "ann@carrier.example",
			DocTypes: []string{"photo"}, Text: "Please send the photos", AskedAt: now.Add(-2 * time.Hour), Due: ptr(now.Add(22 * time.Hour))})
	}); err != nil {
		t.Fatal(err)
	}
	var id int64
	b.query(t, `SELECT id FROM requests WHERE message_id = $1`, []any{msg}, &id)

	action := fmt.Sprintf(`<form class="note-form request-done" method="post" action="/requests/%d/done">`, id)
	claimForm := section(t, b.get(t, fmt.Sprintf("/claims/%d", claim), http.StatusOK), action, "</form>")
	boardForm := section(t, b.get(t, "/", http.StatusOK), action, "</form>")
	for _, f := range []struct{ page, form, next, label string }{
		{"claim page", claimForm, fmt.Sprintf("/claims/%d#request-%d", claim, id), "Note on the request for Photos"},
		{"board", boardForm, fmt.Sprintf("/?request_done=%d", id), "Note on the request for Photos on 26-1104-WTR"},
	} {
		if !strings.Contains(f.form, `name="next" value="`+f.next+`"`) || !strings.Contains(f.form, `aria-label="`+f.label+`"`) {
			t.Errorf("the %s's Mark done does not lead back to %s, named %q:\n%s", f.page, f.next, f.label, f.form)
		}
	}
	same := regexp.MustCompile(`name="next" value="[^"]*"|aria-label="[^"]*"`)
	if a, b := same.ReplaceAllString(claimForm, ""), same.ReplaceAllString(boardForm, ""); a != b {
		t.Errorf("the claim page's and the board's Mark done differ beyond where they lead and what they name:\n%s\n%s", a, b)
	}
}
