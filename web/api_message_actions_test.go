package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

func TestAPIAssign(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	claimA := b.addClaim(t, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5"})
	claimB := b.addClaim(t, storage.Claim{JobNumber: "26-1002-FIR", ClaimNumber: "0683449786"})
	m := b.addMessage(t, testMessage{
		from: "tech@smrestore.example", subject: "Day 1", arrived: b.at(time.March, 3, 10, 0),
		files: []testFile{
			{"Estimate.pdf", "application/pdf", []byte("%PDF-1.4\nestimate\n%%EOF\n"), "estimate"},
			{"IMG_1.jpg", "image/jpeg", []byte("\xff\xd8\xff\xe0 photo"), "photo"},
			{"logo.png", "image/png", []byte("\x89PNG logo"), "inline"},
		},
	})
	assign := func(claimID int64) (*http.Response, string) {
		return b.call(t, "POST", fmt.Sprintf("/api/messages/%d/assign", m), map[string]any{"claim_id": claimID}, nil)
	}
	docsOf := func(claimID int64) map[string]string {
		docs, err := b.db.ClaimDocuments(ctx, claimID, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, d := range docs {
			out[d.Filename] = d.DocType + "/" + d.Folder
		}
		return out
	}

	resp, body := assign(claimA)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("assign from triage: %d %s", resp.StatusCode, body)
	}
	var msg messageItem
	decodeBody(t, body, &msg)
	if msg.ID != m || msg.Status != storage.StatusFiled || msg.ClaimID == nil || *msg.ClaimID != claimA || msg.JobNumber == nil || *msg.JobNumber != "26-1001-WTR" {
		t.Errorf("assigned message %+v", msg)
	}
	// Filed as classified: the signature logo stays with the message.
	want := map[string]string{"Estimate.pdf": "estimate/Estimates", "IMG_1.jpg": "photo/Photos", "Day 1.eml": "correspondence/Correspondence"}
	if got := docsOf(claimA); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("documents in claim A: %v, want %v", got, want)
	}

	// A second assignment moves the message and its documents.
	resp, body = assign(claimB)
	decodeBody(t, body, &msg)
	if resp.StatusCode != http.StatusOK || *msg.ClaimID != claimB || *msg.JobNumber != "26-1002-FIR" {
		t.Fatalf("move: %d %s", resp.StatusCode, body)
	}
	if got := docsOf(claimA); len(got) != 0 {
		t.Errorf("claim A keeps %v", got)
	}
	if got := docsOf(claimB); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("documents in claim B: %v, want %v", got, want)
	}
	for _, d := range mustDocs(t, b, claimB) {
		if !strings.HasPrefix(d.BrowseKey, "offices/main/claims/26-1002-FIR/") {
			t.Errorf("browse key %s after the move", d.BrowseKey)
		}
	}
	// Assigning it where it is changes nothing.
	if resp, body := assign(claimB); resp.StatusCode != http.StatusOK {
		t.Errorf("assign again: %d %s", resp.StatusCode, body)
	}
	moves, err := b.db.MessageMoves(ctx, m)
	if err != nil || len(moves) != 2 || moves[0].FromClaimID != 0 || moves[0].ToClaimID != claimA ||
		moves[1].FromClaimID != claimA || moves[1].ToClaimID != claimB || moves[0].Actor != "ana-script" {
		t.Errorf("audit trail %+v, %v", moves, err)
	}

	unparsed := b.addMessage(t, testMessage{from: "x@carrier.example", subject: "new", arrived: b.at(time.March, 4, 9, 0), status: storage.StatusNew})
	for _, tc := range []struct {
		name   string
		path   string
		body   any
		status int
		want   string
	}{
		{"unknown message", "/api/messages/999999/assign", map[string]any{"claim_id": claimA}, http.StatusNotFound, "message 999999 not found"},
		{"unknown claim", fmt.Sprintf("/api/messages/%d/assign", m), map[string]any{"claim_id": 999999}, http.StatusNotFound, "claim 999999 not found"},
		{"no claim", fmt.Sprintf("/api/messages/%d/assign", m), map[string]any{}, http.StatusBadRequest, "claim_id"},
		{"claim as text", fmt.Sprintf("/api/messages/%d/assign", m), map[string]any{"claim_id": "26-1001-WTR"}, http.StatusBadRequest, "claim_id"},
		{"no body", fmt.Sprintf("/api/messages/%d/assign", m), "", http.StatusBadRequest, "JSON"},
		{"not parsed yet", fmt.Sprintf("/api/messages/%d/assign", unparsed), map[string]any{"claim_id": claimA}, http.StatusConflict, "not parsed"},
		{"bad id", "/api/messages/x/assign", map[string]any{"claim_id": claimA}, http.StatusBadRequest, "id"},
	} {
		resp, body := b.call(t, "POST", tc.path, tc.body, nil)
		wantError(t, tc.name, resp, body, tc.status, tc.want)
	}
}

func mustDocs(t *testing.T, b *apiBundle, claimID int64) []storage.Document {
	t.Helper()
	docs, err := b.db.ClaimDocuments(context.Background(), claimID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestAPIAcknowledge(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	now := b.clock.Now()
	late := b.addMessage(t, testMessage{from: "adjuster@carrier.example", subject: "inspection?", arrived: b.at(time.March, 4, 14, 0), needsAck: true})
	early := b.addMessage(t, testMessage{from: "owner@gmail.example", subject: "water again", arrived: b.at(time.March, 4, 14, 50), needsAck: true})
	sent := b.addMessage(t, testMessage{from: "ana@smrestore.example", subject: "Re: inspection?", arrived: b.at(time.March, 4, 14, 30), out: true, status: storage.StatusFiled})

	ack := func(id int64, body any) (*http.Response, string) {
		return b.call(t, "POST", fmt.Sprintf("/api/messages/%d/acknowledge", id), body, nil)
	}
	for _, tc := range []struct {
		id      int64
		minutes int
		state   string
	}{
		{late, 60, "missed"},
		{early, 10, "met"},
	} {
		resp, body := ack(tc.id, map[string]any{"note": "called back, inspection Friday"})
		var msg messageItem
		decodeBody(t, body, &msg)
		if resp.StatusCode != http.StatusOK || msg.AcknowledgedAt == nil || !msg.AcknowledgedAt.Equal(now) || msg.AckState == nil || string(*msg.AckState) != tc.state {
			t.Errorf("acknowledge %d: %d %s", tc.id, resp.StatusCode, body)
		}
		var source, by, note string
		var minutes int
		err := b.sql.QueryRow(ctx, `SELECT ack_source, ack_by, ack_note, ack_business_minutes FROM messages WHERE id = $1`, tc.id).
			Scan(&source, &by, &note, &minutes)
		if err != nil || source != "manual" || by != "ana-script" || note != "called back, inspection Friday" || minutes != tc.minutes {
			t.Errorf("stored acknowledgment of %d: %s %s %q %d minutes (want %d), %v", tc.id, source, by, note, minutes, tc.minutes, err)
		}
		// Twice is a conflict, and the first acknowledgment stays.
		resp, body = ack(tc.id, map[string]any{"note": "again"})
		wantError(t, "second acknowledgment", resp, body, http.StatusConflict, "acknowledged already")
	}
	var note string
	if err := b.sql.QueryRow(ctx, `SELECT ack_note FROM messages WHERE id = $1`, late).Scan(&note); err != nil || note != "called back, inspection Friday" {
		t.Errorf("note after a second try: %q, %v", note, err)
	}

	noNote := b.addMessage(t, testMessage{from: "a@carrier.example", subject: "x", arrived: b.at(time.March, 4, 14, 59), needsAck: true})
	if resp, body := ack(noNote, map[string]any{}); resp.StatusCode != http.StatusOK {
		t.Errorf("without a note: %d %s", resp.StatusCode, body)
	}
	for _, tc := range []struct {
		name   string
		id     int64
		body   any
		status int
		want   string
	}{
		{"unknown message", 999999, map[string]any{"note": "x"}, http.StatusNotFound, "message 999999 not found"},
		{"the office's own mail", sent, map[string]any{"note": "x"}, http.StatusConflict, "sent by the office"},
		{"long note", late, map[string]any{"note": strings.Repeat("x", 2001)}, http.StatusBadRequest, "note"},
		{"unknown field", late, map[string]any{"notes": "x"}, http.StatusBadRequest, "notes"},
		{"no body", late, "", http.StatusBadRequest, "JSON"},
	} {
		resp, body := ack(tc.id, tc.body)
		wantError(t, tc.name, resp, body, tc.status, tc.want)
	}
}

// TestAPIAcknowledgeFromTheDashboard acknowledges with a browser's session:
// the dashboard's scripts must send the session's CSRF token.
func TestAPIAcknowledgeFromTheDashboard(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addUser(t, "dana@smrestore.example", "correct horse battery")
	s := b.seedMessages(t, 1)
	if _, err := b.sql.Exec(context.Background(), `UPDATE messages SET needs_ack = true WHERE id = $1`, s.ids[0]); err != nil {
		t.Fatal(err)
	}
	c := b.client(t)
	if resp, body := b.postLogin(t, c, "dana@smrestore.example", "correct horse battery"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d %s", resp.StatusCode, body)
	}
	// The token the dashboard's pages carry is the session's.
	var csrf string
	if err := b.sql.QueryRow(context.Background(), `SELECT csrf_token FROM sessions`).Scan(&csrf); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/messages/%d/acknowledge", s.ids[0])
	body := `{"note": "phoned"}`
	post := func(header http.Header) (*http.Response, string) {
		req, err := http.NewRequest("POST", b.ts.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header = header
		req.Header.Set("Content-Type", "application/json")
		return send(t, c, req)
	}
	resp, out := post(http.Header{})
	wantError(t, "without the CSRF token", resp, out, http.StatusForbidden, "")
	resp, out = post(http.Header{csrfHeader: {csrf}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("with the CSRF token: %d %s", resp.StatusCode, out)
	}
	var by string
	if err := b.sql.QueryRow(context.Background(), `SELECT ack_by FROM messages WHERE id = $1`, s.ids[0]).Scan(&by); err != nil || by != "dana@smrestore.example" {
		t.Errorf("acknowledged by %q, %v", by, err)
	}
}

func TestAPIMessagesAckState(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	arrivals := map[string]time.Time{
		"pending":  b.at(time.March, 4, 14, 55), // due 15:25
		"due_soon": b.at(time.March, 4, 14, 40), // due 15:10, within the 10 minutes' warning
		"overdue":  b.at(time.March, 4, 14, 0),
		"met":      b.at(time.March, 4, 13, 0),
		"missed":   b.at(time.March, 4, 12, 0),
	}
	ids := map[int64]string{}
	for state, at := range arrivals {
		ids[b.addMessage(t, testMessage{from: "a@carrier.example", subject: state, arrived: at, needsAck: true})] = state
	}
	for id, state := range ids {
		var acked time.Time
		switch state {
		case "met":
			acked = b.at(time.March, 4, 13, 20)
		case "missed":
			acked = b.at(time.March, 4, 13, 0)
		default:
			continue
		}
		if _, err := b.sql.Exec(ctx, `UPDATE messages SET acknowledged_at = $2 WHERE id = $1`, id, acked); err != nil {
			t.Fatal(err)
		}
	}
	none := b.addMessage(t, testMessage{from: "noreply@xactanalysis.example", subject: "assignment", arrived: b.at(time.March, 4, 11, 0)})

	var page struct {
		Items []messageItem `json:"items"`
	}
	b.get(t, "/api/messages?limit=200", &page)
	if len(page.Items) != 6 {
		t.Fatalf("%d messages", len(page.Items))
	}
	for _, m := range page.Items {
		if m.ID == none {
			if m.AckState != nil || m.AckDueAt != nil || m.AcknowledgedAt != nil {
				t.Errorf("a message needing no answer: state %v, due %v, acknowledged %v", m.AckState, m.AckDueAt, m.AcknowledgedAt)
			}
			continue
		}
		want := ids[m.ID]
		if !m.ArrivedAt.Equal(arrivals[want]) {
			t.Errorf("%s: arrived at %v, want the mailbox's %v (stored at %v)", want, m.ArrivedAt, arrivals[want], m.ReceivedAt)
		}
		if m.AckState == nil || string(*m.AckState) != want {
			t.Errorf("%s: state %v", want, m.AckState)
		}
		if m.AckDueAt == nil || !m.AckDueAt.Equal(arrivals[want].Add(30*time.Minute)) {
			t.Errorf("%s: due %v", want, m.AckDueAt)
		}
		if (m.AcknowledgedAt != nil) != (want == "met" || want == "missed") {
			t.Errorf("%s: acknowledged at %v", want, m.AcknowledgedAt)
		}
	}
}
