package web

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTemplatesFolded opens the reply templates page on a phone:
// it lists every template on a line or two, its name, language and what
// it is for, a few screens in all, and a tap opens one to edit, its
// preview under it. Saved, it shows open again. At a desktop's width the
// open template has its preview beside it. With CLAIMDESK_SCREENSHOTS set
// to a directory, it saves screenshots there.
func TestBrowserTemplatesFolded(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{layoutViewports[0], {"desktop", 1280, 900, false}} {
		br.emulate(v)
		br.openSettled("/settings/templates")
		br.screenshot(dir, "templates-"+v.name)
		listed := eval[[]string](br, `[...document.querySelectorAll(".template-kind")].map(s => s.innerText.replace(/\s+/g, " "))`)
		if len(listed) != 8 {
			t.Fatalf("%s: %d kinds of template listed, want 8: %v", v.name, len(listed), listed)
		}
		if got := listed[0]; !strings.HasPrefix(got, "Acknowledgment The first answer to a person's mail") ||
			!strings.HasSuffix(got, "English built-in Spanish built-in") {
			t.Errorf("%s: the first kind of template reads %q", v.name, got)
		}
		if h := eval[float64](br, `document.documentElement.scrollHeight`); v.phone && h > 3*844 {
			t.Errorf("the templates page is %vpx high on a phone, over three screens", h)
		}
		if shown := eval[int](br, `[...document.querySelectorAll("textarea")].filter(e => e.checkVisibility()).length`); shown != 0 {
			t.Errorf("%s: %d templates shown open before a tap", v.name, shown)
		}
		br.step("open the daily update", chromedp.Click(chromedp.CSS(`section[aria-label="Daily update, English"] summary`)),
			chromedp.WaitVisible(chromedp.CSS(`#update-en textarea`)))
		side := eval[bool](br, `document.querySelector("#update-en .template-preview").getBoundingClientRect().left >
			document.querySelector("#update-en textarea").getBoundingClientRect().right`)
		if side == v.phone {
			t.Errorf("%s: preview beside the editor %v", v.name, side)
		}
		br.screenshot(dir, "templates-open-"+v.name)
	}

	br.step("save the Spanish acknowledgment",
		chromedp.Click(chromedp.CSS(`section[aria-label="Acknowledgment, Spanish"] summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#ack-es textarea`)),
		chromedp.SetValue(chromedp.CSS(`#ack-es textarea`), "Hola {{.RecipientFirstName}}, recibimos su correo."),
		chromedp.Click(chromedp.CSS(`#ack-es button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`section[aria-label="Acknowledgment, Spanish"] .badge-met`)))
	if open := eval[[]string](br, `[...document.querySelectorAll(".template-fold[open]")].map(d => d.parentElement.ariaLabel)`); len(open) != 1 || open[0] != "Acknowledgment, Spanish" {
		t.Errorf("after saving, open: %v", open)
	}
}
