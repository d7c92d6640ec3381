package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSearchFromHeader searches from the box in the header of the
// board, as a coordinator would, at desktop and phone widths.
func TestBrowserSearchFromHeader(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.addMessage(t, msgSeed{Subject: "Dehumidifier pickup", FromName: "Hector Villa",
		BodyText: "The dehumidifiers in the Lopez kitchen can go on Friday; readings are at dry standard."})
	b.addMessage(t, msgSeed{Subject: "Invoice", BodyText: "Invoice attached."})
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		opts := []chromedp.EmulateViewportOption{}
		if size.mobile {
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
		}
		br.step("search at "+size.name+" width",
			chromedp.EmulateViewport(size.width, size.height, opts...),
			chromedp.Navigate(b.ts.URL+"/"),
			chromedp.WaitVisible(chromedp.CSS(`.site-search input`)),
			chromedp.SetValue(chromedp.CSS(`.site-search input`), "dehumidifier"),
			chromedp.Submit(chromedp.CSS(`.site-search input`)),
			chromedp.WaitVisible(chromedp.CSS(`.search-hit`)))
		loc, err := chromedp.Run(br.ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(loc, "/search?q=dehumidifier") {
			t.Errorf("at %s, want /search?q=dehumidifier", loc)
		}
		if n := eval[float64](br, `document.querySelectorAll(".search-hit").length`); n != 1 {
			t.Errorf("%v hits, want the pickup message alone", n)
		}
		if got := eval[string](br, `[...document.querySelectorAll(".search-snippet mark")].map(m => m.textContent).join(",")`); got != "dehumidifiers" {
			t.Errorf("marked in the snippet: %q", got)
		}
		if size.mobile {
			if over := eval[float64](br, `document.documentElement.scrollWidth - window.innerWidth`); over > 1 {
				t.Errorf("the search page is %v px too wide for a phone", over)
			}
		}
		if dir != "" {
			shot, err := chromedp.Run(br.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, size.name+"-search.png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
