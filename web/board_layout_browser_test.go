package web

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// seedBusyMorning fills the board as a Monday morning fills it: eight
// messages waiting, eight claims without today's update and with paperwork
// due, and two weeks of answers, every one in time.
func (b *pageBundle) seedBusyMorning(t *testing.T) (waiting []int64) {
	t.Helper()
	now := b.clock.Now()
	for i := range 8 {
		claim := b.addClaim(t, claimSeed{Job: fmt.Sprintf("26-21%02d-WTR", i), Number: fmt.Sprintf("60-8H77-8H%d", i), Carrier: "State Farm",
			Insured: "Ruth Sandoval", LossType: "Water", Adjuster: "Priya Raman", Opened: now.Add(-20 * 24 * time.Hour)})
		waiting = append(waiting, b.addMessage(t, msgSeed{Subject: "Musty smell in the rec room closet", ClaimID: claim, NeedsAck: true,
			FromName: "Priya Raman", Status: "filed", Arrived: now.Add(time.Duration(i-40) * time.Minute), Due: ptr(now.Add(time.Duration(i-10) * time.Minute))}))
	}
	for day := range 14 {
		arrived := now.Add(-time.Duration(day+1) * 24 * time.Hour)
		b.addMessage(t, msgSeed{Subject: "Thanks", NeedsAck: true, Arrived: arrived, Due: ptr(arrived.Add(30 * time.Minute)),
			Acked: ptr(arrived.Add(10 * time.Minute)), AckSource: "reply", AckMinutes: ptr(10)})
	}
	return waiting
}

// TestBrowserBoardLayout measures the board where the walk-through found
// it wanting: the note on a waiting row is a field to write in on a
// desktop, the left column has no hole in it, the chart's "100" stays on
// one line on a phone, and a phone shows each long list's first rows with
// the rest folded, the most urgent always in sight. With
// CLAIMDESK_SCREENSHOTS set to a directory, it saves screenshots there.
func TestBrowserBoardLayout(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	waiting := b.seedBusyMorning(t)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"desktop", 1280, 900, false}, {"wide", 1920, 1080, false}} {
		br.emulate(v)
		br.openSettled("/")
		br.screenshot(dir, "board-layout-"+fmt.Sprint(v.width))
		if w := eval[float64](br, `document.querySelector(".acks input[name=note]").getBoundingClientRect().width`); w < 200 {
			t.Errorf("at %d px the note on a waiting row is %.0f px wide, want 200 or more", v.width, w)
		}
		// The paperwork follows the waiting list at the cards' gap, however
		// tall the column beside them is.
		if gap := eval[float64](br, `document.querySelector(".board .alerts").getBoundingClientRect().top - document.querySelector(".board .waiting").getBoundingClientRect().bottom`); gap > 24 {
			t.Errorf("at %d px the left column has %.0f px of nothing between the waiting list and the paperwork", v.width, gap)
		}
	}

	phone := viewport{"phone", 390, 844, true}
	br.emulate(phone)
	br.openSettled("/")
	br.screenshot(dir, "board-layout-390")
	// The chart's labels: one line each, none running into the next.
	labels := eval[map[string]any](br, `(() => {
		const shares = [...document.querySelectorAll(".chart-days .share")], day = document.querySelector(".chart-days .day");
		const box = e => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect(); };
		let tallest = 0, touching = 0;
		shares.forEach((s, i) => {
			tallest = Math.max(tallest, s.getBoundingClientRect().height);
			if (i > 0 && box(shares[i - 1]).right + 1 > box(s).left) touching++;
		});
		return {n: shares.length, hundreds: shares.filter(s => s.textContent === "100").length, tallest, line: day.getBoundingClientRect().height, touching};
	})()`)
	if labels["hundreds"].(float64) < 10 || labels["tallest"].(float64) > labels["line"].(float64)+1 || labels["touching"].(float64) > 0 {
		t.Errorf("the chart's percentages on a phone: %v, want each \"100\" on one line, none touching the next", labels)
	}
	// With every row shown the page was 6,200 px long; the first three
	// rows of each list, the rest folded, make it 3,400.
	h := eval[float64](br, `document.documentElement.scrollHeight`)
	t.Logf("the board at 390 px: %.0f px", h)
	if h > 4500 {
		t.Errorf("the board is %.0f px long on a phone, want 4,500 or less", h)
	}
	shown := func(id int64) bool {
		return eval[bool](br, fmt.Sprintf(`document.getElementById("ack-%d").getClientRects().length > 0`, id))
	}
	if !shown(waiting[0]) || !shown(waiting[2]) || shown(waiting[3]) {
		t.Errorf("on a phone the waiting list shows rows 1, 3, 4: %v %v %v, want the first three alone", shown(waiting[0]), shown(waiting[2]), shown(waiting[3]))
	}
	if more := eval[string](br, `document.querySelector("#fold-waiting summary")?.innerText ?? "no fold"`); more != "5 more" {
		t.Errorf("the fold under the waiting list says %q, want \"5 more\"", more)
	}
	br.step("open the fold", chromedp.Click(chromedp.CSS(`#fold-waiting summary`)))
	if !shown(waiting[7]) {
		t.Error("the fold opened, the last waiting row is still hidden")
	}
}
