package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestAPIAcknowledgeHow records an answer sent from a coordinator's own
// mail account, at the time they give, and a vendor's invoice that needed
// no answer: the first counts as answered when it was sent, the second
// stops its clock, leaves the on-time figures and says so in its state
// (not_needed, while it still needs_ack), and both can be taken back.
func TestAPIAcknowledgeHow(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	now := b.clock.Now() // Wednesday March 4, 15:00
	add := func(subject string, arrived time.Time) int64 {
		t.Helper()
		id := b.addMessage(t, testMessage{from: "adj@carrier.example", subject: subject, arrived: arrived, needsAck: true})
		if _, err := b.sql.Exec(ctx, `UPDATE messages SET ack_due_at = $2 WHERE id = $1`, id, arrived.Add(30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		return id
	}
	asked := add("inspection Friday?", b.at(time.March, 4, 14, 0))
	invoice := add("Invoice 2231 for dumpster", b.at(time.March, 4, 13, 0)) // overdue since 13:30
	ack := func(id int64, body any) (*http.Response, string) {
		return b.call(t, "POST", fmt.Sprintf("/api/messages/%d/acknowledge", id), body, nil)
	}

	resp, body := ack(asked, map[string]any{"how": "own_email", "at": b.at(time.March, 4, 14, 20), "note": "from my phone's mail"})
	var msg messageItem
	decodeBody(t, body, &msg)
	if resp.StatusCode != http.StatusOK || msg.AcknowledgedAt == nil || !msg.AcknowledgedAt.Equal(b.at(time.March, 4, 14, 20)) ||
		msg.AckSource != "own_email" || msg.AckState == nil || *msg.AckState != "met" {
		t.Errorf("answered from own email: %d %s", resp.StatusCode, body)
	}
	resp, body = ack(invoice, map[string]any{"how": "not_needed", "note": "vendor invoice"})
	msg = messageItem{}
	decodeBody(t, body, &msg)
	if resp.StatusCode != http.StatusOK || msg.AcknowledgedAt == nil || !msg.AcknowledgedAt.Equal(now) ||
		msg.AckSource != "not_needed" || msg.AckState == nil || *msg.AckState != "not_needed" || msg.NeedsAck == nil || !*msg.NeedsAck {
		t.Errorf("no answer needed: %d %s", resp.StatusCode, body)
	}
	for id, want := range map[int64]struct {
		source  string
		minutes *int
	}{asked: {"own_email", ptr(20)}, invoice: {"not_needed", nil}} {
		var source, by string
		var minutes *int
		if err := b.sql.QueryRow(ctx, `SELECT ack_source, ack_by, ack_business_minutes FROM messages WHERE id = $1`, id).
			Scan(&source, &by, &minutes); err != nil {
			t.Fatal(err)
		}
		if source != want.source || by != "ana-script" || (minutes == nil) != (want.minutes == nil) || (minutes != nil && *minutes != *want.minutes) {
			t.Errorf("message %d stored as %q by %q, %v minutes; want %q, %v", id, source, by, minutes, want.source, want.minutes)
		}
	}
	resp, body = ack(asked, map[string]any{"how": "not_needed"})
	wantError(t, "no answer needed after an answer", resp, body, http.StatusConflict, "from their own email")

	// The invoice is in neither the day's answers nor its late ones: only
	// the answer from one's own mail counts, on time.
	var stats struct {
		Groups []storage.AckStatsGroup `json:"groups"`
	}
	b.get(t, "/api/sla/stats?by=day&days=1", &stats)
	if len(stats.Groups) != 1 {
		t.Fatalf("groups %+v, want today's", stats.Groups)
	}
	g := stats.Groups[0]
	if g.Owed != 1 || g.Acknowledged != 1 || g.OnTime != 1 || g.OnTimeShare == nil || *g.OnTimeShare != 1 || g.NotNeeded != 1 {
		t.Errorf("today's figures %+v: want one owed, answered on time, and one not needed", g)
	}
	var board slaBoard
	b.get(t, "/api/sla", &board)
	today := board.AckStats[len(board.AckStats)-1]
	if today.Count != 1 || today.Acknowledged != 1 || today.WithinTarget == nil || *today.WithinTarget != 1 {
		t.Errorf("the board's figures for today %+v: want one answered, on time", today)
	}

	// Taken back, the invoice is owed again, on its first clock.
	resp, body = b.call(t, "POST", fmt.Sprintf("/api/messages/%d/unacknowledge", invoice), nil, nil)
	msg = messageItem{}
	decodeBody(t, body, &msg)
	if resp.StatusCode != http.StatusOK || msg.AcknowledgedAt != nil || msg.AckSource != "" || msg.AckState == nil || *msg.AckState != "overdue" {
		t.Errorf("taken back: %d %s", resp.StatusCode, body)
	}
	resp, body = b.call(t, "POST", fmt.Sprintf("/api/messages/%d/unacknowledge", invoice), nil, nil)
	wantError(t, "taken back twice", resp, body, http.StatusConflict, "no acknowledgment recorded by a person")
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/messages/%d/unacknowledge", asked), nil, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("answer from own email taken back: %d %s", resp.StatusCode, body)
	}
	byReply := add("Re: roof", b.at(time.March, 4, 9, 0))
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET acknowledged_at = $2, ack_source = 'reply', ack_business_minutes = 5 WHERE id = $1`,
		byReply, b.at(time.March, 4, 9, 5)); err != nil {
		t.Fatal(err)
	}
	resp, body = b.call(t, "POST", fmt.Sprintf("/api/messages/%d/unacknowledge", byReply), nil, nil)
	wantError(t, "an answer by reply taken back", resp, body, http.StatusConflict, "no acknowledgment recorded by a person")
	resp, body = b.call(t, "POST", "/api/messages/999999/unacknowledge", nil, nil)
	wantError(t, "an unknown message taken back", resp, body, http.StatusNotFound, "not found")
}

// TestAPIAcknowledgeHowRefuses refuses what cannot have happened: an
// answer sent before the message came or later than now, a time for
// anything but an answer from one's own mail, and a way nobody knows.
func TestAPIAcknowledgeHowRefuses(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	id := b.addMessage(t, testMessage{from: "adj@carrier.example", subject: "x", arrived: b.at(time.March, 4, 14, 0), needsAck: true})
	path := fmt.Sprintf("/api/messages/%d/acknowledge", id)
	for _, tc := range []struct {
		name string
		body map[string]any
		want string
	}{
		{"before it came", map[string]any{"how": "own_email", "at": b.at(time.March, 4, 13, 59)}, "before the message arrived"},
		{"in the future", map[string]any{"how": "own_email", "at": b.at(time.March, 4, 15, 1)}, "later than now"},
		{"a time for a call", map[string]any{"how": "phone", "at": b.at(time.March, 4, 14, 30)}, "only for how own_email"},
		{"a time for no answer", map[string]any{"how": "not_needed", "at": b.at(time.March, 4, 14, 30)}, "only for how own_email"},
		{"an unknown way", map[string]any{"how": "fax"}, "want phone, own_email or not_needed"},
	} {
		resp, body := b.call(t, "POST", path, tc.body, nil)
		wantError(t, tc.name, resp, body, http.StatusBadRequest, tc.want)
	}
	var acked *time.Time
	if err := b.sql.QueryRow(context.Background(), `SELECT acknowledged_at FROM messages WHERE id = $1`, id).Scan(&acked); err != nil || acked != nil {
		t.Errorf("after refusals: acknowledged %v, %v", acked, err)
	}
}
