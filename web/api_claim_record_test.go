package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// fullClaim is a claim with every writable field, as a client posts it.
func fullClaim() map[string]any {
	return map[string]any{
		"job_number": "26-1101-WTR", "claim_number": "0683449786", "carrier": "Allstate", "policy_number": "P-77",
		"insured_name": "Wendell Ostrowski", "insured_phone": "(214) 555-0143", "insured_email": "wendell@home.example",
		"loss_address": "88 Elm St, Plano, TX", "loss_type": "Water", "loss_description": "Water under the sink",
		"cause": "supply line", "date_of_loss": "2026-02-27", "cat": 2, "class": 3,
		"adjuster_name": "Dana Reyes", "adjuster_email": "dreyes@allstate.example", "adjuster_phone": "972-555-0100",
		"company": "Ostrowski Dental LLC", "job_name": "Ostrowski kitchen",
		"participants": []map[string]string{
			{"role": "foreman", "name": "Luis Ortega", "email": "luis@smrestore.example", "phone": "214-555-0001"},
			{"role": "referred_by", "name": "Plano Plumbing", "phone": "214-555-0002"},
		},
	}
}

// decodeClaim decodes an API claim from body.
func decodeClaim(t *testing.T, body string) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		t.Fatalf("%v in %s", err, body)
	}
	return c
}

func TestAPIClaimEditRecordsHistory(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	resp, body := b.call(t, "POST", "/api/claims", fullClaim(), nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	created := decodeClaim(t, body)
	for k, v := range fullClaim() {
		if k == "participants" {
			continue
		}
		if got, _ := json.Marshal(created[k]); string(got) != mustJSON(t, v) {
			t.Errorf("created %s = %s, want %s", k, got, mustJSON(t, v))
		}
	}
	if ps := created["participants"].([]any); len(ps) != 2 {
		t.Errorf("created with participants %v, want 2", ps)
	}
	id := int64(created["id"].(float64))
	path := claimPath(id)

	resp, body = b.call(t, "PATCH", path, map[string]any{
		"insured_phone": "214-555-9999", "cat": "3", "class": nil, "job_name": "Ostrowski basement",
		"participants": []map[string]string{{"role": "technician", "name": "Ray Kim"}, {"role": "estimator", "name": "Ann Lo"}},
	}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("patch: %d %s", resp.StatusCode, body)
	}
	got := decodeClaim(t, body)
	if got["insured_phone"] != "214-555-9999" || got["cat"] != 3.0 || got["class"] != nil || got["job_name"] != "Ostrowski basement" ||
		got["carrier"] != "Allstate" {
		t.Errorf("patched claim: %s", body)
	}
	var roles []string
	for _, p := range got["participants"].([]any) {
		roles = append(roles, p.(map[string]any)["role"].(string))
	}
	if slices.Sort(roles); !slices.Equal(roles, []string{"estimator", "technician"}) {
		t.Errorf("participants after the patch: %v, want the new list alone", roles)
	}

	changes, err := b.db.ClaimChanges(ctx, id, 50)
	if err != nil {
		t.Fatal(err)
	}
	byField := map[string]storage.ClaimChange{}
	for _, c := range changes {
		if c.Actor != "ana-script" {
			t.Errorf("change %+v made by %q, want the token's name", c, c.Actor)
		}
		if _, seen := byField[c.Field]; !seen { // the latest change of each
			byField[c.Field] = c
		}
	}
	if c := byField["insured_phone"]; c.Old != "(214) 555-0143" || c.New != "214-555-9999" {
		t.Errorf("insured_phone change: %+v", c)
	}
	if c := byField["class"]; c.Old != "3" || c.New != "" {
		t.Errorf("class change: %+v", c)
	}
	if c := byField["participants"]; !strings.Contains(c.Old, "foreman: Luis Ortega") || !strings.Contains(c.New, "technician: Ray Kim") {
		t.Errorf("participants change: %+v", c)
	}
	if _, ok := byField["carrier"]; ok {
		t.Error("a field the patch left alone is in the history")
	}

	b.addClaim(t, storage.Claim{JobNumber: "26-1102-WTR", ClaimNumber: "LA123-456789-01"})
	for _, tc := range []struct {
		body   any
		status int
		want   string
	}{
		{map[string]any{"cat": 4}, 400, "cat"},
		{map[string]any{"class": "x"}, 400, "class"},
		{map[string]any{"date_of_loss": "27/02/2026"}, 400, "date_of_loss"},
		{map[string]any{"insured_email": "not an address"}, 400, "insured_email"},
		{map[string]any{"color": "red"}, 400, "color"},
		{map[string]any{"participants": []map[string]string{{"role": "plumber", "name": "X"}}}, 400, "role"},
		{map[string]any{"claim_number": "la123 456789 01"}, 409, "claim_number"},
	} {
		resp, body := b.call(t, "PATCH", path, tc.body, nil)
		wantError(t, mustJSON(t, tc.body), resp, body, tc.status, tc.want)
	}
	if resp, _ := b.call(t, "PATCH", "/api/claims/999999", map[string]any{"cause": "x"}, nil); resp.StatusCode != 404 {
		t.Errorf("patch of a claim that does not exist: %d, want 404", resp.StatusCode)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// claimPath is the API address of claim id.
func claimPath(id int64) string { return fmt.Sprintf("/api/claims/%d", id) }

func TestAPIClaimMissingFields(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	id := b.addClaim(t, storage.Claim{JobNumber: "26-1201-WTR", ClaimNumber: "577104656-341", Carrier: "USAA",
		InsuredName: "Mia Okafor", LossAddress: "1 Oak Ct", AdjusterName: "Sam Fox"})
	path := claimPath(id)
	missing := func() []string {
		t.Helper()
		var c struct {
			MissingFields []string `json:"missing_fields"`
		}
		b.get(t, path, &c)
		return c.MissingFields
	}
	if got, want := missing(), []string{"insured_phone", "foreman", "coordinator", "estimator", "referred_by"}; !slices.Equal(got, want) {
		t.Errorf("missing before the scope: %v, want %v", got, want)
	}
	incomplete := func() []int64 {
		t.Helper()
		return b.walkPages(t, "/api/claims?incomplete=true", 50)
	}
	complete := b.addClaim(t, storage.Claim{JobNumber: "26-1202-WTR", ClaimNumber: "C-2", Carrier: "USAA", InsuredName: "A",
		InsuredPhone: "1", LossAddress: "2 Oak Ct", AdjusterName: "Sam Fox"})
	resp, body := b.call(t, "PATCH", claimPath(complete), map[string]any{"participants": []map[string]string{
		{"role": "foreman", "name": "F"}, {"role": "coordinator", "name": "C"}, {"role": "estimator", "name": "E"},
		{"role": "referred_by", "name": "R"}}}, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("patch: %d %s", resp.StatusCode, body)
	}
	if got := incomplete(); !slices.Equal(got, []int64{id}) {
		t.Errorf("incomplete claims: %v, want only %d", got, id)
	}
	var board struct {
		IncompleteRecords int `json:"incomplete_records"`
	}
	if b.get(t, "/api/sla", &board); board.IncompleteRecords != 1 {
		t.Errorf("the board counts %d incomplete records, want 1", board.IncompleteRecords)
	}

	// Once the scope is filed, the water category and class are due.
	m := b.addMessage(t, testMessage{from: "tech@smrestore.example", subject: "24 hr scope", arrived: b.clock.Now(),
		status: storage.StatusFiled, files: []testFile{{name: "scope.pdf", contentType: "application/pdf", data: []byte("%PDF scope"), docType: "scope"}}})
	b.fileMessage(t, m, complete)
	if got, want := decodeClaim(t, b.mustGet(t, claimPath(complete)))["missing_fields"], []any{"cat", "class"}; !slices.Equal(got.([]any), want) {
		t.Errorf("missing with the scope in: %v, want %v", got, want)
	}
	if got := incomplete(); !slices.Equal(got, []int64{complete, id}) {
		t.Errorf("incomplete claims with the scope in: %v, want both", got)
	}
	resp, body = b.call(t, "PATCH", path, map[string]any{"insured_phone": "214-555-0101", "participants": []map[string]string{
		{"role": "foreman", "name": "F"}, {"role": "coordinator", "name": "C"}, {"role": "estimator", "name": "E"},
		{"role": "referred_by", "name": "R"}}}, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("patch: %d %s", resp.StatusCode, body)
	}
	if got := missing(); len(got) != 0 {
		t.Errorf("missing after filling them: %v", got)
	}
	if got := incomplete(); !slices.Equal(got, []int64{complete}) {
		t.Errorf("incomplete claims after filling: %v, want only %d", got, complete)
	}

	// The adjuster is named by the claim's adjuster fields or as a person.
	resp, body = b.call(t, "PATCH", path, map[string]any{"adjuster_name": ""}, nil)
	if got := decodeClaim(t, body)["missing_fields"]; resp.StatusCode != 200 || mustJSON(t, got) != `["adjuster"]` {
		t.Errorf("without an adjuster: %d, missing %v", resp.StatusCode, got)
	}
	if got := incomplete(); !slices.Equal(got, []int64{complete, id}) {
		t.Errorf("incomplete claims without an adjuster: %v", got)
	}
	resp, body = b.call(t, "PATCH", path, map[string]any{"participants": []map[string]string{
		{"role": "foreman", "name": "F"}, {"role": "coordinator", "name": "C"}, {"role": "estimator", "name": "E"},
		{"role": "referred_by", "name": "R"}, {"role": "adjuster", "name": "Sam Fox"}}}, nil)
	if got := decodeClaim(t, body)["missing_fields"]; resp.StatusCode != 200 || mustJSON(t, got) != `[]` {
		t.Errorf("with the adjuster as a person: %d, missing %v", resp.StatusCode, got)
	}
	if got := incomplete(); !slices.Equal(got, []int64{complete}) {
		t.Errorf("incomplete claims with the adjuster as a person: %v", got)
	}
}

// mustGet is a GET that must answer 200; it returns the body.
func (b *apiBundle) mustGet(t *testing.T, path string) string {
	t.Helper()
	resp, body := b.call(t, "GET", path, nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	return body
}

// fileMessage files message m and its attachments into claim.
func (b *apiBundle) fileMessage(t *testing.T, m, claim int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET claim_id = $2, status = 'filed' WHERE id = $1`, m, claim); err != nil {
		t.Fatal(err)
	}
	_, err := b.sql.Exec(ctx, `
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		SELECT $2::bigint, p.sha256, p.size, p.filename, p.doc_type, 'Scope', 'claims/' || $2::text || '/' || p.id, now(), 1
		FROM message_parts p WHERE p.message_id = $1 AND p.is_attachment`, m, claim)
	if err != nil {
		t.Fatal(err)
	}
}

func TestAPICloseReopenAndTheBoard(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	id := b.addClaim(t, storage.Claim{JobNumber: "26-1301-WTR", ClaimNumber: "60-8H77-8H5", InsuredName: "Kim Park",
		AdjusterName: "Dana Reyes", AdjusterEmail: "dreyes@carrier.example", LossType: "Water"})
	// Opened two days ago: it owes today's update and its first documents.
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, id, b.clock.Now().Add(-50*time.Hour)); err != nil {
		t.Fatal(err)
	}
	onBoard := func() (update, alerts bool) {
		t.Helper()
		var board struct {
			MissingUpdates []struct {
				ClaimID int64 `json:"claim_id"`
			} `json:"missing_updates"`
			Alerts []struct {
				ClaimID int64 `json:"claim_id"`
			} `json:"alerts"`
		}
		b.get(t, "/api/sla?limit=200", &board)
		for _, u := range board.MissingUpdates {
			update = update || u.ClaimID == id
		}
		for _, a := range board.Alerts {
			alerts = alerts || a.ClaimID == id
		}
		return update, alerts
	}
	if u, a := onBoard(); !u || !a {
		t.Fatalf("open claim on the board: update row %v, milestone rows %v; want both", u, a)
	}

	path := claimPath(id)
	resp, body := b.call(t, "POST", path+"/close", map[string]any{"note": "done"}, nil)
	var refusal struct {
		Error         string   `json:"error"`
		Missing       []string `json:"missing"`
		MissingFields []string `json:"missing_fields"`
	}
	if err := json.Unmarshal([]byte(body), &refusal); err != nil || resp.StatusCode != http.StatusConflict || refusal.Error == "" {
		t.Fatalf("close without the paperwork: %d %s, want 409 with an error", resp.StatusCode, body)
	}
	if want := []string{"cos_signed", "billing_packet", "final_update", "required_fields"}; !slices.Equal(refusal.Missing, want) {
		t.Errorf("missing: %v, want %v", refusal.Missing, want)
	}
	if !slices.Contains(refusal.MissingFields, "foreman") {
		t.Errorf("missing_fields %v lacks the foreman", refusal.MissingFields)
	}
	for _, w := range []string{"still needed: COS signed (none on file), Billing packet complete, Final daily update sent, Required fields filled (", "Foreman"} {
		if !strings.Contains(refusal.Error, w) || strings.Contains(refusal.Error, "cos_signed") {
			t.Errorf("refusal %q: want the page's words %q, no codes", refusal.Error, w)
		}
	}
	if c := decodeClaim(t, b.mustGet(t, path)); c["status"] != "open" {
		t.Fatalf("a refused close closed the claim: %v", c["status"])
	}

	resp, body = b.call(t, "POST", path+"/close", map[string]any{"note": "carrier withdrew the claim", "force": true}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("forced close: %d %s", resp.StatusCode, body)
	}
	if c := decodeClaim(t, body); c["status"] != "closed" || c["closed_at"] == nil ||
		!strings.HasPrefix(c["close_note"].(string), "carrier withdrew the claim") {
		t.Errorf("forced close: %s", body)
	}
	if u, a := onBoard(); u || a {
		t.Errorf("closed claim on the board: update row %v, milestone rows %v; want neither", u, a)
	}
	closed := b.walkPages(t, "/api/claims?status=closed", 50)
	if !slices.Equal(closed, []int64{id}) {
		t.Errorf("closed claims: %v", closed)
	}

	// Mail still files into the closed claim, and the board says so.
	late := b.addMessage(t, testMessage{from: "dreyes@carrier.example", subject: "supplement", arrived: b.clock.Now(),
		status: storage.StatusFiled})
	b.fileMessage(t, late, id)
	closedMail := func() []int64 {
		t.Helper()
		var board struct {
			ClosedClaimMail []struct {
				ID      int64 `json:"id"`
				ClaimID int64 `json:"claim_id"`
			} `json:"closed_claim_mail"`
			Total int `json:"closed_claim_mail_total"`
		}
		b.get(t, "/api/sla", &board)
		var ids []int64
		for _, m := range board.ClosedClaimMail {
			if m.ClaimID != id {
				t.Errorf("mail on closed claim %d, want %d", m.ClaimID, id)
			}
			ids = append(ids, m.ID)
		}
		if board.Total != len(ids) {
			t.Errorf("closed_claim_mail_total %d, %d listed", board.Total, len(ids))
		}
		return ids
	}
	if got := closedMail(); !slices.Equal(got, []int64{late}) {
		t.Errorf("mail on a closed claim: %v, want [%d]", got, late)
	}

	resp, body = b.call(t, "POST", path+"/reopen", nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("reopen: %d %s", resp.StatusCode, body)
	}
	if c := decodeClaim(t, body); c["status"] != "open" || c["closed_at"] != nil {
		t.Errorf("reopened: %s", body)
	}
	if u, a := onBoard(); !u || !a {
		t.Errorf("reopened claim on the board: update row %v, milestone rows %v; want both", u, a)
	}
	if got := closedMail(); len(got) != 0 {
		t.Errorf("mail on a reopened claim still listed: %v", got)
	}
	changes, err := b.db.ClaimChanges(ctx, id, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 || changes[0].New != "open" || !strings.HasPrefix(changes[1].New, "closed: carrier withdrew") {
		t.Errorf("history of close and reopen: %+v", changes)
	}
	if resp, _ := b.call(t, "POST", "/api/claims/999999/close", map[string]any{"force": true}, nil); resp.StatusCode != 404 {
		t.Errorf("close of a claim that does not exist: %d", resp.StatusCode)
	}
}

func TestAPIImportEveryField(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	csvHeader := "job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email," +
		"insured_phone,insured_email,loss_description,cause,date_of_loss,cat,class,adjuster_phone,company,job_name,status," +
		"foreman_name,foreman_email,foreman_phone,referred_by_name,referred_by_phone,technician_name\n"
	row := `26-1401-WTR,0683449786,Allstate,P-77,Wendell Ostrowski,"88 Elm St, Plano, TX",Water,Dana Reyes,dreyes@allstate.example,` +
		`(214) 555-0143,wendell@home.example,"Water under the sink, kitchen",supply line,2026-02-27,2,3,972-555-0100,` +
		`Ostrowski Dental LLC,Ostrowski kitchen,open,Luis Ortega,luis@smrestore.example,214-555-0001,Plano Plumbing,214-555-0002,Ray Kim` + "\n"
	resp, body := b.call(t, "POST", "/api/claims/import", csvHeader+row, http.Header{"Content-Type": {"text/csv"}})
	if resp.StatusCode != 200 || !strings.Contains(body, `"created":1`) {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}
	var page struct {
		Items []map[string]any `json:"items"`
	}
	b.get(t, "/api/claims?q=ostrowski+kitchen", &page)
	if len(page.Items) != 1 {
		t.Fatalf("search by job name: %d claims", len(page.Items))
	}
	c := page.Items[0]
	want := map[string]any{
		"job_number": "26-1401-WTR", "claim_number": "0683449786", "carrier": "Allstate", "policy_number": "P-77",
		"insured_name": "Wendell Ostrowski", "loss_address": "88 Elm St, Plano, TX", "loss_type": "Water",
		"adjuster_name": "Dana Reyes", "adjuster_email": "dreyes@allstate.example", "insured_phone": "(214) 555-0143",
		"insured_email": "wendell@home.example", "loss_description": "Water under the sink, kitchen", "cause": "supply line",
		"date_of_loss": "2026-02-27", "cat": 2.0, "class": 3.0, "adjuster_phone": "972-555-0100",
		"company": "Ostrowski Dental LLC", "job_name": "Ostrowski kitchen", "status": "open",
	}
	for k, v := range want {
		if c[k] != v {
			t.Errorf("%s = %v, want %v", k, c[k], v)
		}
	}
	got := mustJSON(t, c["participants"])
	if want := `[{"email":"luis@smrestore.example","name":"Luis Ortega","phone":"214-555-0001","role":"foreman"},` +
		`{"email":"","name":"Ray Kim","phone":"","role":"technician"},` +
		`{"email":"","name":"Plano Plumbing","phone":"214-555-0002","role":"referred_by"}]`; got != want {
		t.Errorf("participants %s, want %s", got, want)
	}

	// The same file again without the optional values keeps them; a
	// role's columns replace that role alone; a bad value names its column.
	again := "job_number,claim_number,insured_phone,cat,foreman_name\n26-1401-WTR,0683449786,,,Ana Diaz\n26-1402-WTR,C-9,,7,\n"
	resp, body = b.call(t, "POST", "/api/claims/import", again, http.Header{"Content-Type": {"text/csv"}})
	if resp.StatusCode != 200 || !strings.Contains(body, `"updated":1`) || !strings.Contains(body, `"field":"cat"`) {
		t.Fatalf("import again: %d %s", resp.StatusCode, body)
	}
	b.get(t, "/api/claims?q=ostrowski+kitchen", &page)
	c = page.Items[0]
	if c["insured_phone"] != "(214) 555-0143" || c["cat"] != 2.0 {
		t.Errorf("an empty optional column changed the claim: phone %v cat %v", c["insured_phone"], c["cat"])
	}
	got = mustJSON(t, c["participants"])
	if !strings.Contains(got, `"name":"Ana Diaz"`) || strings.Contains(got, "Luis Ortega") || !strings.Contains(got, "Plano Plumbing") {
		t.Errorf("participants after the second import: %s", got)
	}
	// What the file changed is in the claim's history.
	changes, err := b.db.ClaimChanges(context.Background(), int64(c["id"].(float64)), 50)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, ch := range changes {
		if ch.Actor == "csv import" {
			seen = append(seen, ch.Field+":"+ch.Old+">"+ch.New)
		}
	}
	for _, want := range []string{"carrier:Allstate>", "participants:"} {
		if !slices.ContainsFunc(seen, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("history of the import %q lacks %q", seen, want)
		}
	}
}

// TestAPICloseWithTheChecklistMet closes a claim whose paperwork is in,
// signed forms verified, whose record is complete and whose last update
// came after the job ended: no force is needed. An update older than the
// end of the job is not the final one.
func TestAPICloseWithTheChecklistMet(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	now := b.clock.Now()
	resp, body := b.call(t, "POST", "/api/claims", map[string]any{
		"job_number": "26-1601-FIR", "claim_number": "685850177-548", "carrier": "USAA", "insured_name": "Robert O'Brien",
		"insured_phone": "214-555-0143", "loss_address": "9 Oak Ct", "loss_type": "Fire", "adjuster_name": "Sam Fox", "cat": 1, "class": 2,
		"participants": []map[string]string{{"role": "foreman", "name": "F"}, {"role": "coordinator", "name": "C"},
			{"role": "estimator", "name": "E"}, {"role": "referred_by", "name": "R"}},
	}, nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	id := int64(decodeClaim(t, body)["id"].(float64))
	// The billing packet includes the office's own invoice.
	for i, typ := range []string{"photo", "scope", "estimate", "sketch", "atp", "cos", "invoice"} {
		_, err := b.sql.Exec(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, verified_at, office_id)
			VALUES ($1, repeat($2, 64), 1, $3, $3, 'Other', 'k/' || $3, $4, $4, 1)`, id, fmt.Sprint(i), typ, now.Add(-48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET completed_at = $2 WHERE id = $1`, id, now.Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := b.db.AddClaimNote(ctx, id, "ana@smrestore.example", "started", now.Add(-30*time.Hour)); err != nil {
		t.Fatal(err)
	}
	resp, body = b.call(t, "POST", claimPath(id)+"/close", map[string]any{"note": "done"}, nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, `"missing":["final_update"]`) {
		t.Fatalf("close with an update from before the end: %d %s, want 409 missing the final update alone", resp.StatusCode, body)
	}
	if err := b.db.AddClaimNote(ctx, id, "ana@smrestore.example", "job complete, equipment out", now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	// What the adjuster asked for and nobody sent keeps the claim open.
	msg := b.addMessage(t, testMessage{from: "sfox@usaa.example", subject: "685850177-548", arrived: now.Add(-2 * time.Hour),
		status: storage.StatusFiled})
	b.addRequest(t, id, msg, "sfox@usaa.example", "Please send the final invoice.", "invoice")
	resp, body = b.call(t, "POST", claimPath(id)+"/close", map[string]any{"note": "done"}, nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, `"missing":["open_requests"]`) {
		t.Fatalf("close with a request open: %d %s, want 409 missing open_requests alone", resp.StatusCode, body)
	}
	var list listResponse[requestItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/requests", id), &list)
	resp, body = b.call(t, "POST", fmt.Sprintf("/api/requests/%d/done", list.Items[0].ID), map[string]any{"note": "faxed"}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("request done: %d %s", resp.StatusCode, body)
	}
	resp, body = b.call(t, "POST", claimPath(id)+"/close", map[string]any{"note": "done"}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("close with the checklist met: %d %s", resp.StatusCode, body)
	}
	if c := decodeClaim(t, body); c["status"] != "closed" || c["close_note"] != "done" {
		t.Errorf("closed: %s", body)
	}
}
