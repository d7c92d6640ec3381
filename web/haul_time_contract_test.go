package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"
)

// TestAPIHaulTimeAsOpenAPISaysIt: openapi.json's hauled_at still says it
// takes a date-time, as it did before times without an offset were taken
// too, and every time it describes is taken by POST
// /api/equipment/{id}/hauls while every time it does not is refused.
func TestAPIHaulTimeAsOpenAPISaysIt(t *testing.T) {
	t.Parallel()
	type schema struct {
		Format  string   `json:"format"`
		Pattern string   `json:"pattern"`
		AnyOf   []schema `json:"anyOf"`
	}
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]struct {
					Schema struct {
						Properties map[string]schema `json:"properties"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	field := doc.Paths["/api/equipment/{id}/hauls"]["post"].RequestBody.Content["application/json"].Schema.Properties["hauled_at"]
	ways := append([]schema{field}, field.AnyOf...)
	described := func(v string) bool {
		for _, w := range ways {
			_, err := time.Parse(time.RFC3339Nano, v)
			if w.Format == "date-time" && err == nil || w.Pattern != "" && regexp.MustCompile(w.Pattern).MatchString(v) {
				return true
			}
		}
		return false
	}
	if !described("2026-12-03T07:30:00-06:00") || !described("2026-12-03T07:30") ||
		!slices.ContainsFunc(ways, func(w schema) bool { return w.Format == "date-time" }) {
		t.Errorf("hauled_at in openapi.json: %+v; want a date-time, or a time without an offset", field)
	}

	b := setupEquipment(t)
	box := b.add(t, map[string]any{"kind": "dumpster", "placed_at": b.clock.Now().AddDate(0, 0, -5)})
	day := b.clock.Now().In(b.loc).AddDate(0, 0, -1).Format(time.DateOnly)
	for _, clock := range []string{"07:30:00-06:00", "07:30:00Z", "07:30:00.250Z", "07:30", "07:30:15", "07:30:15.5",
		"07:30Z", "07:30-06:00", "7:30", "07:30:00+0600"} {
		v := day + "T" + clock
		resp, body := b.call(t, "POST", fmt.Sprintf("/api/equipment/%d/hauls", box.ID), map[string]any{"hauled_at": v}, nil)
		if taken := resp.StatusCode == http.StatusCreated; taken != described(v) {
			t.Errorf("hauled_at %q: %d %s; openapi.json describes it: %v", v, resp.StatusCode, body, described(v))
		}
	}
}
