package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/jackc/pgx/v5/pgxpool"
)

// incompleteReason is what the parser says when the part cap stopped it.
const incompleteReason = "part 1.999: more than 1000 MIME parts; the rest of the message was not parsed"

// markIncomplete records on message id that parsing stopped early, as
// processing does.
func markIncomplete(t *testing.T, sql *pgxpool.Pool, id int64) {
	t.Helper()
	if _, err := sql.Exec(context.Background(), `UPDATE messages SET incomplete = $2 WHERE id = $1`, id, incompleteReason); err != nil {
		t.Fatal(err)
	}
}

// incompleteTags counts the "incomplete" flags a page shows.
var incompleteTags = regexp.MustCompile(`class="tag tag-warn incomplete"[^>]*>incomplete<`)

// TestIncompleteMessageFlagged shows a message the part cap cut short as
// incomplete on the board, the message list, triage and its own page,
// and no other message so.
func TestIncompleteMessageFlagged(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	hicks := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Insured: "Dwayne Hicks"})
	cut := b.triageMessage(t, "Ten thousand photos", ripley, hicks)
	markIncomplete(t, b.sql, cut)
	b.clock.Advance(time.Minute)
	b.triageMessage(t, "Whole message", ripley, hicks)

	for _, page := range []string{"/", "/messages", "/triage", fmt.Sprintf("/messages/%d", cut)} {
		body := b.get(t, page, http.StatusOK)
		if n := len(incompleteTags.FindAllString(body, -1)); n != 1 {
			t.Errorf("%s shows %d incomplete flags, want 1:\n%s", page, n, body)
		}
		if !strings.Contains(html.UnescapeString(body), incompleteReason) {
			t.Errorf("%s does not say why the message is incomplete", page)
		}
	}
	body := html.UnescapeString(b.get(t, fmt.Sprintf("/messages/%d", cut), http.StatusOK))
	if !strings.Contains(body, "Read only in part: "+incompleteReason) {
		t.Errorf("message page:\n%s", body)
	}
}

// TestPermanentFailureOffersNoRetry shows a message that can never be
// processed with its reason and without a Retry button, and refuses a
// retry posted all the same.
func TestPermanentFailureOffersNoRetry(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	id := b.addMessage(t, msgSeed{Subject: "", Status: "new"})
	const reason = "not a mail message: no header at the start"
	if err := b.db.FailMessagePermanently(context.Background(), id, reason); err != nil {
		t.Fatal(err)
	}
	body := b.get(t, fmt.Sprintf("/messages/%d", id), http.StatusOK)
	if !strings.Contains(body, "Processing failed: "+reason) || strings.Contains(body, fmt.Sprintf(`action="/messages/%d/retry"`, id)) {
		t.Errorf("permanently failed message page:\n%s", body)
	}
	if resp, body := b.post(t, fmt.Sprintf("/messages/%d/retry", id), url.Values{}); resp.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "can never be processed") {
		t.Errorf("retry of a permanent failure: %d\n%s", resp.StatusCode, body)
	}
	var status string
	b.query(t, `SELECT status FROM messages WHERE id = $1`, []any{id}, &status)
	if status != storage.StatusFailed {
		t.Errorf("after the refused retry: status %s", status)
	}
}

// TestAPIMessagesIncomplete lists whether each message was read whole.
func TestAPIMessagesIncomplete(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	cut := b.addMessage(t, testMessage{from: "a@carrier.example", subject: "cut", arrived: b.at(3, 4, 9, 0)})
	whole := b.addMessage(t, testMessage{from: "a@carrier.example", subject: "whole", arrived: b.at(3, 4, 9, 1)})
	markIncomplete(t, b.sql, cut)
	var got listResponse[map[string]any]
	b.get(t, "/api/messages", &got)
	seen := 0
	for _, it := range got.Items {
		id := int64(it["id"].(float64))
		want, reason := id == cut, ""
		if want {
			reason = incompleteReason
		}
		if id == cut || id == whole {
			seen++
			if it["incomplete"] != want || it["incomplete_reason"] != reason {
				t.Errorf("message %d: incomplete %v, reason %v; want %v, %q", id, it["incomplete"], it["incomplete_reason"], want, reason)
			}
		}
	}
	if seen != 2 {
		t.Errorf("%d of the 2 messages listed", seen)
	}
}
