package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// seedClaims stores n claims: carriers in turn State Farm, Allstate, USAA;
// adjusters in turn Jennifer Anderson and Mark Lee; every fifth closed. The
// first is Kevin Castillo's. It returns the ids in insertion order.
func (b *apiBundle) seedClaims(t *testing.T, n int) []int64 {
	t.Helper()
	carriers := []string{"State Farm", "Allstate", "USAA"}
	adjusters := [][2]string{{"Jennifer Anderson", "janderson@statefarm.example"}, {"Mark Lee", "mlee@carrier.example"}}
	var ids []int64
	for i := range n {
		c := storage.Claim{
			JobNumber: fmt.Sprintf("26-%04d-WTR", 1001+i), ClaimNumber: fmt.Sprintf("60-8H%02d-8H5", i),
			Carrier: carriers[i%3], PolicyNumber: fmt.Sprintf("P-%d", 500+i), InsuredName: fmt.Sprintf("Insured %d", i),
			LossAddress: fmt.Sprintf("%d Birch Rd, Plano, TX", 100+i), LossType: "Water",
			AdjusterName: adjusters[i%2][0], AdjusterEmail: adjusters[i%2][1], Source: storage.SourceCSV,
		}
		if i == 0 {
			c.InsuredName, c.LossAddress = "Kevin Castillo", "6345 Birch Rd, Plano, TX 75023"
		}
		if i%5 == 4 {
			c.Status = "closed"
		}
		ids = append(ids, b.addClaim(t, c))
	}
	return ids
}

func TestAPIClaimsListPagesAndFilters(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ids := b.seedClaims(t, 25)

	newestFirst := slices.Clone(ids)
	slices.Reverse(newestFirst)
	for _, limit := range []int{1, 4, 25, 200} {
		if got := b.walkPages(t, "/api/claims?", limit); !slices.Equal(got, newestFirst) {
			t.Errorf("limit %d: walked %v, want %v", limit, got, newestFirst)
		}
	}

	where := func(keep func(i int) bool) []int64 {
		var out []int64
		for i := len(ids) - 1; i >= 0; i-- {
			if keep(i) {
				out = append(out, ids[i])
			}
		}
		return out
	}
	for _, tc := range []struct {
		query url.Values
		want  []int64
	}{
		{url.Values{"q": {"castillo"}}, where(func(i int) bool { return i == 0 })},
		{url.Values{"q": {"6345 birch"}}, where(func(i int) bool { return i == 0 })},
		{url.Values{"q": {"26-1007"}}, where(func(i int) bool { return i == 6 })},
		// Claim numbers are found however they are written.
		{url.Values{"q": {"60 8h03 8h5"}}, where(func(i int) bool { return i == 3 })},
		{url.Values{"q": {"p-510"}}, where(func(i int) bool { return i == 10 })},
		// LIKE's wildcards are plain characters to the search.
		{url.Values{"q": {"%"}}, nil},
		{url.Values{"q": {"_"}}, nil},
		{url.Values{"carrier": {"state farm"}}, where(func(i int) bool { return i%3 == 0 })},
		{url.Values{"adjuster": {"MLEE@carrier.example"}}, where(func(i int) bool { return i%2 == 1 })},
		{url.Values{"adjuster": {"jennifer anderson"}}, where(func(i int) bool { return i%2 == 0 })},
		{url.Values{"status": {"closed"}}, where(func(i int) bool { return i%5 == 4 })},
		// all, as the claims page and the exports spell it, is no filter.
		{url.Values{"status": {"all"}, "carrier": {"state farm"}}, where(func(i int) bool { return i%3 == 0 })},
		{url.Values{"status": {"open"}, "carrier": {"USAA"}}, where(func(i int) bool { return i%5 != 4 && i%3 == 2 })},
		{url.Values{"q": {"birch"}, "adjuster": {"Mark Lee"}, "status": {"open"}}, where(func(i int) bool { return i%2 == 1 && i%5 != 4 })},
	} {
		if got := b.walkPages(t, "/api/claims?"+tc.query.Encode(), 2); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.query.Encode(), got, tc.want)
		}
	}

	for _, q := range []string{"status=pending", "overdue=maybe", "limit=0", "limit=201", "cursor=nope", "cursor=AAAAAAAAAAA"} {
		resp, body := b.call(t, "GET", "/api/claims?"+q, nil, nil)
		wantError(t, q, resp, body, http.StatusBadRequest, "")
	}
}

func TestAPIClaimsOverdue(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	now := b.clock.Now()
	long := b.at(time.February, 2, 9, 0)
	claim := func(job string, status string, created time.Time) int64 {
		id := b.addClaim(t, storage.Claim{JobNumber: job, ClaimNumber: "C" + job, Status: status, AdjusterName: "Ann Adjuster"})
		if _, err := b.sql.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, id, created); err != nil {
			t.Fatal(err)
		}
		return id
	}
	update := func(id int64, at time.Time) {
		if err := b.db.AddClaimNote(ctx, id, "ana@smrestore.example", "called the adjuster", at); err != nil {
			t.Fatal(err)
		}
	}
	updatedToday := claim("26-1001-WTR", "open", long)
	update(updatedToday, b.at(time.March, 4, 10, 0))
	noUpdateToday := claim("26-1002-WTR", "open", long)
	update(noUpdateToday, b.at(time.March, 3, 16, 0))
	// Opened after the office opened today: today's first contact is its
	// update.
	openedToday := claim("26-1003-WTR", "open", b.at(time.March, 4, 11, 0))
	closed := claim("26-1004-WTR", "closed", long)
	closedOverdueAck := claim("26-1005-WTR", "closed", long)
	m := b.addMessage(t, testMessage{from: "adjuster@carrier.example", subject: "status?", arrived: b.at(time.March, 4, 13, 0), needsAck: true})
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET claim_id = $2 WHERE id = $1`, m, closedOverdueAck); err != nil {
		t.Fatal(err)
	}
	// An update later than now has not happened yet.
	future := claim("26-1006-WTR", "open", long)
	update(future, b.at(time.March, 4, 19, 0))
	// A request past its due time makes its claim overdue, as the claims
	// list labels it.
	lateRequest := claim("26-1007-WTR", "open", long)
	update(lateRequest, b.at(time.March, 4, 9, 0))
	asked := b.addMessage(t, testMessage{from: "adjuster@carrier.example", subject: "photos?", arrived: b.at(time.March, 4, 9, 0)})
	if _, err := b.sql.Exec(ctx, `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
		VALUES ($1, $2, 'adjuster@carrier.example', '{photo}', 'Send the photos', $3, $4, 1)`,
		lateRequest, asked, b.at(time.March, 4, 9, 0), b.at(time.March, 4, 12, 0)); err != nil {
		t.Fatal(err)
	}

	// Before closing, today's update still owed is due soon, not overdue.
	want := []int64{lateRequest, closedOverdueAck}
	if got := b.walkPages(t, "/api/claims?overdue=true", 1); !slices.Equal(got, want) {
		t.Errorf("overdue: %v, want %v (updated today %d, opened today %d, closed %d)", got, want, updatedToday, openedToday, closed)
	}
	if got := b.walkPages(t, "/api/claims?overdue=false", 10); len(got) != 7 {
		t.Errorf("overdue=false filters: %v", got)
	}
	// Once the office has closed, the claims still without today's update
	// are overdue.
	b.clock.Advance(b.at(time.March, 4, 18, 30).Sub(now))
	want = []int64{lateRequest, future, closedOverdueAck, noUpdateToday}
	if got := b.walkPages(t, "/api/claims?overdue=true", 1); !slices.Equal(got, want) {
		t.Errorf("overdue after closing: %v, want %v (updated today %d, opened today %d, closed %d)", got, want, updatedToday, openedToday, closed)
	}

	// On a Saturday the office owes no update; only late answers count.
	b.clock.Advance(b.at(time.March, 7, 12, 0).Sub(b.clock.Now()))
	if got := b.walkPages(t, "/api/claims?overdue=1", 5); !slices.Equal(got, []int64{lateRequest, closedOverdueAck}) {
		t.Errorf("overdue on a Saturday: %v", got)
	}
}

func TestAPIClaimGet(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ids := b.seedClaims(t, 2)
	_, err := b.sql.Exec(context.Background(), `
		INSERT INTO claim_participants (claim_id, role, name, email, phone) VALUES
		($1, 'foreman', 'Dave Cruz', 'dcruz@smrestore.example', '555-0101'),
		($1, 'adjuster', 'Jennifer Anderson', 'janderson@statefarm.example', '')`, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	b.get(t, fmt.Sprintf("/api/claims/%d", ids[0]), &c)
	for field, want := range map[string]any{
		"id": float64(ids[0]), "job_number": "26-1001-WTR", "claim_number": "60-8H00-8H5", "carrier": "State Farm",
		"policy_number": "P-500", "insured_name": "Kevin Castillo", "loss_address": "6345 Birch Rd, Plano, TX 75023",
		"loss_type": "Water", "adjuster_name": "Jennifer Anderson", "adjuster_email": "janderson@statefarm.example",
		"status": "open", "source": "csv", "date_of_loss": nil,
		"forward_address": "claims+26-1001-WTR@smrestore.example",
	} {
		if got, ok := c[field]; !ok || got != want {
			t.Errorf("%s: %v, want %v", field, got, want)
		}
	}
	parts, _ := c["participants"].([]any)
	if len(parts) != 2 {
		t.Fatalf("participants %v", c["participants"])
	}
	// In the order roles are defined: the foreman before the adjuster.
	if p := parts[0].(map[string]any); p["role"] != "foreman" || p["email"] != "dcruz@smrestore.example" || p["phone"] != "555-0101" {
		t.Errorf("first participant %v", p)
	}
	if p := parts[1].(map[string]any); p["role"] != "adjuster" || p["name"] != "Jennifer Anderson" {
		t.Errorf("second participant %v", p)
	}
	var other map[string]any
	b.get(t, fmt.Sprintf("/api/claims/%d", ids[1]), &other)
	if ps, ok := other["participants"].([]any); !ok || len(ps) != 0 {
		t.Errorf("participants of a claim without any: %v, want []", other["participants"])
	}

	resp, body := b.call(t, "GET", "/api/claims/999999", nil, nil)
	wantError(t, "unknown claim", resp, body, http.StatusNotFound, "claim 999999 not found")
	resp, body = b.call(t, "GET", "/api/claims/abc", nil, nil)
	wantError(t, "claim id abc", resp, body, http.StatusBadRequest, "id")
}

func TestAPIClaimCreate(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	resp, body := b.call(t, "POST", "/api/claims", map[string]any{
		"job_number": "26-2001-FIR", "claim_number": "0683449786", "carrier": "Allstate", "policy_number": "AL-1",
		"insured_name": "Robert O'Brien", "loss_address": "12 Elm St, Frisco, TX", "loss_type": "fire damage",
		"adjuster_name": "Pat Doe", "adjuster_email": "Pat.Doe@allstate.example", "date_of_loss": "2026-02-27",
	}, nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	var c map[string]any
	decodeBody(t, body, &c)
	if resp.Header.Get("Location") != fmt.Sprintf("/api/claims/%v", c["id"]) {
		t.Errorf("Location %q for claim %v", resp.Header.Get("Location"), c["id"])
	}
	for field, want := range map[string]any{
		"job_number": "26-2001-FIR", "claim_number": "0683449786", "loss_type": "Fire", "status": "open", "source": "manual",
		"adjuster_email": "pat.doe@allstate.example", "date_of_loss": "2026-02-27",
		"forward_address": "claims+26-2001-FIR@smrestore.example",
	} {
		if c[field] != want {
			t.Errorf("%s: %v, want %v", field, c[field], want)
		}
	}

	// Without a job number, the next of the year's sequence.
	resp, body = b.call(t, "POST", "/api/claims", map[string]any{"claim_number": "LA123-456789-01", "loss_type": "Water"}, nil)
	decodeBody(t, body, &c)
	if resp.StatusCode != http.StatusCreated || c["job_number"] != "26-2002-WTR" {
		t.Errorf("allocated: %d %s, want job 26-2002-WTR", resp.StatusCode, body)
	}

	for _, tc := range []struct {
		name   string
		body   any
		status int
		want   string
	}{
		{"claim number written differently", map[string]any{"job_number": "26-2100-WTR", "claim_number": "06834-49786"}, http.StatusConflict,
			"claim number 06834-49786 already belongs to job 26-2001-FIR"},
		{"job number taken", map[string]any{"job_number": "26-2001-fir", "claim_number": "999"}, http.StatusConflict, "job number 26-2001-fir exists already"},
		{"nothing to tell it by", map[string]any{"job_number": "26-2100-WTR"}, http.StatusBadRequest, "claim_number: required"},
		{"bad email", map[string]any{"claim_number": "998", "adjuster_email": "not an email"}, http.StatusBadRequest, "adjuster_email"},
		{"bad status", map[string]any{"claim_number": "998", "status": "pending"}, http.StatusBadRequest, "status"},
		{"bad date", map[string]any{"claim_number": "998", "date_of_loss": "02/27/2026"}, http.StatusBadRequest, "date_of_loss"},
		{"unknown field", map[string]any{"claim_number": "998", "colour": "red"}, http.StatusBadRequest, "colour"},
		{"wrong type", map[string]any{"claim_number": 998}, http.StatusBadRequest, "claim_number"},
		{"not JSON", "claim_number=998", http.StatusBadRequest, "invalid JSON"},
		{"two objects", `{"claim_number": "998"} {}`, http.StatusBadRequest, "one object"},
		{"empty", "", http.StatusBadRequest, "JSON object"},
		{"huge", `{"claim_number": "` + strings.Repeat("9", 600) + `"}`, http.StatusBadRequest, "longer than"},
	} {
		resp, body := b.call(t, "POST", "/api/claims", tc.body, nil)
		wantError(t, tc.name, resp, body, tc.status, tc.want)
	}
	var n int
	if err := b.sql.QueryRow(context.Background(), `SELECT count(*) FROM claims`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d claims stored, want the 2 created (%v)", n, err)
	}
}

func TestAPIClaimsImport(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	const header = "job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email\n"
	csv := header +
		"26-3001-WTR,60-8H77-8H5,State Farm,P1,Kevin Castillo,\"6345 Birch Rd, Plano, TX\",Water,Jennifer Anderson,janderson@statefarm.example\n" +
		",0683449786,Allstate,,,,,,\n" +
		"26-3003-WTR,,USAA,,,,,,\n" +
		"26-3004-WTR,LA1,Liberty,,,,,,not-an-email\n" +
		"26-3005-WTR,0683449786,Allstate,,,,,,\n"
	type result struct {
		Error   string `json:"error"`
		Created int    `json:"created"`
		Updated int    `json:"updated"`
		Errors  []struct {
			Line    int    `json:"line"`
			Field   string `json:"field"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	csvHeader := http.Header{"Content-Type": {"text/csv"}}
	resp, body := b.call(t, "POST", "/api/claims/import", csv, csvHeader)
	var r result
	decodeBody(t, body, &r)
	if resp.StatusCode != http.StatusOK || r.Created != 2 || r.Updated != 0 || r.Error != "" {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}
	got := fmt.Sprint(r.Errors)
	if want := "[{3 job_number empty} {4 claim_number empty, and no insured_name or loss_address to tell the claim apart} {5 adjuster_email \"not-an-email\" is not an email address}]"; got != want {
		t.Errorf("row errors %s, want %s", got, want)
	}

	// Again: the job number updates; a claim number of another job is the
	// row's error and the rest is saved.
	resp, body = b.call(t, "POST", "/api/claims/import", header+
		"26-3001-WTR,60-8H77-8H5,State Farm,P1,Kevin Castillo,,Water,Mark Lee,mlee@statefarm.example\n"+
		"26-3009-WTR,0683449786,Allstate,,,,,,\n", csvHeader)
	r = result{}
	decodeBody(t, body, &r)
	if resp.StatusCode != http.StatusOK || r.Created != 0 || r.Updated != 1 || fmt.Sprint(r.Errors) != "[{3 claim_number 0683449786 already belongs to another job}]" {
		t.Errorf("re-import: %d %s", resp.StatusCode, body)
	}
	var adjuster string
	if err := b.sql.QueryRow(context.Background(), `SELECT adjuster_name FROM claims WHERE job_number = '26-3001-WTR'`).Scan(&adjuster); err != nil || adjuster != "Mark Lee" {
		t.Errorf("updated adjuster %q, %v", adjuster, err)
	}

	for _, tc := range []struct {
		name, csv string
		line      int
		field     string
	}{
		{"every row bad", header + ",x,,,,,,,\n26-3010-WTR,,,,,,,,\n", 2, "job_number"},
		{"empty file", "", 1, ""},
		{"unknown column", "job_number,claim_number,colour\n1,2,3\n", 1, "colour"},
	} {
		resp, body := b.call(t, "POST", "/api/claims/import", tc.csv, csvHeader)
		r := result{}
		decodeBody(t, body, &r)
		if resp.StatusCode != http.StatusBadRequest || r.Error == "" || len(r.Errors) == 0 || r.Errors[0].Line != tc.line || r.Errors[0].Field != tc.field {
			t.Errorf("%s: %d %s, want 400 naming line %d, field %q", tc.name, resp.StatusCode, body, tc.line, tc.field)
		}
	}
	resp, body = b.call(t, "POST", "/api/claims/import", "job_number=1", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	wantError(t, "a form", resp, body, http.StatusUnsupportedMediaType, "text/csv")
}

// decodeBody unmarshals a JSON body into out or fails the test.
func decodeBody(t *testing.T, body string, out any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), out); err != nil {
		t.Fatalf("%v in %s", err, body)
	}
}

// TestAPIClaimLastUpdate: a claim says when it was last updated, and
// nothing until it is.
func TestAPIClaimLastUpdate(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ids := b.seedClaims(t, 2)
	at := b.at(3, 4, 16, 30)
	if err := b.db.AddClaimNote(context.Background(), ids[0], "ana@smrestore.example", "extraction done, 3 air movers set", at); err != nil {
		t.Fatal(err)
	}
	_, body := b.call(t, "GET", claimPath(ids[0]), nil, nil)
	if got := decodeClaim(t, body)["last_update_at"]; got != at.UTC().Format(time.RFC3339) {
		t.Errorf("last_update_at %v, want %s", got, at.UTC().Format(time.RFC3339))
	}
	var list listResponse[map[string]any]
	b.get(t, "/api/claims?limit=10", &list)
	for _, c := range list.Items {
		if int64(c["id"].(float64)) == ids[1] && c["last_update_at"] != nil {
			t.Errorf("a claim never updated lists last_update_at %v", c["last_update_at"])
		}
	}
}

// TestAPIClaimPatchAnswersAsGet: a PATCH answers with the claim as a GET
// then shows it.
func TestAPIClaimPatchAnswersAsGet(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	id := b.seedClaims(t, 1)[0]
	resp, patched := b.call(t, "PATCH", fmt.Sprintf("/api/claims/%d", id), map[string]any{"loss_description": "Supply line burst"}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PATCH: %d %s", resp.StatusCode, patched)
	}
	resp, got := b.call(t, "GET", fmt.Sprintf("/api/claims/%d", id), nil, nil)
	if resp.StatusCode != http.StatusOK || got != patched {
		t.Errorf("GET answers %d\n%s\nwhere the PATCH answered\n%s", resp.StatusCode, got, patched)
	}
}
