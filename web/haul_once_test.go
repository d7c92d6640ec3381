package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// haulKeyField is the swap form's key as the claim page writes it.
var haulKeyField = regexp.MustCompile(`<input type="hidden" name="idempotency_key" value="([^"]+)"`)

// TestSwapFormSentTwiceLogsOnce: the swap form carries a key of its own.
// Sent twice (a double click, the browser sending the form again) it logs
// one haul, and the update draft tells the dumpster swapped once; sent
// again with another time it is refused in words. The page shown again
// has a new form, with which a second swap the same day is logged.
func TestSwapFormSentTwiceLogsOnce(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	c, csrf := b.signIn(t)
	now := b.clock.Now().In(b.loc)
	box := b.add(t, map[string]any{"kind": "dumpster", "placed_at": now.AddDate(0, 0, -5)})
	page := fmt.Sprintf("/claims/%d", b.claim)
	formKey := func() string {
		t.Helper()
		_, body := b.do(t, c, "GET", page, nil, nil)
		m := haulKeyField.FindAllStringSubmatch(body, -1)
		if len(m) != 1 {
			t.Fatalf("the claim page has %d swap forms with a key, want the dumpster's:\n%s", len(m), body)
		}
		return m[0][1]
	}
	swap := func(key string, at time.Time) (*http.Response, string) {
		t.Helper()
		form := url.Values{"csrf_token": {csrf}, "action": {"haul"}, "hauled_at": {at.Format(stageTimeLayout)},
			"note": {"ticket 4471"}, "idempotency_key": {key}}
		return b.do(t, c, "POST", fmt.Sprintf("/equipment/%d", box.ID), form, nil)
	}
	y, m, d := now.AddDate(0, 0, -2).Date()
	morning, afternoon := time.Date(y, m, d, 9, 0, 0, 0, b.loc), time.Date(y, m, d, 15, 0, 0, 0, b.loc)
	hauls := func() int {
		t.Helper()
		var n int
		b.query(t, `SELECT count(*) FROM equipment_hauls WHERE equipment_id = $1`, []any{box.ID}, &n)
		return n
	}

	first := formKey()
	for i := range 2 {
		resp, body := swap(first, morning)
		if want := fmt.Sprintf("%s#equipment-%d", page, box.ID); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Fatalf("the swap form sent, time %d: %d to %q, want back to the line\n%s", i+1, resp.StatusCode, resp.Header.Get("Location"), body)
		}
	}
	if n := hauls(); n != 1 {
		t.Errorf("the swap form sent twice logged %d hauls, want 1", n)
	}
	day := morning.Format("Mon Jan 2")
	if draft := b.updateDraft(t, c, b.claim); !strings.Contains(draft, "the dumpster was swapped on "+day+".\n") {
		t.Errorf("the update draft does not tell the dumpster swapped once, %s:\n%s", day, draft)
	}
	if resp, body := swap(first, afternoon); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "This form logged a swap already, with another time or note.") {
		t.Errorf("the same form sent with another time: %d, want refused in words\n%s", resp.StatusCode, body)
	}

	second := formKey()
	if second == first {
		t.Fatalf("the page shown again has the same swap form key %q", first)
	}
	if resp, body := swap(second, afternoon); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a new swap form: %d\n%s", resp.StatusCode, body)
	}
	if n := hauls(); n != 2 {
		t.Errorf("after a second swap the same day with a new form, %d hauls, want 2", n)
	}
}

// TestAPIHaulIdempotencyKey: a haul logged with an Idempotency-Key and the
// call retried logs once and answers the same, saying Idempotent-Replayed;
// a haul with no time retried later is still the one logged. The key sent
// for another haul is refused (422), a key that is no key too (400).
// Another key logs another haul, and so does the key on another line.
func TestAPIHaulIdempotencyKey(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	placed := b.clock.Now().AddDate(0, 0, -3)
	box := b.add(t, map[string]any{"kind": "dumpster", "placed_at": placed})
	pod := b.add(t, map[string]any{"kind": "pod", "placed_at": placed})
	haul := func(line int64, key string, body map[string]any) (*http.Response, string) {
		t.Helper()
		return b.call(t, "POST", fmt.Sprintf("/api/equipment/%d/hauls", line), body, http.Header{"Idempotency-Key": {key}})
	}
	hauled := placed.Add(26 * time.Hour)
	ticket := map[string]any{"hauled_at": hauled, "note": "ticket 4471"}
	var answers [2]equipmentItem
	for i := range answers {
		resp, body := haul(box.ID, "8e0f6c1a-retry", ticket)
		if resp.StatusCode != http.StatusCreated || json.Unmarshal([]byte(body), &answers[i]) != nil {
			t.Fatalf("call %d: %d %s", i+1, resp.StatusCode, body)
		}
		if replayed := resp.Header.Get("Idempotent-Replayed"); replayed != map[int]string{0: "", 1: "true"}[i] {
			t.Errorf("call %d: Idempotent-Replayed %q", i+1, replayed)
		}
	}
	if len(answers[1].Hauls) != 1 || answers[1].Hauls[0].ID != answers[0].Hauls[0].ID || !answers[1].Hauls[0].At.Equal(hauled) {
		t.Errorf("the call retried answers %+v, want the haul the first logged, %+v", answers[1].Hauls, answers[0].Hauls)
	}
	for range 2 {
		if resp, body := haul(box.ID, "now-1", map[string]any{}); resp.StatusCode != http.StatusCreated {
			t.Fatalf("a haul now: %d %s", resp.StatusCode, body)
		}
		b.clock.Advance(time.Minute)
	}

	resp, body := haul(box.ID, "8e0f6c1a-retry", map[string]any{"hauled_at": hauled, "note": "ticket 4472"})
	wantError(t, "the key sent for another haul", resp, body, http.StatusUnprocessableEntity, "this key logged a different haul")
	resp, body = haul(box.ID, "two words", ticket)
	wantError(t, "a key with a space", resp, body, http.StatusBadRequest, "Idempotency-Key: want up to 255 visible ASCII characters")
	resp, body = haul(box.ID, strings.Repeat("k", 256), ticket)
	wantError(t, "a key too long", resp, body, http.StatusBadRequest, "Idempotency-Key")

	for _, h := range []struct {
		line int64
		key  string
	}{{box.ID, "8e0f6c1a-next"}, {pod.ID, "8e0f6c1a-retry"}} {
		if resp, body := haul(h.line, h.key, ticket); resp.StatusCode != http.StatusCreated || resp.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("key %q on line %d: %d %s, want a new haul", h.key, h.line, resp.StatusCode, body)
		}
	}
	var lines listResponse[equipmentItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/equipment", b.claim), &lines)
	for _, e := range lines.Items {
		if n, want := len(e.Hauls), map[int64]int{box.ID: 3, pod.ID: 1}[e.ID]; n != want {
			t.Errorf("%s %d has %d hauls, want %d", e.Kind, e.ID, n, want)
		}
	}
}

// TestAPIHaulRetriesAtOnce: eight calls with one Idempotency-Key at once,
// as an integration retrying over a slow link sends them, log one haul,
// and each answers it.
func TestAPIHaulRetriesAtOnce(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	box := b.add(t, map[string]any{"kind": "dumpster", "placed_at": b.clock.Now().AddDate(0, 0, -3)})
	body := fmt.Sprintf(`{"hauled_at": %q}`, b.clock.Now().Add(-time.Hour).Format(time.RFC3339))
	type answer struct {
		status int
		item   equipmentItem
		err    error
	}
	start, answers := make(chan struct{}), make(chan answer)
	for range 8 {
		go func() {
			req, err := http.NewRequest("POST", b.ts.URL+fmt.Sprintf("/api/equipment/%d/hauls", box.ID), strings.NewReader(body))
			if err != nil {
				answers <- answer{err: err}
				return
			}
			req.Header = http.Header{"Authorization": {"Bearer " + b.token}, "Content-Type": {"application/json"},
				"Idempotency-Key": {"dispatch-7781"}}
			<-start
			var a answer
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				a.status = resp.StatusCode
				err = json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&a.item)
				resp.Body.Close()
			}
			a.err = err
			answers <- a
		}()
	}
	close(start)
	for range 8 {
		a := <-answers
		if a.err != nil || a.status != http.StatusCreated || len(a.item.Hauls) != 1 {
			t.Errorf("a call: %d %+v (%v), want the line with its one haul", a.status, a.item.Hauls, a.err)
		}
	}
	var n int
	b.query(t, `SELECT count(*) FROM equipment_hauls WHERE equipment_id = $1`, []any{box.ID}, &n)
	if n != 1 {
		t.Errorf("eight calls at once with one key logged %d hauls, want 1", n)
	}
}
