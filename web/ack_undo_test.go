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

// TestAnsweredByPhoneCanBeTakenBack marks a message answered by phone by
// mistake and takes it back from the message page: it is owed an answer
// again, on its first clock, and back on the board. A message the office
// has replied to in its thread since stays answered, and so does one a
// reply acknowledged.
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

	// Answered by phone, then the office replied in its thread: the reply
	// answers it, and it is not put back on the clock.
	replied := b.addMessage(t, msgSeed{Subject: "Any news?", NeedsAck: true, Arrived: now.Add(-30 * time.Minute), Due: &due})
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", replied), url.Values{"next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d", resp.StatusCode)
	}
	reply := b.addMessage(t, msgSeed{Subject: "Re: Any news?", Direction: "out", Arrived: now.Add(-5 * time.Minute)})
	if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET in_reply_to = (SELECT message_id FROM messages WHERE id = $2) WHERE id = $1`,
		reply, replied); err != nil {
		t.Fatal(err)
	}
	if resp, body := b.post(t, fmt.Sprintf("/messages/%d/unacknowledge", replied), nil); resp.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "replied in this message") {
		t.Errorf("taking back the call of a message replied to: %d\n%.300s", resp.StatusCode, body)
	}
	b.query(t, `SELECT acknowledged_at, ack_source FROM messages WHERE id = $1`, []any{replied}, &acked, &source)
	if acked == nil || source != "manual" {
		t.Errorf("a message replied to in its thread: acknowledged %v by %q; want still answered", acked, source)
	}
	// Nor is a message that a reply acknowledged.
	byReply := b.addMessage(t, msgSeed{Subject: "Thanks", NeedsAck: true, Arrived: now.Add(-time.Hour), Due: &due,
		Acked: ptr(now.Add(-50 * time.Minute)), AckSource: "reply", AckMinutes: ptr(10)})
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/unacknowledge", byReply), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("take back a reply's acknowledgment: %d", resp.StatusCode)
	}
	b.query(t, `SELECT ack_source FROM messages WHERE id = $1`, []any{byReply}, &source)
	if source != "reply" {
		t.Errorf("a reply's acknowledgment was taken back: %q", source)
	}
}

// TestNoAnswerNeededGivesWayToReply takes back "no answer needed" marks of
// messages the office later answered from the shared mailbox: the mark
// goes, and the first reply becomes the answer at its own time. A message
// marked by its deadline and replied to after it is not made a late answer
// (its clock stays stopped at the mark, for the page and the figures); one
// marked after its deadline had run out counts the reply's time, late.
func TestNoAnswerNeededGivesWayToReply(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(15*time.Hour))
	now := b.clock.Now()
	arrived := now.Add(-3 * time.Hour)
	due := arrived.Add(30 * time.Minute)
	mark := func(subject string, marked time.Time) (int64, int64) {
		t.Helper()
		id := b.addMessage(t, msgSeed{Subject: subject, NeedsAck: true, Arrived: arrived, Due: &due,
			Acked: &marked, AckSource: storage.AckNotNeeded})
		reply := b.addMessage(t, msgSeed{Subject: "Re: " + subject, Direction: "out", Arrived: now.Add(-time.Hour)})
		if _, err := b.sql.Exec(t.Context(), `UPDATE messages SET in_reply_to = (SELECT message_id FROM messages WHERE id = $2) WHERE id = $1`,
			reply, id); err != nil {
			t.Fatal(err)
		}
		if resp, body := b.post(t, fmt.Sprintf("/messages/%d/unacknowledge", id), url.Values{"next": {"/"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("take back the mark of %q: %d\n%.300s", subject, resp.StatusCode, body)
		}
		return id, reply
	}
	inTime, late := arrived.Add(10*time.Minute), arrived.Add(time.Hour)
	for _, tc := range []struct {
		subject string
		marked  time.Time
		stopped *time.Time
		state   string
	}{
		{"Invoice 4411", inTime, &inTime, "met"},
		{"Invoice 4412", late, nil, "missed"},
	} {
		id, reply := mark(tc.subject, tc.marked)
		var acked, stopped *time.Time
		var source, by, note string
		var replyID *int64
		b.query(t, `SELECT acknowledged_at, ack_source, ack_by, ack_note, ack_reply_id, ack_clock_stopped_at FROM messages WHERE id = $1`,
			[]any{id}, &acked, &source, &by, &note, &replyID, &stopped)
		if acked == nil || !acked.Equal(now.Add(-time.Hour)) || source != storage.AckReply || by != "" || replyID == nil || *replyID != reply {
			t.Errorf("%s after its mark was taken back: acknowledged %v by %q (%q, reply %v), want by reply %d at its time",
				tc.subject, acked, source, by, replyID, reply)
		}
		if (stopped == nil) != (tc.stopped == nil) || stopped != nil && !stopped.Equal(*tc.stopped) {
			t.Errorf("%s: clock stopped at %v, want %v", tc.subject, stopped, tc.stopped)
		}
		page := b.get(t, fmt.Sprintf("/messages/%d", id), http.StatusOK)
		if isLate := strings.Contains(page, "<strong>late</strong>"); isLate != (tc.state == "missed") ||
			(tc.stopped != nil) != strings.Contains(page, "when it was marked as needing no answer by its deadline") {
			t.Errorf("%s: the page says late %v, want %s:\n%s", tc.subject, isLate, tc.state, between(t, page, "Answered", "</p>"))
		}
	}
	samples, err := b.db.AckSamples(t.Context(), storage.AllOffices, arrived.Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	met := 0
	for _, s := range samples {
		if s.AcknowledgedAt != nil && !s.AcknowledgedAt.After(*s.DueAt) {
			met++
		}
	}
	if len(samples) != 2 || met != 1 {
		t.Errorf("the figures count %d answers, %d on time; want both, the one marked in time on time", len(samples), met)
	}
}
