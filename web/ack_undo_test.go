package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestAnsweredByPhoneCanBeTakenBack marks a message answered by phone by
// mistake and takes it back from the message page: it is owed an answer
// again, on its first clock, and back on the board. A message the office's
// reply answered meanwhile is acknowledged by that reply instead, and a
// reply's acknowledgment is not taken back.
func TestAnsweredByPhoneCanBeTakenBack(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	now := b.clock.Now()
	due := now.Add(20 * time.Minute)
	wrong := b.addMessage(t, msgSeed{Subject: "Inspection time?", NeedsAck: true, Arrived: now.Add(-10 * time.Minute), Due: &due})
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", wrong), url.Values{"next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d", resp.StatusCode)
	}
	page := b.get(t, fmt.Sprintf("/messages/%d", wrong), http.StatusOK)
	undo := fmt.Sprintf(`action="/messages/%d/unacknowledge"`, wrong)
	if !strings.Contains(page, undo) {
		t.Fatalf("the message answered by phone offers no way back")
	}
	resp, _ := b.post(t, fmt.Sprintf("/messages/%d/unacknowledge", wrong), url.Values{"next": {fmt.Sprintf("/messages/%d", wrong)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("take back: %d", resp.StatusCode)
	}
	var acked *time.Time
	var source, by string
	var dueAt time.Time
	b.query(t, `SELECT acknowledged_at, ack_source, ack_by, ack_due_at FROM messages WHERE id = $1`, []any{wrong}, &acked, &source, &by, &dueAt)
	if acked != nil || source != "" || by != "" || !dueAt.Equal(due) {
		t.Errorf("after taking back: acknowledged %v (%q by %q), due %v; want owed again, due %v", acked, source, by, dueAt, due)
	}
	if board := b.get(t, "/", http.StatusOK); !strings.Contains(board, fmt.Sprintf(`id="ack-%d"`, wrong)) {
		t.Errorf("the message is not back on the board")
	}
	if page := b.get(t, fmt.Sprintf("/messages/%d", wrong), http.StatusOK); strings.Contains(page, undo) {
		t.Errorf("a message owed an answer offers to take back an acknowledgment")
	}

	// Answered by phone, then the office's reply came: taking the call
	// back leaves the reply's acknowledgment.
	replied := b.addMessage(t, msgSeed{Subject: "Any news?", NeedsAck: true, Arrived: now.Add(-30 * time.Minute), Due: &due})
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", replied), url.Values{"next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d", resp.StatusCode)
	}
	reply := b.addMessage(t, msgSeed{Subject: "Re: Any news?", Direction: "out", Arrived: now.Add(-5 * time.Minute)})
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET in_reply_to = (SELECT message_id FROM messages WHERE id = $2) WHERE id = $1`,
		reply, replied); err != nil {
		t.Fatal(err)
	}
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/unacknowledge", replied), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("take back: %d", resp.StatusCode)
	}
	var replyID *int64
	b.query(t, `SELECT acknowledged_at, ack_source, ack_reply_id FROM messages WHERE id = $1`, []any{replied}, &acked, &source, &replyID)
	if acked == nil || !acked.Equal(now.Add(-5*time.Minute)) || source != "reply" || replyID == nil || *replyID != reply {
		t.Errorf("after taking back the call: acknowledged %v by %s %v; want by the reply %d at its time", acked, source, replyID, reply)
	}
	// A reply's acknowledgment stays.
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/unacknowledge", replied), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("take back a reply's acknowledgment: %d", resp.StatusCode)
	}
	b.query(t, `SELECT ack_source FROM messages WHERE id = $1`, []any{replied}, &source)
	if source != "reply" {
		t.Errorf("a reply's acknowledgment was taken back: %q", source)
	}
}
