package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/sla"
)

// setupPagesIn is setupPagesAt in an office of loc open hours.
func setupPagesIn(t *testing.T, loc *time.Location, hours sla.Hours, now time.Time) *pageBundle {
	t.Helper()
	b := &pageBundle{office: setupOffice(t, loc, hours, "office.example", now), email: "dana@office.example"}
	b.addUser(t, b.email, "correct horse battery")
	b.c = b.client(t)
	b.csrf = b.login(t, b.c, b.email, "correct horse battery")
	return b
}

// paperworkAlert returns the line of the claim page's paperwork alerts that
// says message, empty when none does.
func paperworkAlert(body, message string) string {
	for _, li := range strings.Split(body, `<li class="state-`)[1:] {
		if strings.Contains(li, message) {
			return li[:strings.Index(li, "</li>")]
		}
	}
	return ""
}

// A COS rejected on a Sunday morning, in an office open Monday to Friday:
// the checklist says it was rejected, why, and that a new signed copy is
// needed; the task is due by the close of Monday, due soon until then and
// overdue only after.
func TestClaimPageRejectedFormOnASunday(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	sunday := time.Date(2026, time.December, 6, 8, 25, 0, 0, loc)
	b := setupPagesIn(t, loc, sla.DefaultHours(), sunday)
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "José Peña", LossType: "Water",
		Opened: time.Date(2026, time.December, 1, 9, 0, 0, 0, loc)})
	if _, err := b.sql.Exec(context.Background(), `UPDATE claims SET equipment_picked_up_at = $2 WHERE id = $1`,
		claim, time.Date(2026, time.December, 4, 15, 0, 0, 0, loc)); err != nil {
		t.Fatal(err)
	}
	cos := b.addDocument(t, claim, docSeed{Filename: "COS.pdf", ContentType: "application/pdf", DocType: "cos", Folder: "Contracts",
		Data: onePagePDF(), Received: time.Date(2026, time.December, 5, 11, 0, 0, 0, loc)})
	page := fmt.Sprintf("/claims/%d", claim)
	if resp, body := b.post(t, fmt.Sprintf("/documents/%d/verify", cos),
		url.Values{"verdict": {"reject"}, "reason": {"Homeowner signature missing"}, "next": {page}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %d, want 303\n%s", resp.StatusCode, body)
	}

	const task = "COS rejected: Homeowner signature missing — get the right one signed"
	b.clock.Advance(5 * time.Minute)
	body := html.UnescapeString(b.get(t, page, http.StatusOK))
	line := ""
	if i := strings.Index(body, `<li class="item-rejected">`); i >= 0 {
		line = body[i : i+strings.Index(body[i:], "</li>")]
	}
	for _, want := range []string{"COS (certificate of satisfaction)", "rejected: Homeowner signature missing — new signed copy needed"} {
		if !strings.Contains(line, want) {
			t.Errorf("the checklist's COS line lacks %q:\n%s", want, line)
		}
	}
	if strings.Contains(line, "signature not verified") {
		t.Errorf("the checklist's COS line says the signature is not verified:\n%s", line)
	}
	alert := paperworkAlert(body, task)
	// The task is a line of Next, coloured by its state.
	for _, want := range []string{`due_soon"`, task + " (due tomorrow 18:00)"} {
		if !strings.Contains(alert, want) {
			t.Errorf("the task lacks %q:\n%s", want, alert)
		}
	}
	if row := boardRow(t, b, claim); !strings.Contains(row, task+" (due tomorrow 18:00)") {
		t.Errorf("the board's paperwork row lacks the task due tomorrow 18:00:\n%s", row)
	}

	// Monday, at closing: still due; a minute later, overdue. (Signed in
	// again: a day and a half idle ends a session.)
	b.clock.Advance(time.Date(2026, time.December, 7, 18, 0, 0, 0, loc).Sub(b.clock.Now()))
	b.c = b.client(t)
	b.csrf = b.login(t, b.c, b.email, "correct horse battery")
	if alert := paperworkAlert(html.UnescapeString(b.get(t, page, http.StatusOK)), task); !strings.HasPrefix(alert, `due_soon"`) {
		t.Errorf("at Monday's closing, the task is not due soon:\n%s", alert)
	}
	b.clock.Advance(time.Minute)
	if alert := paperworkAlert(html.UnescapeString(b.get(t, page, http.StatusOK)), task); !strings.HasPrefix(alert, `overdue"`) {
		t.Errorf("after Monday's closing, the task is not overdue:\n%s", alert)
	}
	if row := boardRow(t, b, claim); !strings.Contains(row, task+" (overdue since today 18:00)") {
		t.Errorf("the board's paperwork row does not show the task overdue:\n%s", row)
	}
}

// TestAPIClaimPacketLeavesOutRejectedForm: a signed form rejected is not
// in the billing packet, whole or by folder, and the office's copy of its
// summary says it was rejected and why, as the claims export's checklist does; the
// claim keeps the document, and a form verified right is in the packet.
func TestAPIClaimPacketLeavesOutRejectedForm(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pc := b.seedPacketClaim(t)
	ctx := context.Background()
	addForm := func(docType, name string, data []byte) (id int64, entry string) {
		key := "claims/26-1001-WTR/Contracts/2026-03-03_" + name
		if err := b.sql.QueryRow(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, content_type, doc_type, folder, browse_key, received_at, office_id)
			VALUES ($1, $2, $3, $4, 'application/pdf', $5, 'Contracts', $6, $7, 1) RETURNING id`,
			pc.claimID, b.putBlob(t, data), len(data), name, docType, key, b.at(time.March, 3, 10, 0)).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id, "Contracts/2026-03-03_" + name
	}
	atp, atpEntry := addForm("atp", "ATP.pdf", testPDF(t, "ATP signed"))
	cos, cosEntry := addForm("cos", "COS.pdf", testPDF(t, "COS unsigned"))
	verify := func(id int64, body map[string]any) {
		t.Helper()
		if resp, out := b.call(t, "POST", fmt.Sprintf("/api/documents/%d/verify", id), body, nil); resp.StatusCode != http.StatusNoContent {
			t.Fatalf("verify document %d: %d %s", id, resp.StatusCode, out)
		}
	}
	verify(atp, map[string]any{"ok": true})
	verify(cos, map[string]any{"ok": false, "reason": "Homeowner signature missing"})

	for _, path := range []string{"/api/claims/%d/packet.zip?for=office", "/api/claims/%d/packet.zip?folder=Contracts"} {
		resp, body := b.call(t, "GET", fmt.Sprintf(path, pc.claimID), nil, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %.200s", path, resp.StatusCode, body)
		}
		files, names := unzip(t, body)
		if _, ok := files[cosEntry]; ok {
			t.Errorf("%s holds the rejected COS: %v", path, names)
		}
		if _, ok := files[atpEntry]; !ok {
			t.Errorf("%s lacks the verified ATP: %v", path, names)
		}
		if cover, ok := files["claim.pdf"]; ok {
			// A line that runs over a page has the page's footer in it.
			text := pageFooter.ReplaceAllString(pdftest.CheckedText(t, "summary", cover), "")
			if !strings.Contains(text, "rejected: Homeowner signature missing - new signed copy needed, the rejected copy not in this packet") {
				t.Errorf("claim.pdf does not say the COS was rejected and left out:\n%s", text)
			}
		}
	}

	if _, rows, _ := b.exportCSV(t, "?status=all"); rows["26-1001-WTR"]["checklist_cos"] != "rejected" || rows["26-1001-WTR"]["checklist_atp"] != "present" {
		t.Errorf("the export's checklist says COS %q, ATP %q; want rejected and present",
			rows["26-1001-WTR"]["checklist_cos"], rows["26-1001-WTR"]["checklist_atp"])
	}

	var docs struct {
		Items []struct {
			ID       int64 `json:"id"`
			Verified *bool `json:"verified"`
		} `json:"items"`
	}
	b.get(t, fmt.Sprintf("/api/claims/%d/documents", pc.claimID), &docs)
	kept := false
	for _, d := range docs.Items {
		kept = kept || (d.ID == cos && d.Verified != nil && !*d.Verified)
	}
	if !kept {
		t.Errorf("the claim's documents lack the rejected COS: %+v", docs.Items)
	}
}

// A signed form rejected is among what the closing note says is still
// missing, with why, never on file.
func TestClosingFactsRejectedForm(t *testing.T) {
	t.Parallel()
	got := closingFacts(sla.ClaimReport{Checklist: []sla.ChecklistItem{
		{Type: sla.DocPhoto, Required: true, Status: sla.ItemPresent, Count: 3},
		{Type: sla.DocCOS, Required: true, Status: sla.ItemRejected, Count: 1, Rejected: &sla.Rejection{Reason: "Homeowner signature missing"}},
	}})
	want := "- On file: Photos (3)\n- Still missing: COS (certificate of satisfaction) (rejected: Homeowner signature missing, new signed copy needed)"
	if got != want {
		t.Errorf("closing facts:\n%s\nwant\n%s", got, want)
	}
}

// pageFooter is the footer of a page of a packet's summary, as its text
// reads.
var pageFooter = regexp.MustCompile(`Job \S+ - claim \S+ - page \d+ `)
