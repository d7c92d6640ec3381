package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestClaimPageEquipmentPartialPickupAndEdit picks up some of a line from
// the claim page, as crews pull drying equipment a few at a time, then
// corrects a line with its edit form: a wrong count and vendor, and a
// pickup recorded on the wrong line, undone by clearing its time.
func TestClaimPageEquipmentPartialPickupAndEdit(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	c, csrf := b.signIn(t)
	ctx := context.Background()
	page := fmt.Sprintf("/claims/%d", b.claim)
	post := func(path string, form url.Values, want int) string {
		t.Helper()
		form.Set("csrf_token", csrf)
		resp, body := b.do(t, c, "POST", path, form, nil)
		if resp.StatusCode != want {
			t.Fatalf("POST %s %v: %d, want %d: %s", path, form, resp.StatusCode, want, body)
		}
		return body
	}
	post(page+"/equipment", url.Values{"kind": {"air_mover"}, "count": {"6"}, "placed_at": {"2026-03-02T09:00"}, "vendor": {"Sunbelt"}}, http.StatusSeeOther)
	es, err := b.db.ClaimEquipment(ctx, b.claim)
	if err != nil || len(es) != 1 {
		t.Fatalf("log %+v (%v)", es, err)
	}
	line := fmt.Sprintf("/equipment/%d", es[0].ID)
	_, body := b.do(t, c, "GET", page, nil, nil)
	if !strings.Contains(body, `name="count" min="1" max="6" value="6"`) || !strings.Contains(body, "of 6") {
		t.Errorf("a line of six offers no count to pick up:\n%s", body)
	}

	post(line, url.Values{"action": {"pickup"}, "count": {"4"}, "picked_up_at": {"2026-03-04T10:15"}}, http.StatusSeeOther)
	if es, err = b.db.ClaimEquipment(ctx, b.claim); err != nil || len(es) != 2 {
		t.Fatalf("after picking up four: %+v (%v), want two lines", es, err)
	}
	if es[0].Count != 2 || es[0].PickedUpAt != nil || es[1].Count != 4 || es[1].PickedUpAt == nil || !es[1].PickedUpAt.Equal(b.at(3, 4, 10, 15)) {
		t.Errorf("after picking up four: %+v and %+v, want two on the job and four picked up", es[0], es[1])
	}
	_, body = b.do(t, c, "GET", page, nil, nil)
	for _, want := range []string{"2 × Air mover", "4 × Air mover", "of 2", `value="2026-03-02T09:00"`, `value="2026-03-04T10:15"`} {
		if !strings.Contains(body, want) {
			t.Errorf("claim page lacks %q", want)
		}
	}
	post(line, url.Values{"action": {"pickup"}, "count": {"none"}}, http.StatusBadRequest)
	if body := post(line, url.Values{"action": {"pickup"}, "picked_up_at": {"2026-03-01T10:15"}}, http.StatusBadRequest); !strings.Contains(body,
		"the pickup time is before the time the equipment was placed") || strings.Contains(body, "placed_at") {
		t.Errorf("a pickup before the placement is refused in other words:\n%s", body)
	}

	// The edit form sends every field; the four picked up were the wrong
	// line's: clearing the time puts them back on the job.
	edit := func(count, placed, picked, vendor string) url.Values {
		return url.Values{"action": {"edit"}, "kind": {"air_mover"}, "count": {count}, "placed_at": {placed},
			"picked_up_at": {picked}, "vendor": {vendor}, "note": {"basement"}}
	}
	post(line, edit("3", "2026-03-02T08:30", "", "Sunbelt Rentals"), http.StatusSeeOther)
	post(fmt.Sprintf("/equipment/%d", es[1].ID), edit("4", "2026-03-02T09:00", "", "Sunbelt"), http.StatusSeeOther)
	if es, err = b.db.ClaimEquipment(ctx, b.claim); err != nil || len(es) != 2 {
		t.Fatalf("after the edits: %+v (%v)", es, err)
	}
	if e := es[0]; e.Count != 3 || e.Vendor != "Sunbelt Rentals" || e.Note != "basement" || !e.PlacedAt.Equal(b.at(3, 2, 8, 30)) || e.PickedUpAt != nil {
		t.Errorf("edited line %+v", e)
	}
	if e := es[1]; e.PickedUpAt != nil {
		t.Errorf("a pickup cleared on the edit form: %+v, want the line back on the job", e)
	}
	post(line, edit("0", "2026-03-02T08:30", "", ""), http.StatusBadRequest)
	post(line, edit("3", "2026-03-02T08:30", "2026-03-01T08:30", ""), http.StatusBadRequest)
	if e, _ := b.db.GetEquipment(ctx, es[0].ID); e.Count != 3 || e.PickedUpAt != nil {
		t.Errorf("after refused edits: %+v, want it as it was", e)
	}

	// A time sent back as the form showed it, to the minute, was not
	// edited: it keeps its seconds.
	pod := b.add(t, map[string]any{"kind": "pod", "placed_at": b.at(3, 2, 9, 0).Add(42 * time.Second)})
	post(fmt.Sprintf("/equipment/%d", pod.ID), url.Values{"action": {"edit"}, "kind": {"pod"}, "count": {"1"},
		"placed_at": {"2026-03-02T09:00"}, "placed_at_was": {"2026-03-02T09:00"}, "picked_up_at": {""}, "picked_up_at_was": {""},
		"vendor": {"PODS"}, "note": {"driveway"}}, http.StatusSeeOther)
	if e, _ := b.db.GetEquipment(ctx, pod.ID); e.Vendor != "PODS" || e.PlacedAt == nil || !e.PlacedAt.Equal(b.at(3, 2, 9, 0).Add(42*time.Second)) {
		t.Errorf("a note edited: %+v, want its placement as it was, to the second", e)
	}
}
