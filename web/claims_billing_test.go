package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// billingSeed is an office with two open claims whose billing packets are
// incomplete: 26-2101-WTR opened six days ago, at risk of missing billing
// (past the paperwork's deadline), with its photos and scope in and an
// estimator and technician named; 26-2102-WTR opened today. 26-2100-WTR
// is closed.
func seedBilling(t *testing.T, b *pageBundle) (risk, fresh int64) {
	t.Helper()
	now := b.clock.Now()
	risk = b.addClaim(t, claimSeed{Job: "26-2101-WTR", Number: "31-7K42-9Q8", Carrier: "State Farm", Insured: "Ingrid Lindqvist",
		Opened: now.Add(-6 * 24 * time.Hour)})
	fresh = b.addClaim(t, claimSeed{Job: "26-2102-WTR", Number: "0683449786", Carrier: "Allstate", Insured: "Rosa Herrera"})
	b.addClaim(t, claimSeed{Job: "26-2100-WTR", Number: "577104656-341", Carrier: "Chubb", Insured: "Lance Bishop", Status: "closed"})
	if _, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name, email, phone) VALUES
		($1, 'estimator', 'Sam Whitaker', 'sam@office.example', ''), ($1, 'technician', 'Marcus Lee', 'marcus@office.example', '')`, risk); err != nil {
		t.Fatal(err)
	}
	for _, d := range []docSeed{
		{Filename: "IMG_1.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos", Data: []byte("jpeg"), Received: now.Add(-5 * 24 * time.Hour)},
		{Filename: "scope.pdf", ContentType: "application/pdf", DocType: "scope", Folder: "Scope", Data: []byte("%PDF scope"), Received: now.Add(-5 * 24 * time.Hour)},
	} {
		b.addDocument(t, risk, d)
	}
	// The board works the claims' alerts and billing out, as the sweep
	// does: the lists read what it keeps.
	b.get(t, "/", http.StatusOK)
	return risk, fresh
}

// The claims list gives each open claim's billing deadline, the business
// days left and what the packet lacks by whom to ask, keeps those at risk
// of missing billing, and orders by the deadline.
func TestClaimsPageBilling(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	seedBilling(t, b)
	jobs := func(body string) []string {
		var out []string
		rest := body
		for {
			i := strings.Index(rest, "><strong>26-")
			if i < 0 {
				return out
			}
			rest = rest[i+len("><strong>"):]
			out = append(out, rest[:len("26-2101-WTR")])
		}
	}
	body := b.get(t, "/claims", http.StatusOK)
	for _, want := range []string{
		"<th>Billing</th>", "4 business days left", "10 business days left", "Estimate, Sketch: ask Sam", "Photos", "Invoice: ours to send",
		"COS (certificate of satisfaction)", `class="billing-when billing-due_soon"`, "Billing at risk",
		// the new claim names nobody to ask yet
		": add the technician to the claim<", ": add the estimator to the claim<",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("claims list lacks %q", want)
		}
	}
	if strings.Contains(body, "ask the technician") || strings.Contains(body, "ask the estimator") {
		t.Error("the claims list asks a technician or estimator the claim does not name")
	}
	if got, want := jobs(b.get(t, "/claims?billing=1", http.StatusOK)), []string{"26-2101-WTR"}; !slices.Equal(got, want) {
		t.Errorf("billing at risk: %v, want %v", got, want)
	}
	if got, want := jobs(b.get(t, "/claims?sort=billing&status=all", http.StatusOK)), []string{"26-2101-WTR", "26-2102-WTR"}; !slices.Equal(got, want) {
		t.Errorf("billing due first: %v, want %v (the closed claim has no billing deadline)", got, want)
	}
	if got, want := jobs(body), []string{"26-2102-WTR", "26-2101-WTR"}; !slices.Equal(got, want) {
		t.Errorf("newest first: %v, want %v", got, want)
	}
}

// The morning page names what the billing packet lacks before the
// invoice can go, as its own step: it asks for what the paperwork alert
// does not, with whom to ask, and, that alert's line shown above it,
// does not name what that line asks for again.
func TestMorningPageNamesBillingNeeds(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	seedBilling(t, b)
	body := b.get(t, "/morning", http.StatusOK)
	for _, want := range []string{
		"Ask Sam for the estimate, sketch",
		"Before the invoice can go: ask Marcus for the signed ATP (work authorization), signed COS (certificate of satisfaction) (due",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("morning page lacks %q", want)
		}
	}
	if strings.Contains(body, "Billing packet: ask Sam") || strings.Contains(body, "still missing the estimate") {
		t.Error("the billing step names the estimate the paperwork step asks for already")
	}
}

// The API's claims and the CSV export give the billing deadline and what
// the packet lacks; the export's new columns come last.
func TestClaimsBillingInAPIAndCSV(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	risk, _ := seedBilling(t, b)
	token := b.apiToken(t)
	_, apiBody := b.do(t, b.c, "GET", "/api/claims?status=all", nil, http.Header{"Authorization": {"Bearer " + token}})
	var list struct {
		Items []struct {
			ID             int64      `json:"id"`
			JobNumber      string     `json:"job_number"`
			BillingDueAt   *time.Time `json:"billing_due_at"`
			BillingMissing []string   `json:"billing_missing"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(apiBody), &list); err != nil {
		t.Fatal(err)
	}
	for _, it := range list.Items {
		switch it.JobNumber {
		case "26-2101-WTR":
			if it.BillingDueAt == nil || !slices.Contains(it.BillingMissing, "estimate") || !slices.Contains(it.BillingMissing, "invoice") {
				t.Errorf("%s: billing due %v missing %v, want a deadline, the estimate and invoice", it.JobNumber, it.BillingDueAt, it.BillingMissing)
			}
		case "26-2100-WTR":
			if it.BillingDueAt != nil || it.BillingMissing == nil || len(it.BillingMissing) > 0 {
				t.Errorf("closed claim: billing due %v missing %v, want null and []", it.BillingDueAt, it.BillingMissing)
			}
		}
	}

	_, body := b.do(t, b.c, "GET", "/api/claims.csv?status=all", nil, nil)
	records, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := records[0]
	// New columns come last: the adjuster's file number after the billing.
	if got := header[len(header)-6:]; !slices.Equal(got, []string{"office", "folder", "checklist_invoice", "billing_due_at", "billing_missing", "adjuster_file_number"}) {
		t.Errorf("header ends %v: want the billing columns after the place columns", got)
	}
	for _, r := range records[1:] {
		if r[0] != "26-2101-WTR" {
			continue
		}
		n := len(r) - 1
		if r[n-3] != "missing" || r[n-2] == "" ||
			!strings.HasPrefix(r[n-1], "Estimate; Sketch; ATP (work authorization); COS (certificate of satisfaction); Invoice") {
			t.Errorf("claim %d billing cells %q", risk, r[n-3:n])
		}
		return
	}
	t.Error(fmt.Sprint("no row of 26-2101-WTR in ", records))
}

// The billing column reads at phone and desktop width without widening
// the page: the deadline, the days left and who to ask.
func TestBrowserClaimsBilling(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	seedBilling(t, b)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range layoutViewports {
		br.emulate(v)
		br.step("claims by billing at "+v.name+" width",
			chromedp.Navigate(b.ts.URL+"/claims?sort=billing"),
			chromedp.WaitVisible(chromedp.CSS(`td.billing`)))
		cells := eval[[]any](br, `[...document.querySelectorAll("td.billing")].map(td => td.innerText)`)
		if len(cells) != 2 || !strings.Contains(fmt.Sprint(cells[0]), "Estimate, Sketch: ask Sam") {
			t.Errorf("billing cells at %s: %q", v.name, cells)
		}
		if over := eval[float64](br, `document.documentElement.scrollWidth - window.innerWidth`); over > 1 {
			t.Errorf("the claims list is %v px too wide for a %s", over, v.name)
		}
		br.screenshot(dir, v.name+"-claims-billing")
	}
}
