package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserNewClaimAsksAboutAnOpenClaim types, at a phone's width and a
// desktop's, a phoned-in loss the office already has open: the form comes
// back with what was typed and the open claim named at its top, with a
// way to open it and a button to create the new one anyway, nothing
// scrolling sideways and every control big enough for a thumb. Create it
// anyway makes the claim, with who referred it. With
// CLAIMDESK_SCREENSHOTS set to a directory, it saves screenshots there.
func TestBrowserNewClaimAsksAboutAnOpenClaim(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	ruth := b.addClaim(t, claimSeed{Job: "26-2106-WTR", Insured: "Ruth Sandoval", Address: "812 Maple St, Plano, TX 75024", LossType: "Water"})
	if _, err := b.db.SavePerson(ctx, storage.Person{OfficeID: storage.DefaultOfficeID, Name: "Plano Plumbing",
		Email: "office@planoplumbing.example", Phone: "214-555-0002", Role: "referred_by"}); err != nil {
		t.Fatal(err)
	}
	br := newBrowser(t, b)
	for _, v := range layoutViewports {
		br.emulate(v)
		br.openSettled("/claims/new")
		br.step("type the call",
			chromedp.SetValue(chromedp.CSS(`input[name="insured_name"]`), "Ruth Sandoval"),
			chromedp.SetValue(chromedp.CSS(`input[name="insured_phone"]`), "(972) 555-0101"),
			chromedp.SetValue(chromedp.CSS(`input[name="loss_address"]`), "812 Maple Street"),
			chromedp.SetValue(chromedp.CSS(`textarea[name="loss_description"]`), "Supply line burst again, water in the basement"),
			chromedp.SetValue(chromedp.CSS(`input[name="p_name"]`), "Plano Plumbing"),
			chromedp.Click(chromedp.CSS(`form.new-claim button.primary`)),
			chromedp.WaitVisible(chromedp.CSS(`#likely-same`)))
		if over := br.overflow(v); over > 0 {
			t.Errorf("at %s width the form is %v px too wide: %v", v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		if small := eval[[]string](br, smallTargets); v.phone && len(small) > 0 {
			t.Errorf("on a phone, controls under 44px high: %v", small)
		}
		said := eval[string](br, `document.querySelector("#likely-same").innerText`)
		if !strings.Contains(said, "An open claim already looks like this one: 26-2106-WTR Ruth Sandoval, 812 Maple St, Plano, TX 75024 (open it)") {
			t.Errorf("at %s width the warning says %q", v.name, said)
		}
		if href := eval[string](br, `document.querySelector("#likely-same a").getAttribute("href")`); href != fmt.Sprintf("/claims/%d", ruth) {
			t.Errorf("open it leads to %s", href)
		}
		if kept := eval[string](br, `[...document.querySelectorAll("form.new-claim input:not([type=hidden]), form.new-claim textarea")].map(e => e.value).filter(Boolean).join("|")`); kept !=
			"Ruth Sandoval|(972) 555-0101|812 Maple Street|Supply line burst again, water in the basement|Plano Plumbing" {
			t.Errorf("at %s width the form kept %q", v.name, kept)
		}
		// The warning is where the eye lands: above the form, in the window.
		if top := eval[float64](br, `document.querySelector("#likely-same button").getBoundingClientRect().bottom`); top > float64(v.height) {
			t.Errorf("at %s width Create it anyway is below the window (%vpx)", v.name, top)
		}
		br.screenshot(dir, "new-claim-likely-same-"+v.name)
	}

	br.step("create it anyway", chromedp.Click(chromedp.CSS(`#likely-same button`)),
		chromedp.WaitVisible(chromedp.CSS(`#record`)))
	var n int
	var job string
	b.query(t, `SELECT count(*), max(job_number) FROM claims WHERE insured_name = 'Ruth Sandoval'`, nil, &n, &job)
	if n != 2 || !strings.HasSuffix(job, "-WTR") || job == "26-2106-WTR" {
		t.Errorf("%d claims of Ruth Sandoval, the newest %s; want a second water job", n, job)
	}
	if people := eval[string](br, `document.body.innerText`); !strings.Contains(people, "Plano Plumbing") {
		t.Errorf("the new claim's page does not name who referred it")
	}

	// A job numbered before its loss type was known says how to renumber.
	oth := b.addClaim(t, claimSeed{Job: "26-2110-OTH", Insured: "Cy Young", LossType: "Water"})
	phone := layoutViewports[0]
	br.emulate(phone)
	br.openSettled(fmt.Sprintf("/claims/%d#record", oth))
	if !eval[bool](br, `(() => { const r = document.querySelector("#renumber"); return !!r && r.getClientRects().length > 0 })()`) {
		t.Errorf("the record of an OTH job of type Water does not show how to renumber")
	}
	if over := br.overflow(phone); over > 0 {
		t.Errorf("the record is %v px too wide: %v", over, eval[[]string](br, fmt.Sprintf(tooWide, phone.width)))
	}
	br.step("scroll to the job number", chromedp.ScrollIntoView(chromedp.CSS(`#renumber`)))
	br.screenshot(dir, "claim-renumber-phone")
}
