package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserChangeDocumentType opens a claim's documents at a phone's
// width and a desktop's: each document but the filed email folds its
// Change type away under its links, nothing scrolls sideways, and every
// control, folded or open, is big enough for a thumb. Changing the photo
// of the signed COS in the browser moves it to Contracts with its
// signature to check. With CLAIMDESK_SCREENSHOTS set, it saves the
// documents section there.
func TestBrowserChangeDocumentType(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-1008-WTR", Number: "60-8H77-8H8", Insured: "Dana Scully", LossType: "Water",
		Address: "4410 Maple Avenue, Worthington Heights", Opened: b.clock.Now().Add(-30 * time.Hour)})
	b.addDocument(t, claim, docSeed{Filename: "IMG_4402.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos",
		Data: testenv.JPEG(t, 800, 600)})
	signed := b.addDocument(t, claim, docSeed{Filename: "IMG_4410 certificate of satisfaction signed by the homeowner.jpg",
		ContentType: "image/jpeg", DocType: "photo", Folder: "Photos", Data: testenv.JPEG(t, 600, 800)})
	b.addDocument(t, claim, docSeed{Filename: "Estimate 26-1008-WTR.pdf", ContentType: "application/pdf", DocType: "estimate",
		Folder: "Estimates", Data: onePagePDF()})
	eml := b.addDocument(t, claim, docSeed{Filename: "Pickup done.eml", ContentType: "message/rfc822", DocType: storage.DocTypeCorrespondence,
		Folder: storage.FolderCorrespondence, Data: []byte("Subject: Pickup done\r\n\r\nDone.\r\n")})

	page := fmt.Sprintf("/claims/%d", claim)
	row := fmt.Sprintf("#doc-%d", signed)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range layoutViewports {
		br.emulate(v)
		br.openSettled(page)
		br.unfold("#docs-h")
		if n := eval[int](br, fmt.Sprintf(`document.querySelectorAll("#doc-%d .doc-type").length`, eml)); n != 0 {
			t.Errorf("the filed email offers Change type at %s width", v.name)
		}
		br.checkFits(v, "claim page")
		br.sectionShot(dir, "document-type-"+v.name)
		br.step("open Change type", chromedp.Click(chromedp.CSS(row+" .doc-type summary")),
			chromedp.WaitVisible(chromedp.CSS(row+" .type-form select")))
		br.checkFits(v, "claim page with Change type open")
		if got := eval[string](br, `document.querySelector("`+row+` .type-form select").value`); got != "photo" {
			t.Errorf("Change type at %s width starts at %q, want the document's type, photo", v.name, got)
		}
		br.sectionShot(dir, "document-type-open-"+v.name)
	}

	phone := layoutViewports[0]
	br.emulate(phone)
	br.step("open the claim", chromedp.Navigate(b.ts.URL+page))
	br.unfold("#docs-h")
	br.step("type the photo a COS",
		chromedp.Click(chromedp.CSS(row+" .doc-type summary")),
		chromedp.SetValue(chromedp.CSS(row+" .type-form select"), "cos"),
		chromedp.Click(chromedp.CSS(row+" .type-form button")),
		chromedp.WaitVisible(chromedp.CSS(row+" .verify-form")))
	folder := eval[string](br, `document.querySelector("`+row+`").closest("details.folder").querySelector(".folder-name").innerText`)
	info := eval[string](br, `document.querySelector("`+row+` .doc-info").innerText`)
	if folder != "Contracts" || !strings.Contains(info, "COS (certificate of satisfaction)") || !strings.Contains(info, "Mark signature verified") {
		t.Errorf("after the change the document is in %q and reads:\n%s\nwant a COS in Contracts with its signature to check", folder, info)
	}
	br.checkFits(phone, "claim page after the change")
	br.sectionShot(dir, "document-type-changed-phone")
}

// checkFits fails the test when the page is wider than v or, on a phone,
// has a control too small for a thumb.
func (br *browser) checkFits(v viewport, what string) {
	br.t.Helper()
	if over := br.overflow(v); over > 0 {
		br.t.Errorf("%s at %s width is %v px too wide: %v", what, v.name, over, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
	}
	if v.phone {
		if small := eval[[]string](br, smallTargets); len(small) > 0 {
			br.t.Errorf("%s on a phone: controls under 44px high: %v", what, small)
		}
	}
}

// sectionShot saves the claim page's documents section under dir when the
// test is asked to.
func (br *browser) sectionShot(dir, name string) {
	br.t.Helper()
	if dir == "" {
		return
	}
	shot, err := chromedp.Run(br.ctx, chromedp.Screenshot(chromedp.CSS(`section[aria-labelledby="docs-h"]`)))
	if err != nil {
		br.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644); err != nil {
		br.t.Fatal(err)
	}
}
