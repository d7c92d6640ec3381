package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/claimdesk/claimdesk/storage"
)

// exportCSV fetches the claims export and returns its header and rows by
// job number.
func (b *apiBundle) exportCSV(t *testing.T, query string) ([]string, map[string]map[string]string, []string) {
	t.Helper()
	resp, body := b.call(t, "GET", "/api/claims.csv"+query, nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("export %s: %d %s %.300s", query, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("export %s is not CSV: %v", query, err)
	}
	rows, order := map[string]map[string]string{}, []string{}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		rows[row["job_number"]], order = row, append(order, row["job_number"])
	}
	return recs[0], rows, order
}

func TestAPIClaimsCSV(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	ids := b.seedClaims(t, 6) // the fifth is closed
	if _, err := b.sql.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email, phone) VALUES
		($1, 'foreman', 'Dave Cruz', 'dcruz@smrestore.example', '555-0101'),
		($1, 'estimator', 'Ana Peña, Jr.', 'ana@smrestore.example', '')`, ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET created_at = $2 WHERE id = $1`, ids[0], b.at(time.February, 20, 15, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, content_type, doc_type, folder, browse_key, received_at, created_at, office_id)
		VALUES ($1, repeat('a', 64), 10, 'IMG_1.jpg', 'image/jpeg', 'photo', 'Photos', 'claims/26-1001-WTR/Photos/2026-02-21_IMG_1.jpg', $2, $2, 1)`,
		ids[0], b.at(time.February, 21, 9, 0)); err != nil {
		t.Fatal(err)
	}

	// Two open requests on the first claim, one due and one not, and a
	// done one the export leaves out.
	for i, rq := range []struct {
		docTypes, items []string
		due             *time.Time
		done            bool
	}{
		{docTypes: []string{"estimate", "drying_log"}, due: ptr(b.at(time.March, 4, 17, 0))},
		{items: []string{"dry_out_date"}},
		{docTypes: []string{"photo"}, done: true},
	} {
		asked := b.at(time.March, 2, 9, 0)
		msg := b.addMessage(t, testMessage{from: "adj@carrier.example", subject: fmt.Sprintf("Need papers %d", i), arrived: asked})
		if _, err := b.sql.Exec(ctx, `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, items, text, asked_at, due_at, status, done_at, office_id)
			VALUES ($1, $2, 'adj@carrier.example', $3, $4, 'Send it', $5::timestamptz, $6,
				CASE WHEN $7 THEN 'done' ELSE 'open' END, CASE WHEN $7 THEN $5 END, 1)`,
			ids[0], msg, nonNilStrings(rq.docTypes), nonNilStrings(rq.items), asked, rq.due, rq.done); err != nil {
			t.Fatal(err)
		}
	}

	header, rows, order := b.exportCSV(t, "?status=all")
	for _, col := range []string{"job_number", "claim_number", "carrier", "policy_number", "insured_name", "loss_address", "loss_type",
		"adjuster_name", "adjuster_email", "status", "opened_at", "days_open", "foreman_name", "foreman_phone", "estimator_email",
		"checklist_photo", "checklist_atp", "open_requests", "open_request_items"} {
		if !slices.Contains(header, col) {
			t.Errorf("header lacks %s: %v", col, header)
		}
	}
	seen := map[string]bool{}
	for _, h := range header {
		if seen[h] {
			t.Errorf("column %s twice", h)
		}
		seen[h] = true
	}
	if want := []string{"26-1006-WTR", "26-1005-WTR", "26-1004-WTR", "26-1003-WTR", "26-1002-WTR", "26-1001-WTR"}; !slices.Equal(order, want) {
		t.Errorf("rows %v, want %v", order, want)
	}
	first := rows["26-1001-WTR"]
	for col, want := range map[string]string{
		"insured_name": "Kevin Castillo", "loss_address": "6345 Birch Rd, Plano, TX 75023", "carrier": "State Farm",
		"foreman_name": "Dave Cruz", "foreman_phone": "555-0101", "estimator_name": "Ana Peña, Jr.", "adjuster_name": "Jennifer Anderson",
		"days_open": "12", "opened_at": "2026-02-20T15:00:00-06:00", "checklist_photo": "present", "checklist_atp": "missing",
		"checklist_waiver": "", "status": "open",
		"open_requests": "2", "open_request_items": "Estimate, Drying log (due 2026-03-04 17:00); Dry-out date",
		"office": "main", "folder": "offices/main/claims/26-1001-WTR/",
	} {
		if first[col] != want {
			t.Errorf("%s = %q, want %q", col, first[col], want)
		}
	}

	// A claim of another office says so, and names that office's folder.
	north, err := b.db.CreateOffice(context.Background(), storage.Office{Slug: "north", Name: "North"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(context.Background(), `UPDATE claims SET office_id = $2 WHERE id = $1`, ids[2], north.ID); err != nil {
		t.Fatal(err)
	}
	_, rows, _ = b.exportCSV(t, "?status=all")
	if r := rows["26-1003-WTR"]; r["office"] != "north" || r["folder"] != "offices/north/claims/26-1003-WTR/" {
		t.Errorf("claim of the north office: office %q, folder %q", r["office"], r["folder"])
	}

	_, open, _ := b.exportCSV(t, "")
	_, closed, _ := b.exportCSV(t, "?status=closed")
	if len(open) != 5 || len(closed) != 1 || closed["26-1005-WTR"]["status"] != "closed" {
		t.Errorf("open %d rows, closed %v", len(open), closed)
	}
	resp, body := b.call(t, "GET", "/api/claims.csv?status=pending", nil, nil)
	wantError(t, "bad status", resp, body, http.StatusBadRequest, "status")
}

// TestClaimsCSVRoundTrip exports an office's claims, imports the columns
// the import reads into another office, and exports them there: the same
// claims come out.
func TestClaimsCSVRoundTrip(t *testing.T) {
	t.Parallel()
	from, to := setupAPI(t), setupAPI(t)
	ids := from.seedClaims(t, 7)
	if _, err := from.sql.Exec(context.Background(), `UPDATE claims SET insured_name = 'José "Pepe" Peña', loss_address = E'12 Elm St\nApt 3, Austin' WHERE job_number = '26-1002-WTR'`); err != nil {
		t.Fatal(err)
	}
	// The whole record: contacts, CAT/Class, the job's name and its people.
	if _, err := from.sql.Exec(context.Background(), `UPDATE claims SET insured_phone = '512-555-0101',
		insured_email = 'pena@example.com', company = 'Peña Bakery LLC', job_name = 'Peña bakery', cause = 'supply line',
		loss_description = 'Water under the ovens', cat = 2, class = 3, adjuster_phone = '800-555-0199'
		WHERE job_number = '26-1002-WTR'`); err != nil {
		t.Fatal(err)
	}
	resp, body := from.call(t, "PATCH", fmt.Sprintf("/api/claims/%d", ids[1]),
		`{"participants": [{"role": "foreman", "name": "Marcus Reyes", "email": "marcus@office.example", "phone": "512-555-0111"},
		{"role": "referred_by", "name": "Ace Plumbing", "email": "", "phone": "512-555-0177"}]}`, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("patch participants: %d %s", resp.StatusCode, body)
	}
	header, rows, order := from.exportCSV(t, "?status=all")

	// The import's columns, as the export wrote them: every one it reads.
	var cols []string
	for _, h := range header {
		if slices.Contains(storage.ClaimsCSVColumns, h) || slices.Contains(storage.ClaimsCSVOptionalColumns, h) {
			cols = append(cols, h)
		}
	}
	for _, want := range []string{"insured_phone", "cat", "class", "job_name", "foreman_name", "foreman_phone", "referred_by_name"} {
		if !slices.Contains(cols, want) {
			t.Errorf("the export lacks the import's column %s", want)
		}
	}
	if !slices.Contains(cols, "job_number") {
		t.Fatalf("the export has %v of the import's columns %v", cols, storage.ClaimsCSVColumns)
	}
	var file strings.Builder
	w := csv.NewWriter(&file)
	w.Write(cols)
	for _, job := range order {
		rec := make([]string, len(cols))
		for i, c := range cols {
			rec[i] = rows[job][c]
		}
		w.Write(rec)
	}
	w.Flush()
	resp, body = to.call(t, "POST", "/api/claims/import", file.String(), http.Header{"Content-Type": {"text/csv"}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"created":7`) {
		t.Fatalf("import: %d %s", resp.StatusCode, body)
	}

	_, again, _ := to.exportCSV(t, "?status=all")
	for _, job := range order {
		for _, c := range cols {
			if again[job][c] != rows[job][c] {
				t.Errorf("%s %s: %q after the round trip, was %q", job, c, again[job][c], rows[job][c])
			}
		}
	}
	if fmt.Sprint(len(again)) != "7" {
		t.Errorf("%d claims after the round trip", len(again))
	}
}

func TestAPIClaimsXLSX(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ids := b.seedClaims(t, 3)
	if _, err := b.sql.Exec(context.Background(), `UPDATE claims SET created_at = $2 WHERE id = $1`, ids[0], b.at(time.February, 20, 15, 0)); err != nil {
		t.Fatal(err)
	}
	header, rows, order := b.exportCSV(t, "?status=all")

	resp, body := b.call(t, "GET", "/api/claims.xlsx?status=all", nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("xlsx: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	defer f.Close()
	sheet, err := f.GetRows("Claims")
	if err != nil {
		t.Fatal(err)
	}
	if len(sheet) != len(order)+1 || !slices.Equal(sheet[0], header) {
		t.Fatalf("sheet has %d rows, header %v", len(sheet), sheet[0])
	}
	for i, job := range order {
		got := sheet[i+1]
		for j, h := range header {
			want := rows[job][h]
			if j >= len(got) && want == "" {
				continue // excelize leaves trailing empty cells out
			}
			if j >= len(got) || got[j] != want {
				t.Errorf("%s %s: sheet %v, CSV %q", job, h, got, want)
				break
			}
		}
	}
	col := slices.Index(header, "days_open") + 1
	cell, _ := excelize.CoordinatesToCellName(col, len(order)+1) // the oldest claim, last
	if typ, err := f.GetCellType("Claims", cell); err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("days_open is not a number: %v %v", typ, err)
	}
	if v, _ := f.GetCellValue("Claims", cell); v != "12" {
		t.Errorf("days_open of the oldest claim %q, want 12", v)
	}
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
