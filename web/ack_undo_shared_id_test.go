package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestUndoOfAMessageSharingItsMessageID: two messages share a Message-ID,
// one on each claim, and the office replied to the one on claim B. The
// one on claim A, marked by mistake and taken back on its page or by the
// API, is owed an answer again: the reply on the other claim neither takes
// the mark's place nor keeps the mark from being taken back. The one the
// reply answers gives way to it, as before.
func TestUndoOfAMessageSharingItsMessageID(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(15*time.Hour))
	now := b.clock.Now()
	claimA := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5"})
	claimB := b.addClaim(t, claimSeed{Job: "26-1002-WTR", Number: "0683449786"})
	due := now.Add(-90 * time.Minute)
	onA := b.addMessage(t, msgSeed{Subject: "Inspection", NeedsAck: true, ClaimID: claimA, Arrived: now.Add(-2 * time.Hour), Due: &due,
		Acked: ptr(now.Add(-100 * time.Minute)), AckSource: storage.AckNotNeeded})
	onB := b.addMessage(t, msgSeed{Subject: "Inspection", NeedsAck: true, ClaimID: claimB, Arrived: now.Add(-110 * time.Minute), Due: &due,
		Acked: ptr(now.Add(-100 * time.Minute)), AckSource: storage.AckNotNeeded})
	reply := b.addMessage(t, msgSeed{Subject: "Re: Inspection", Direction: "out", ClaimID: claimB, Arrived: now.Add(-time.Hour)})
	const shared = "<inspection@carrier.example>"
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET message_id = $2 WHERE id = ANY($1)`, []int64{onA, onB}, shared); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET in_reply_to = $2 WHERE id = $1`, reply, shared); err != nil {
		t.Fatal(err)
	}
	state := func(id int64) (acked bool, source string) {
		t.Helper()
		b.query(t, `SELECT acknowledged_at IS NOT NULL, ack_source FROM messages WHERE id = $1`, []any{id}, &acked, &source)
		return acked, source
	}

	if resp, body := b.post(t, fmt.Sprintf("/messages/%d/unacknowledge", onA), url.Values{"next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("taking back the mark on claim A's message: %d\n%.300s", resp.StatusCode, body)
	}
	if acked, source := state(onA); acked || source != "" {
		t.Errorf("claim A's message after its mark was taken back: acknowledged %v by %q, want owed an answer", acked, source)
	}

	// Answered by phone by mistake, taken back by the API.
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET acknowledged_at = $2, ack_source = $3 WHERE id = $1`,
		onA, now.Add(-30*time.Minute), storage.AckManual); err != nil {
		t.Fatal(err)
	}
	token := b.apiToken(t)
	resp, body := b.bearer(t, "POST", fmt.Sprintf("/api/messages/%d/unacknowledge", onA), token, "")
	var item struct {
		AckSource      string     `json:"ack_source"`
		AcknowledgedAt *time.Time `json:"acknowledged_at"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &item) != nil || item.AcknowledgedAt != nil || item.AckSource != "" {
		t.Errorf("API undo of the call on claim A's message: %d %s; want 200, owed an answer", resp.StatusCode, body)
	}

	resp, body = b.bearer(t, "POST", fmt.Sprintf("/api/messages/%d/unacknowledge", onB), token, "")
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &item) != nil || item.AckSource != storage.AckReply {
		t.Errorf("API undo of the mark on claim B's message: %d %s; want 200, answered by the reply", resp.StatusCode, body)
	}
	var by int64
	b.query(t, `SELECT ack_reply_id FROM messages WHERE id = $1`, []any{onB}, &by)
	if by != reply {
		t.Errorf("claim B's message answered by %d, want the reply %d", by, reply)
	}
}
