package web

import (
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/internal/pdftest"
)

// TestBrowserMorningPage opens the morning page at phone and desktop
// widths and prints it: each claim that needs something today is listed
// once, the most urgent first, with what to do in words; a phone needs no
// sideways scrolling; the printout holds the next actions and none of the
// page's navigation.
func TestBrowserMorningPage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := t.Context()
	now := b.clock.Now()
	late := b.addClaim(t, claimSeed{Job: "26-2101-WTR", Number: "60-8H77-8H5", Carrier: "State Farm", Insured: "Ellen Ripley",
		Address: "12 Nostromo Way, Houston TX 77002", Adjuster: "Ann Adjuster"})
	asked := b.addClaim(t, claimSeed{Job: "26-2102-FIR", Number: "0683449786", Carrier: "Allstate", Insured: "Dwayne Hicks",
		Adjuster: "Bob Adjuster"})
	b.addClaim(t, claimSeed{Job: "26-2103-MLD", Number: "577104656-341", Carrier: "Travelers", Insured: "Lance Bishop"})
	// The board works out every claim's alerts once first, so the alert
	// written here stays: only claims whose facts change are redone.
	if board := b.get(t, "/", http.StatusOK); !strings.Contains(board, `href="/morning"`) {
		t.Error("the board does not link to the morning page")
	}
	if _, err := b.sql.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email) VALUES ($1, 'technician', 'Marcus Brown', 'marcus@office.example')`, late); err != nil {
		t.Fatal(err)
	}
	b.addAlert(t, late, "first_docs", "first documents missing photos, scope", now.Add(-48*time.Hour), now.Add(-time.Hour))
	msg := b.addMessage(t, msgSeed{Subject: "Need the moisture map", From: "bob@allstate.example", FromName: "Bob Adjuster",
		ClaimID: asked, NeedsAck: true, Arrived: now.Add(-10 * time.Minute), Due: ptr(now.Add(20 * time.Minute))})
	if _, err := b.sql.Exec(ctx, `INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
		VALUES ($1, $2, 'bob@allstate.example', '{drying_log,atp}', 'Send the moisture map', $3, $4, 1)`,
		asked, msg, now.Add(-10*time.Minute), now.Add(26*time.Hour)); err != nil {
		t.Fatal(err)
	}

	wantAction := "Ask Marcus for the photos, scope (overdue since"
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range layoutViewports {
		br.emulate(v)
		br.step("morning page at "+v.name+" width",
			chromedp.Navigate(b.ts.URL+"/morning"),
			chromedp.WaitVisible(chromedp.CSS(`.morning-claim`)))
		got := eval[[]any](br, `[...document.querySelectorAll(".morning-claim")].map(c => c.innerText.replace(/\s+/g, " "))`)
		if len(got) != 2 {
			t.Fatalf("%s: %d claims listed, want the 2 with work today: %v", v.name, len(got), got)
		}
		first, _ := got[0].(string)
		second, _ := got[1].(string)
		if !strings.Contains(first, "26-2101-WTR") || !strings.Contains(first, wantAction) || !strings.Contains(first, "Overdue") {
			t.Errorf("%s: first claim %q, want 26-2101-WTR overdue with %q", v.name, first, wantAction)
		}
		for _, w := range []string{"26-2102-FIR", `Answer Bob Adjuster: "Need the moisture map" (due`, "Bob Adjuster asked for the drying log, ATP (work authorization): not on file yet (due "} {
			if !strings.Contains(second, w) {
				t.Errorf("%s: second claim %q, want %q", v.name, second, w)
			}
		}
		// each line leads to where it is done
		links := eval[[]any](br, `[...document.querySelectorAll(".morning-todo a")].map(a => a.getAttribute("href"))`)
		for _, w := range []string{fmt.Sprintf("/claims/%d#paperwork-h", late), fmt.Sprintf("/messages/%d", msg), fmt.Sprintf("/claims/%d#request-", asked)} {
			if !slices.ContainsFunc(links, func(l any) bool { s, _ := l.(string); return strings.HasPrefix(s, w) }) {
				t.Errorf("%s: no line leads to %s: %v", v.name, w, links)
			}
		}
		if ok := eval[string](br, `document.querySelector(".morning-ok").innerText`); !strings.Contains(ok, "26-2103-MLD") {
			t.Errorf("%s: on-track line %q, want 26-2103-MLD", v.name, ok)
		}
		if over := br.overflow(v); over > 1 {
			t.Errorf("%s: the morning page is %v px too wide", v.name, over)
		}
		br.screenshot(dir, v.name+"-morning")
	}

	pdf, err := chromedp.Run(br.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperLetter)))
	if err != nil {
		t.Fatal(err)
	}
	if dir != "" {
		if err := os.WriteFile(dir+"/morning.pdf", pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := pdftest.CheckedText(t, "morning.pdf", pdf)
	for _, w := range []string{wantAction, "Answer Bob Adjuster", "26-2103-MLD"} {
		if !strings.Contains(text, w) {
			t.Errorf("printout without %q:\n%s", w, text)
		}
	}
	for _, nav := range []string{"Sign out", "Triage", "Print", "Back to the board"} {
		if strings.Contains(text, nav) {
			t.Errorf("printout shows the page's %q:\n%s", nav, text)
		}
	}
}

// TestBrowserOtherOfficesZones opens the morning page and the board of a
// user of two offices in different zones at phone and desktop widths: the
// other office's due times name their zone, and still fit a phone.
func TestBrowserOtherOfficesZones(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	z := seedTwoZones(t, b)
	westDue := z.due.In(z.west).Format("15:04 MST")
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range layoutViewports {
		br.emulate(v)
		br.step("morning page at "+v.name+" width",
			chromedp.Navigate(b.ts.URL+"/morning"),
			chromedp.WaitVisible(chromedp.CSS(`.morning-claim`)))
		got := eval[string](br, `[...document.querySelectorAll(".morning-claim")].map(c => c.innerText.replace(/\s+/g, " ")).join("\n")`)
		if !strings.Contains(got, westDue+")") || strings.Count(got, " PST") != 1 {
			t.Errorf("%s: the morning page does not name West's zone alone (%s):\n%s", v.name, westDue, got)
		}
		if over := br.overflow(v); over > 1 {
			t.Errorf("%s: the morning page is %v px too wide", v.name, over)
		}
		br.screenshot(dir, v.name+"-morning-two-zones")
		br.step("board at "+v.name+" width",
			chromedp.Navigate(b.ts.URL+"/"),
			chromedp.WaitVisible(chromedp.CSS(`.requests`)))
		requests := eval[string](br, `document.querySelector(".requests").innerText`)
		if !strings.Contains(requests, westDue) {
			t.Errorf("%s: the board's requests do not name West's zone (%s):\n%s", v.name, westDue, requests)
		}
		if over := br.overflow(v); over > 1 {
			t.Errorf("%s: the board is %v px too wide", v.name, over)
		}
		br.screenshot(dir, v.name+"-board-two-zones")
	}
}
