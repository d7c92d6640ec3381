package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

func TestSLABoardPage(t *testing.T) {
	t.Parallel()
	// Midday: the reply 108 minutes ago was today.
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Carrier: "State Farm", Insured: "Ellen Ripley",
		LossType: "Water", Adjuster: "Ann Adjuster", AdjusterEmail: "ann@carrier.example", Opened: now.Add(-50 * time.Hour)})
	later := b.addMessage(t, msgSeed{Subject: "Inspection time?", ClaimID: claim, NeedsAck: true,
		Arrived: now.Add(-10 * time.Minute), Due: ptr(now.Add(20 * time.Minute))})
	soon := b.addMessage(t, msgSeed{Subject: "Homeowner called twice", NeedsAck: true, Status: "triage",
		Arrived: now.Add(-25 * time.Minute), Due: ptr(now.Add(5 * time.Minute))})
	late := b.addMessage(t, msgSeed{Subject: "Where is the estimate", ClaimID: claim, NeedsAck: true,
		Arrived: now.Add(-40 * time.Minute), Due: ptr(now.Add(-10 * time.Minute))})
	answered := now.Add(-108 * time.Minute)
	b.addMessage(t, msgSeed{Subject: "Thanks, received", ClaimID: claim, NeedsAck: true, Arrived: now.Add(-2 * time.Hour),
		Due: ptr(now.Add(-90 * time.Minute)), Acked: ptr(answered), AckSource: "reply", AckMinutes: ptr(12)})
	b.addMessage(t, msgSeed{Subject: "Newsletter", Arrived: now.Add(-time.Minute)})

	body := b.get(t, "/", http.StatusOK)
	if !inOrder(body, "Where is the estimate", "Homeowner called twice", "Inspection time?") {
		t.Error("waiting messages are not soonest due first")
	}
	for _, want := range []string{
		fmt.Sprintf(`class="ack state-overdue" id="ack-%d"`, late),
		fmt.Sprintf(`class="ack state-due_soon" id="ack-%d"`, soon),
		fmt.Sprintf(`class="ack state-pending" id="ack-%d"`, later),
		`data-due="` + now.Add(20*time.Minute).UTC().Format(time.RFC3339) + `"`,
		"20 business min left", "overdue 10 business min",
		`Waiting for an answer <span class="count">3</span>`,
		fmt.Sprintf(`action="/messages/%d/acknowledge"`, later),
		// answered today, by reply, in 12 minutes
		"Thanks, received", "by reply", "· 12 business min<",
		// the time after the subject says it is when it was answered
		fmt.Sprintf(`answered <time datetime="%s">%s</time>`, answered.UTC().Format(time.RFC3339), answered.UTC().Format("15:04")),
		// the claim owes today's update, and its first documents
		fmt.Sprintf(`action="/claims/%d/updates"`, claim),
		"Add the technician to the claim to ask them for the photos, scope (overdue since",
		// the chart: one answered in time, one overdue
		"4 messages needed an answer in the last 14 days: 1 answered, 1 overdue, 2 still waiting. 1 of 2 answered within 30 business min (50%), the overdue counted late.",
		`data-src="/board"`, staticURL("app.js"),
		// no sending set up here: the board says how answers count
		"Reply from your mail program: the reply, once in the mailbox's Sent folder, marks the message answered.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("board lacks %q", want)
		}
	}
	if strings.Contains(body, "Newsletter") {
		t.Error("a message needing no answer is on the board")
	}

	// Answered by phone: refused without the form's token.
	form := url.Values{"note": {"called back, inspection Tuesday"}, "next": {"/"}}
	form.Set("csrf_token", "")
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", later), form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("acknowledge without CSRF token: %d", resp.StatusCode)
	}
	var acked *time.Time
	b.query(t, `SELECT acknowledged_at FROM messages WHERE id = $1`, []any{later}, &acked)
	if acked != nil {
		t.Fatal("a refused form acknowledged the message")
	}
	b.clock.Advance(2 * time.Minute)
	form = url.Values{"note": {"called back, inspection Tuesday"}, "next": {"/"}}
	resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", later), form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("acknowledge: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var source, by, note string
	var minutes int
	b.query(t, `SELECT acknowledged_at, ack_source, ack_by, ack_note, ack_business_minutes FROM messages WHERE id = $1`,
		[]any{later}, &acked, &source, &by, &note, &minutes)
	if acked == nil || !acked.Equal(b.clock.Now()) || source != "manual" || by != b.email || note != "called back, inspection Tuesday" || minutes != 12 {
		t.Errorf("acknowledged at %v by %q (%s) %q after %d min", acked, by, source, note, minutes)
	}
	// A second click (a colleague's) keeps the first answer and is no
	// error: the note is added to it (TestSecondAnswerByPhoneIsToldTheFirst).
	b.clock.Advance(time.Minute)
	if resp, _ := b.post(t, fmt.Sprintf("/messages/%d/acknowledge", later), url.Values{"note": {"called back, inspection Tuesday"}}); resp.StatusCode != http.StatusOK {
		t.Errorf("acknowledging again: %d", resp.StatusCode)
	}
	b.query(t, `SELECT ack_note FROM messages WHERE id = $1`, []any{later}, &note)
	if note != "called back, inspection Tuesday" {
		t.Errorf("a second acknowledgment replaced the first: %q", note)
	}

	// An update note takes the claim off the list of missing updates.
	body = b.get(t, "/board", http.StatusOK)
	if strings.Contains(body, "<html") || !strings.Contains(body, "Ellen Ripley") ||
		strings.Contains(body, fmt.Sprintf(`id="ack-%d"`, later)) || !strings.Contains(body, fmt.Sprintf(`id="acked-%d"`, later)) {
		t.Errorf("board fragment after the acknowledgment:\n%s", body)
	}
	if resp, _ := b.post(t, fmt.Sprintf("/claims/%d/updates", claim), url.Values{"note": {""}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("empty update note: %d", resp.StatusCode)
	}
	form = url.Values{"note": {"Called Ann: drying on track"}, "next": {"/"}}
	form.Set("csrf_token", "")
	if resp, _ := b.post(t, fmt.Sprintf("/claims/%d/updates", claim), form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("update note without CSRF token: %d", resp.StatusCode)
	}
	resp, _ = b.post(t, fmt.Sprintf("/claims/%d/updates", claim), url.Values{"note": {"Called Ann: drying on track"}, "next": {"/"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("update note: %d", resp.StatusCode)
	}
	var n int
	b.query(t, `SELECT count(*) FROM claim_updates WHERE claim_id = $1 AND source = 'note' AND author = $2 AND note = $3`,
		[]any{claim, b.email, "Called Ann: drying on track"}, &n)
	if n != 1 {
		t.Errorf("%d update notes recorded", n)
	}
	body = b.get(t, "/board", http.StatusOK)
	if strings.Contains(body, fmt.Sprintf(`action="/claims/%d/updates"`, claim)) {
		t.Error("the claim still misses today's update")
	}
	if resp, _ := b.post(t, "/claims/999999/updates", url.Values{"note": {"x"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("note on a missing claim: %d", resp.StatusCode)
	}
	if resp, _ := b.post(t, "/messages/999999/acknowledge", url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("acknowledging a missing message: %d", resp.StatusCode)
	}
}

// TestEventsOfOwnOffices: a change of one office wakes the streams that
// may see it and no other; a change that names no office (time moved a
// deadline) wakes them all.
func TestEventsOfOwnOffices(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	main, _ := b.srv.events.subscribe(storage.OnlyOffices(storage.DefaultOfficeID))
	defer b.srv.events.unsubscribe(main)
	both, _ := b.srv.events.subscribe(storage.OnlyOffices(storage.DefaultOfficeID, 7))
	defer b.srv.events.unsubscribe(both)
	woken := func(c chan struct{}) bool {
		select {
		case <-c:
			return true
		default:
			return false
		}
	}
	b.srv.events.broadcast("messages:7")
	if woken(main) || !woken(both) {
		t.Error("office 7's change: want only the stream that sees office 7 woken")
	}
	b.srv.events.broadcast(fmt.Sprintf("claims:%d", storage.DefaultOfficeID))
	if !woken(main) || !woken(both) {
		t.Error("the default office's change: want both streams woken")
	}
	b.srv.events.broadcast("sla")
	if !woken(main) || !woken(both) {
		t.Error("a change of no office: want both streams woken")
	}
}

func TestEventsStream(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	if resp, _ := b.do(t, b.c, "GET", "/events", nil, nil); resp.StatusCode != http.StatusNotAcceptable {
		t.Errorf("events without Accept: text/event-stream: %d", resp.StatusCode)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", b.ts.URL+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	readUntil(t, resp.Body, "event: ready")
	// Any writer's change reaches the stream: here plain SQL.
	b.addMessage(t, msgSeed{Subject: "New loss", NeedsAck: true, Due: ptr(b.clock.Now().Add(30 * time.Minute))})
	readUntil(t, resp.Body, "event: change")

	// Shutdown ends open streams.
	b.srv.events.close()
	buf := make([]byte, 512)
	for {
		if _, err := resp.Body.Read(buf); err != nil {
			break
		}
	}
}

// TestBoardAnswerTimesInWords lists today's answers with the business time
// each took as a person reads it: minutes under an hour, hours and minutes
// after, and hours, not 24-hour days, past a day of business time; the
// message page and the chart's days say it the same way.
func TestBoardAnswerTimesInWords(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	ids := map[int]int64{}
	for i, minutes := range []int{45, 125, 3000, 3005} {
		ids[minutes] = b.addMessage(t, msgSeed{Subject: fmt.Sprintf("Question %d", i), ClaimID: claim, NeedsAck: true,
			Arrived: now.Add(-3 * time.Hour), Due: ptr(now.Add(-150 * time.Minute)), Acked: ptr(now.Add(-time.Duration(i+1) * time.Minute)),
			AckSource: "reply", AckMinutes: ptr(minutes)})
	}
	body := b.get(t, "/", http.StatusOK)
	for _, want := range []string{"· 45 business min<", "· 2 business hours 5 min<", "· 50 business hours<",
		"· 50 business hours 5 min<"} {
		if !strings.Contains(body, want) {
			t.Errorf("board lacks %q", want)
		}
	}
	if strings.Contains(body, "3000 min") || strings.Contains(body, "3005 min") || strings.Contains(body, "2 d 2 h of") {
		t.Error("board shows an answer time in raw minutes or in days")
	}
	if page := b.get(t, fmt.Sprintf("/messages/%d", ids[3000]), http.StatusOK); !strings.Contains(page, "after 50 business hours") {
		t.Error("message page does not say how long the answer took in words")
	}
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	if got := chartBarTitle(day, ackDayStats{Count: 3, Acknowledged: 3, MedianMinutes: ptr(3000.0), WithinTarget: ptr(0.0)}, 30); !strings.Contains(got, "3 answered; median 50 business hours; 0 of 3 answered within 30 business min (0%)") {
		t.Errorf("chart day: %q", got)
	}
}

// TestBoardAnswerTimesAddUp: the chart's day and its summary count every
// message that needed an answer, answered, overdue or still waiting, and
// say of how many the share in time is.
func TestBoardAnswerTimesAddUp(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	arrived := now.Add(-2 * time.Hour)
	due := arrived.Add(30 * time.Minute)
	answer := func(subject string, after int) {
		b.addMessage(t, msgSeed{Subject: subject, ClaimID: claim, NeedsAck: true, Arrived: arrived, Due: &due,
			Acked: ptr(arrived.Add(time.Duration(after) * time.Minute)), AckSource: "reply", AckMinutes: ptr(after)})
	}
	answer("In time", 10)
	answer("Late", 45)
	b.addMessage(t, msgSeed{Subject: "Overdue", ClaimID: claim, NeedsAck: true, Arrived: arrived, Due: &due})
	b.addMessage(t, msgSeed{Subject: "Waiting", ClaimID: claim, NeedsAck: true, Arrived: now.Add(-5 * time.Minute), Due: ptr(now.Add(25 * time.Minute))})

	body := html.UnescapeString(b.get(t, "/", http.StatusOK))
	for _, want := range []string{
		"4 needed an answer: 2 answered, 1 overdue, 1 still waiting; median 28 business min; 1 of 3 answered within 30 business min (33%), the overdue counted late",
		"4 messages needed an answer in the last 14 days: 2 answered, 1 overdue, 1 still waiting. 1 of 3 answered within 30 business min (33%), the overdue counted late.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("board lacks %q", want)
		}
	}
}

// TestBoardNamesClaimsOwingNoUpdate: a claim opened today, or one without
// an adjuster, owes no update today; the board says so by name rather than
// that every open claim has today's update.
func TestBoardNamesClaimsOwingNoUpdate(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	now := b.clock.Now()
	opened := b.addClaim(t, claimSeed{Job: "26-2109-WTR", Insured: "Brian Kessler", Adjuster: "Ann Adjuster", Opened: now.Add(-time.Minute)})
	none := b.addClaim(t, claimSeed{Job: "26-2110-WTR", Insured: "Ellen Ripley", Opened: now.Add(-72 * time.Hour)})
	body := html.UnescapeString(b.get(t, "/", http.StatusOK))
	for _, want := range []string{
		"Every open claim that owes an update today has it.",
		fmt.Sprintf(`No update owed today: <a href="/claims/%d">26-2110-WTR</a> no adjuster yet, none owed until one is named; <a href="/claims/%d">26-2109-WTR</a> opened today, first update due tomorrow.`, none, opened),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("board lacks %q", want)
		}
	}
}
