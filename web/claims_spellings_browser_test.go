package web

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserClaimsCloseSpellings shows a search of the claims list for a
// name as heard on the phone at phone and desktop widths: the claims
// spelt as typed come first, the claims spelt close to it below them
// under their own heading, each with the word that matched marked, and
// neither a phone nor a laptop needs sideways scrolling.
func TestBrowserClaimsCloseSpellings(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Carrier: "State Farm", Insured: "Erik Lindqvist",
		Address: "12 Maple Ave, Edina, MN 55424", Adjuster: "Ann Adjuster"})
	b.addClaim(t, claimSeed{Job: "26-1002-WTR", Number: "0683449786", Carrier: "Allstate", Insured: "Anna Lindquist",
		Address: "5 Oak Dr, Edina, MN 55424", Adjuster: "Bob Adjuster"})
	b.addClaim(t, claimSeed{Job: "26-1003-MLD", Number: "577104656-341", Carrier: "Travelers", Insured: "Karin Lindqvist",
		Address: "2650 Hamline Ave N, Roseville, MN 55113"})

	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	// A laptop's 1280 px is the narrowest desktop the two lists share.
	for _, v := range []viewport{layoutViewports[0], {"desktop-1280", 1280, 800, false}} {
		br.emulate(v)
		br.step("claims search spelt otherwise at "+v.name+" width",
			chromedp.Navigate(b.ts.URL+"/claims?q=Lindquist"),
			chromedp.WaitVisible(chromedp.CSS(`.close-claims mark`)))
		typed := eval[[]any](br, `[...document.querySelectorAll("table.claims:not(.close) tbody strong")].map(s => s.textContent)`)
		close := eval[[]any](br, `[...document.querySelectorAll(".close-claims tbody tr")].map(tr =>
			tr.querySelector("strong").textContent + " " + tr.querySelector("mark").textContent)`)
		if len(typed) != 1 || typed[0] != "26-1002-WTR" || len(close) != 2 ||
			close[0] != "26-1003-MLD Lindqvist" || close[1] != "26-1001-WTR Lindqvist" {
			t.Errorf("as typed %v, spelt otherwise %v", typed, close)
		}
		if below := eval[bool](br, `document.querySelector(".close-claims").getBoundingClientRect().top >=
			document.querySelector("table.claims:not(.close)").getBoundingClientRect().bottom`); !below {
			t.Errorf("the claims spelt otherwise are not below those as typed at %s width", v.name)
		}
		if over := eval[float64](br, `document.documentElement.scrollWidth - window.innerWidth`); over > 1 {
			t.Errorf("the claims list is %v px too wide for a %s", over, v.name)
		}
		br.screenshot(dir, v.name+"-claims-spelt-otherwise")
	}
}
