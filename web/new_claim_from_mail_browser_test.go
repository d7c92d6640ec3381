package web

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserNewClaimFromMail follows a homeowner's first email at a
// phone's width and a desktop's: the morning page lists it, triage offers
// Create a claim beside File, the message page leads to the form, which
// comes filled in from the mail, and a job number already taken comes back
// on the form with everything kept. Nothing scrolls sideways and every
// control is big enough for a thumb. With CLAIMDESK_SCREENSHOTS set to a
// directory, it saves screenshots there.
func TestBrowserNewClaimFromMail(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	b.addClaim(t, claimSeed{Job: "26-2106-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley", Address: "12 Nostromo Way, Houston TX 77002",
		Adjuster: "Ann Adjuster"})
	id := kesslerMail(t, b, now.Add(-90*time.Minute), now.Add(-time.Hour))
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		br.emulate(v)
		check := func(page string) {
			t.Helper()
			if over := br.overflow(v); over > 0 {
				t.Errorf("%s at %s width is %v px too wide: %v", page, v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
			}
			if small := eval[[]string](br, smallTargets); v.phone && len(small) > 0 {
				t.Errorf("%s on a phone: controls under 44px high: %v", page, small)
			}
			br.screenshot(dir, "newloss-"+page+"-"+v.name)
		}

		br.openSettled("/morning")
		if first := eval[string](br, `document.querySelector(".morning-claim").innerText`); !strings.Contains(first, "Mail, no claim yet") ||
			!strings.Contains(first, "Answer Brian Kessler") {
			t.Errorf("at %s width the morning page starts with %q, want Brian Kessler's mail", v.name, first)
		}
		check("morning")

		br.openSettled("/triage")
		create := fmt.Sprintf(`#triage-%d a[href="/messages/%d/claim"]`, id, id)
		if !eval[bool](br, `(() => { const a = document.querySelector(`+"`"+create+"`"+`), f = a && a.parentElement.querySelector("button");
			return !!a && Math.abs(a.getBoundingClientRect().top - f.getBoundingClientRect().top) < 60 })()`) {
			t.Errorf("at %s width triage does not offer Create a claim beside File", v.name)
		}
		check("triage")

		br.openSettled(fmt.Sprintf("/messages/%d", id))
		check("message")
		br.step("create a claim from the message", chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/messages/%d/claim"]`, id))),
			chromedp.WaitVisible(chromedp.CSS(`form#new-claim`)))
		filled := eval[string](br, `["insured_name", "insured_phone", "insured_email", "loss_type", "loss_description"].map(n => document.querySelector("#new-claim [name=" + n + "]").value).join("|")`)
		if want := "Brian Kessler|(763) 555-0118|bkessler@northmail.example|Water|Water in basement - sump pump failed. " +
			"Our sump pump quit overnight and there is about an inch of water in the finished basement, house is in Maple Grove."; filled != want {
			t.Errorf("at %s width the form holds %q, want %q", v.name, filled, want)
		}
		check("form")

		br.step("type a job number already taken",
			chromedp.SetValue(chromedp.CSS(`input[name="job_number"]`), "26-2106-WTR"),
			chromedp.Click(chromedp.CSS(`form#new-claim button.primary`)),
			chromedp.WaitVisible(chromedp.CSS(`p.error`)))
		if said := eval[string](br, `document.querySelector("p.error").innerText`); said != "job number 26-2106-WTR exists already" {
			t.Errorf("at %s width the refusal says %q", v.name, said)
		}
		if kept := eval[string](br, `document.querySelector("#new-claim [name=insured_phone]").value`); kept != "(763) 555-0118" {
			t.Errorf("at %s width the phone kept is %q", v.name, kept)
		}
		check("form-refused")
	}
}
