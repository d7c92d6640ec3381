package web

import (
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserBoardUpdateNotes is the daily round of updates from the
// board on a phone, below a long list of waiting mail: each row says what
// the note is written from (how far the job is, what came in so far), and
// a note is saved where the coordinator is: the page neither reloads nor
// jumps to its top, the row leaves and the next box is right there. With
// CLAIMDESK_SCREENSHOTS set to a directory, it saves the updates section
// at a phone's width and a desktop's there.
func TestBrowserBoardUpdateNotes(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	var claims []int64
	for i, insured := range []string{"Ellen Ripley", "Dwayne Hicks", "Carter Burke"} {
		claims = append(claims, b.addClaim(t, claimSeed{Job: fmt.Sprintf("26-100%d-WTR", i+1), Number: fmt.Sprintf("60-8H77-8H%d", i),
			Insured: insured, LossType: "Water", Adjuster: "Ann Adjuster", AdjusterEmail: "ann@carrier.example",
			Opened: now.Add(-time.Duration(50+i) * time.Hour)}))
	}
	for i := range 3 {
		b.addDocument(t, claims[0], docSeed{Filename: fmt.Sprintf("IMG_%d.jpg", i), ContentType: "image/jpeg", DocType: "photo",
			Folder: "Photos", Data: []byte(fmt.Sprintf("\xff\xd8\xff\xe0 photo %d", i)), Received: now.Add(-time.Hour)})
	}
	b.addMessage(t, msgSeed{Subject: "Drying readings", ClaimID: claims[0], Status: "filed", From: "tech@office.example", Arrived: now.Add(-2 * time.Hour)})
	// Mail waiting for an answer fills the top of a phone's screen.
	for i := range 10 {
		b.addMessage(t, msgSeed{Subject: fmt.Sprintf("Question %d about the job", i), ClaimID: claims[i%3], NeedsAck: true,
			Arrived: now.Add(-time.Duration(i+1) * time.Minute), Due: ptr(now.Add(time.Duration(30-i) * time.Minute))})
	}
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		br.emulate(v)
		br.step("open the board",
			chromedp.Navigate(b.ts.URL+"/"),
			chromedp.WaitReady(chromedp.CSS(`html[data-live="on"]`)))
		row := fmt.Sprintf("#update-%d", claims[0])
		facts := eval[string](br, fmt.Sprintf(`document.querySelector("%s .update-facts").textContent`, row))
		if facts != "No work recorded yet · so far: Photos (3), 5 messages" {
			t.Errorf("%s: the facts beside the note: %q", v.name, facts)
		}
		if dir != "" {
			shot, err := chromedp.Run(br.ctx, chromedp.Screenshot(chromedp.CSS(`section.updates`)))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(fmt.Sprintf("%s/board-updates-%d.png", dir, v.width), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	// On the phone: down to the updates, a note on the first row.
	br.step("scroll to the updates", chromedp.Evaluate[chromedp.Void](`document.getElementById("updates-h").scrollIntoView(); window.sameDocument = true`))
	before := eval[float64](br, `window.scrollY`)
	if before < 844 {
		t.Fatalf("the updates start %v px down: the test wants them below the first screen", before)
	}
	rows := eval[[]string](br, `[...document.querySelectorAll(".updates .rows > li")].map(li => "#" + li.id)`)
	if len(rows) != 3 {
		t.Fatalf("update rows %v", rows)
	}
	first, second := rows[0], rows[1]
	br.step("add the first update",
		chromedp.SendKeys(chromedp.CSS(first+` input[name="note"]`), "Readings down, 3 air movers running"),
		chromedp.Click(chromedp.CSS(first+` button`)),
		chromedp.WaitNotPresent(chromedp.CSS(first)))
	if !eval[bool](br, `window.sameDocument === true`) {
		t.Error("the page reloaded")
	}
	if after := eval[float64](br, `window.scrollY`); math.Abs(after-before) > 2 {
		t.Errorf("the page scrolled from %v to %v px", before, after)
	}
	if y := eval[float64](br, fmt.Sprintf(`document.querySelector("%s").getBoundingClientRect().top`, second)); y < 0 || y > 844 {
		t.Errorf("the next row is %v px from the top of the screen", y)
	}
	var n int
	b.query(t, `SELECT count(*) FROM claim_updates WHERE 'update-' || claim_id = $1 AND note = 'Readings down, 3 air movers running'`, []any{first[1:]}, &n)
	if n != 1 {
		t.Errorf("%d notes saved", n)
	}
}
