package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

type messagePage struct {
	Items      []map[string]any `json:"items"`
	NextCursor *string          `json:"next_cursor"`
}

// apiClient returns a function that GETs an API path with a fresh token.
func (b *bundle) apiClient(t *testing.T) func(path string) (*http.Response, string) {
	t.Helper()
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(context.Background(), "test", hash, 0, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	c := b.client(t)
	return func(path string) (*http.Response, string) {
		t.Helper()
		return b.do(t, c, "GET", path, nil, http.Header{"Authorization": {"Bearer " + token}})
	}
}

// walk follows next_cursor from query until the last page and returns the
// ids in the order they came, failing on any page larger than limit.
func walk(t *testing.T, get func(string) (*http.Response, string), query url.Values, limit int) []int64 {
	t.Helper()
	var ids []int64
	query.Set("limit", strconv.Itoa(limit))
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
		resp, body := get("/api/messages?" + query.Encode())
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", query.Encode(), resp.StatusCode, body)
		}
		var p messagePage
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		if p.Items == nil || p.NextCursor == nil {
			t.Fatalf("page without items or next_cursor: %s", body)
		}
		if len(p.Items) > limit {
			t.Fatalf("%d items on a page of %d", len(p.Items), limit)
		}
		for _, it := range p.Items {
			ids = append(ids, int64(it["id"].(float64)))
		}
		if *p.NextCursor == "" {
			return ids
		}
		query.Set("cursor", *p.NextCursor)
	}
}

func TestAPIMessagesPagination(t *testing.T) {
	t.Parallel()
	b := setup(t)
	s := b.seedMessages(t, 23)
	get := b.apiClient(t)

	// Newest first: the seed's order reversed (ties in received_at fall
	// back to the id, which grows with insertion).
	want := slices.Clone(s.ids)
	slices.Reverse(want)
	for _, limit := range []int{1, 5, 7, 23, 200} {
		if got := walk(t, get, url.Values{}, limit); !slices.Equal(got, want) {
			t.Errorf("limit %d: walked %v, want %v", limit, got, want)
		}
	}

	filtered := func(keep func(i int) bool) []int64 {
		var out []int64
		for i := len(s.ids) - 1; i >= 0; i-- {
			if keep(i) {
				out = append(out, s.ids[i])
			}
		}
		return out
	}
	for _, tc := range []struct {
		query url.Values
		want  []int64
	}{
		{url.Values{"status": {"triage"}}, filtered(func(i int) bool { return i%4 == 3 })},
		{url.Values{"direction": {"out"}}, filtered(func(i int) bool { return i%5 == 4 })},
		{url.Values{"direction": {"in"}, "status": {"triage"}}, filtered(func(i int) bool { return i%5 != 4 && i%4 == 3 })},
		{url.Values{"claim": {strconv.FormatInt(s.claimID, 10)}}, filtered(func(i int) bool { return i%6 == 5 })},
		{url.Values{"status": {"filed"}}, nil},
	} {
		if got := walk(t, get, tc.query, 2); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.query.Encode(), got, tc.want)
		}
	}
}

func TestAPIMessageFields(t *testing.T) {
	t.Parallel()
	b := setup(t)
	s := b.seedMessages(t, 6)
	get := b.apiClient(t)
	_, err := b.sql.Exec(context.Background(), `UPDATE messages SET needs_ack = true,
		decision = '{"outcome": "filed", "evidence": [{"kind": "claim_number", "value": "60-8H77-8H5"}], "reason": "claim number in the subject"}'
		WHERE id = $1`, s.ids[5])
	if err != nil {
		t.Fatal(err)
	}
	_, body := get("/api/messages")
	var p messagePage
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	// Every field DESIGN.md names, null where the pipeline has not
	// decided yet.
	fields := []string{"id", "message_id", "direction", "folder", "from", "subject", "received_at", "status",
		"claim_id", "claim_number", "job_number", "needs_ack", "ack_due_at", "acknowledged_at", "evidence", "attachments"}
	byID := map[int64]map[string]any{}
	for _, it := range p.Items {
		for _, f := range fields {
			if _, ok := it[f]; !ok {
				t.Errorf("item %v lacks %q", it["id"], f)
			}
		}
		byID[int64(it["id"].(float64))] = it
	}
	first := byID[s.ids[0]]
	if first["message_id"] != "<m1@example.com>" || first["from"] != "sender1@carrier.example" || first["folder"] != "INBOX" ||
		first["subject"] != "Message number 1" || first["status"] != "parsed" || first["direction"] != "in" || first["claim_id"] != nil {
		t.Errorf("first message: %v", first)
	}
	att, _ := first["attachments"].([]any)
	if len(att) != 1 || att[0].(map[string]any)["filename"] != "estimate.pdf" || att[0].(map[string]any)["doc_type"] != nil {
		t.Errorf("attachments %v", first["attachments"])
	}
	claimed := byID[s.ids[5]]
	if claimed["claim_id"] != float64(s.claimID) || claimed["claim_number"] != "60-8H77-8H5" || claimed["job_number"] != "26-1001-WTR" ||
		claimed["needs_ack"] != true {
		t.Errorf("claimed message: %v", claimed)
	}
	if ev, _ := claimed["evidence"].([]any); len(ev) != 1 || ev[0].(map[string]any)["value"] != "60-8H77-8H5" {
		t.Errorf("evidence %v", claimed["evidence"])
	}
	if first["evidence"] != nil || first["needs_ack"] != false {
		t.Errorf("unclassified message: evidence %v, needs_ack %v", first["evidence"], first["needs_ack"])
	}
	if byID[s.ids[4]]["folder"] != "Sent" || byID[s.ids[4]]["direction"] != "out" {
		t.Errorf("sent message: %v", byID[s.ids[4]])
	}
}

func TestAPIMessagesRefusesBadParameters(t *testing.T) {
	t.Parallel()
	b := setup(t)
	get := b.apiClient(t)
	for _, q := range []string{"status=lost", "direction=sideways", "claim=x", "claim=0", "limit=0", "limit=201", "limit=ten",
		"cursor=not-a-cursor", "cursor=" + url.QueryEscape((cursor{ID: 1}).encode()+"AA")} {
		resp, body := get("/api/messages?" + q)
		var e struct{ Error string }
		if resp.StatusCode != http.StatusBadRequest || json.Unmarshal([]byte(body), &e) != nil || e.Error == "" {
			t.Errorf("%s: %d %s, want 400 with a JSON error", q, resp.StatusCode, body)
		}
	}
	resp, body := get("/api/nothing-here")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `"error"`) {
		t.Errorf("unknown API path: %d %s", resp.StatusCode, body)
	}
}

func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	t.Parallel()
	b := setup(t)
	get := b.apiClient(t)
	resp, body := get("/api/openapi.json")
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &doc) != nil || doc.OpenAPI == "" {
		t.Fatalf("%d %.200s", resp.StatusCode, body)
	}
	for _, r := range b.srv.routes {
		method, path, ok := strings.Cut(r.pattern, " ")
		if !ok || (r.access != api && path != "/healthz" && path != "/readyz" && path != "/metrics") {
			continue
		}
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("openapi.json does not describe %s", r.pattern)
		}
	}
}

func TestMetricsCountRequestsByRoute(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t)
	b.do(t, c, "GET", "/healthz", nil, nil)
	b.do(t, c, "GET", "/claims/42/nothing", nil, nil)
	resp, body := b.do(t, c, "GET", "/metrics", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatal(resp.StatusCode)
	}
	for _, want := range []string{
		`claimdesk_http_requests_total{code="200",method="get",route="GET /healthz"} 1`,
		`claimdesk_http_requests_total{code="303",method="get",route="/"} 1`,
		`claimdesk_http_request_duration_seconds_count{method="get",route="GET /healthz"} 1`,
		"go_goroutines ",
		"process_cpu_seconds_total ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var h struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
	}
	resp, body := b.do(t, b.client(t), "GET", "/readyz", nil, nil)
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &h) != nil || h.Status != "ok" ||
		h.Checks["database"] != "ok" || h.Checks["schema"] != "ok" {
		t.Errorf("readyz: %d %s", resp.StatusCode, body)
	}

	// A schema behind the binary is not ready: rolling back the newest
	// migration's version record stands in for a database not yet migrated.
	if _, err := b.sql.Exec(context.Background(),
		"DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)"); err != nil {
		t.Fatal(err)
	}
	resp, body = b.do(t, b.client(t), "GET", "/readyz", nil, nil)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, `"schema":"error: schema at version`) {
		t.Errorf("with a migration missing: %d %s", resp.StatusCode, body)
	}

	b.db.Close()
	resp, body = b.do(t, b.client(t), "GET", "/readyz", nil, nil)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, `"database":"error: `) {
		t.Errorf("with the database closed: %d %s", resp.StatusCode, body)
	}
	// Liveness does not depend on the database.
	resp, body = b.do(t, b.client(t), "GET", "/healthz", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `"status":"ok"`) {
		t.Errorf("healthz with the database closed: %d %s", resp.StatusCode, body)
	}
}
