package web

import (
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserClaimsListStates shows the claims list at phone and desktop
// widths: each state has its own colour mark and its words, and a phone
// needs no sideways scrolling.
func TestBrowserClaimsListStates(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := t.Context()
	now := b.clock.Now()
	late := b.addClaim(t, claimSeed{Job: "26-2001-WTR", Number: "60-8H77-8H5", Carrier: "State Farm", Insured: "Ellen Ripley",
		Address: "12 Nostromo Way, Houston TX 77002", Adjuster: "Ann Adjuster"})
	// An insured known by a long address alone: one word, which must break
	// rather than widen the page.
	soon := b.addClaim(t, claimSeed{Job: "26-2002-FIR", Number: "0683449786", Carrier: "Allstate",
		Insured: "dwayne.hicks.property.management.services@colonial-marine-holdings.example", Adjuster: "Bob Adjuster"})
	long := b.addClaim(t, claimSeed{Job: "26-2003-MLD", Number: "577104656-341", Carrier: "Travelers", Insured: "Wendell Ostrowski",
		Address: "2650 Hamline Ave N, Roseville, MN 55113"})
	// A job named at length, as offices name them: it wraps in its
	// column, neither widening the page nor squeezing the insured's name
	// into broken words.
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET job_name = $2 WHERE id = $1`, long,
		"Jensen – finished basement and laundry room water loss (phase 1 mitigation)"); err != nil {
		t.Fatal(err)
	}
	// The board works out every claim's alerts once first, so the
	// alert written here stays: only claims whose facts change are redone.
	b.get(t, "/", http.StatusOK)
	b.addAlert(t, late, "drying_log", "Drying log due", now.Add(-48*time.Hour), now.Add(-time.Hour))
	b.addMessage(t, msgSeed{Subject: "Call me", ClaimID: soon, NeedsAck: true, Arrived: now.Add(-10 * time.Minute), Due: ptr(now.Add(time.Hour))})

	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range layoutViewports {
		br.emulate(v)
		br.step("claims list at "+v.name+" width",
			chromedp.Navigate(b.ts.URL+"/claims?sort=attention"),
			chromedp.WaitVisible(chromedp.CSS(`.claim-state`)))
		got := eval[[]any](br, `[...document.querySelectorAll("tbody tr")].map(tr =>
			tr.querySelector(".state-label").textContent + " " + getComputedStyle(tr.querySelector("td")).boxShadow +
			getComputedStyle(tr).boxShadow)`)
		if len(got) != 3 {
			t.Fatalf("%d rows: %v", len(got), got)
		}
		marks := map[string]bool{}
		for i, label := range []string{"Overdue", "Due soon", "On track"} {
			s, _ := got[i].(string)
			if len(s) < len(label) || s[:len(label)] != label {
				t.Errorf("row %d: %q, want %s first", i, s, label)
			}
			marks[s[len(label):]] = true
		}
		if len(marks) != 3 {
			t.Errorf("the three states share colour marks: %v", got)
		}
		if over := eval[float64](br, `document.documentElement.scrollWidth - window.innerWidth`); over > 1 {
			t.Errorf("the claims list is %v px too wide for a %s", over, v.name)
		}
		// Each word of a name fits its column: no name of words is broken
		// inside one (an address as long as a line must break).
		if broken := eval[bool](br, `[...document.querySelectorAll("tbody td.subject")].some(td => {
			const words = td.firstChild.textContent.trim().split(/\s+/);
			if (words.some(w => w.length > 30)) return false;
			const r = document.createRange(); r.selectNodeContents(td.firstChild);
			return r.getClientRects().length > words.length })`); broken {
			t.Errorf("an insured's name breaks inside a word at %s width", v.name)
		}
		br.screenshot(dir, v.name+"-claims")
	}
}
