package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"image"
	"image/jpeg"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/picturetest"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage/blob"
	"github.com/claimdesk/claimdesk/thumbnail"
)

// faxSheet is a letter page faxed at normal resolution: white, with a
// black frame and lines of "text".
func faxSheet() *image.Gray {
	const w, h = 1728, 1100
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			ink := x < 16 || y < 16 || x >= w-16 || y >= h-16 || y > 120 && y%60 < 6 && x > 150 && x < w-150-(y*7)%400
			if !ink {
				img.Pix[y*w+x] = 0xFF
			}
		}
	}
	return img
}

// faxedForms is a claim on the page with the forms an e-fax service sent:
// an ATP of two pages in two-dimensional Group 3 coding with its stamped
// PDF, a waiver whose fax came damaged (no stamped copy), and a site
// photo.
type faxedForms struct {
	claim, atp, waiver, photo int64
	stampedSHA                string
}

func addFaxedForms(t *testing.T, b *pageBundle) faxedForms {
	t.Helper()
	fax, why := picturetest.Fax(t, picturetest.TIFF(204, 98, faxSheet(), faxSheet()), "g3:2d")
	if fax == nil {
		if testenv.InCI() {
			t.Fatal(why)
		}
		t.Skip(why)
	}
	var f faxedForms
	f.claim = b.addClaim(t, claimSeed{Job: "26-1014-WTR", Number: "60-8H77-8J1", Insured: "Maria Pena", LossType: "Water",
		Address: "4410 Maple Avenue, Worthington Heights", Opened: b.clock.Now().Add(-30 * time.Hour)})
	f.atp = b.addDocument(t, f.claim, docSeed{Filename: "ATP_fax_5550100.tif", ContentType: "image/tiff", DocType: "atp", Folder: "Contracts", Data: fax})
	f.waiver = b.addDocument(t, f.claim, docSeed{Filename: "waiver_fax_5550100.tif", ContentType: "image/tiff", DocType: "waiver",
		Folder: "Contracts", Data: fax[:len(fax)/3]})
	f.photo = b.addDocument(t, f.claim, docSeed{Filename: "IMG_4402.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos",
		Data: testenv.JPEG(t, 800, 600)})

	var stamped bytes.Buffer
	toG4 := func(_ context.Context, tiff []byte) ([]byte, error) {
		g4, _ := picturetest.Fax(t, tiff, "g4")
		return g4, nil
	}
	r := stamp.Received{At: b.clock.Now(), JobNumber: "26-1014-WTR"}
	if err := stamp.ApplyPicture(context.Background(), bytes.NewReader(fax), &stamped, r, stamp.Options{ConvertFax: toG4}); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(stamped.Bytes())
	f.stampedSHA = hex.EncodeToString(sum[:])
	if err := b.store.Put(context.Background(), blob.ContentKey(f.stampedSHA), &stamped, int64(stamped.Len())); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(context.Background(), `UPDATE documents SET stamped_sha256 = $2 WHERE id = $1`, f.atp, f.stampedSHA); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(context.Background(), `UPDATE documents SET stamp_error = $2 WHERE id = $1`, f.waiver,
		"Not stamped: the picture is damaged or incomplete and could not be read. The original is filed unchanged."); err != nil {
		t.Fatal(err)
	}
	return f
}

// docItem is the claim page's list item of document id.
func docItem(t *testing.T, page string, id int64) string {
	t.Helper()
	m := regexp.MustCompile(fmt.Sprintf(`(?s)<li class="doc" id="doc-%d">.*?</li>`, id)).FindString(page)
	if m == "" {
		t.Fatalf("no list item of document %d", id)
	}
	return m
}

// TestFaxedFormViewAndThumbnail lists faxed TIFF forms, which no browser
// shows: the stamped ATP's View opens its stamped PDF in a tab and its
// thumbnail is the stamped PDF's first page, stamp and all; the damaged
// waiver, with no stamped copy, offers no View (a tab opened for it would
// stay blank) and its name downloads it; a photo is viewed as before.
func TestFaxedFormViewAndThumbnail(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	f := addFaxedForms(t, b)
	page := html.UnescapeString(b.get(t, fmt.Sprintf("/claims/%d", f.claim), http.StatusOK))

	atp := docItem(t, page, f.atp)
	thumbSrc := fmt.Sprintf(`src="/documents/%d/thumbnail?stamped=%s"`, f.atp, f.stampedSHA[:16])
	view := fmt.Sprintf(`<a href="/documents/%d/stamped?inline=1" target="_blank" rel="noopener" title="Browsers cannot show this file`, f.atp)
	if !strings.Contains(atp, thumbSrc) || !strings.Contains(atp, view+": View opens its stamped PDF") || strings.Contains(atp, "original?inline=1") {
		t.Errorf("stamped faxed ATP, want its thumbnail and View from its stamped PDF:\n%s", atp)
	}
	waiver := docItem(t, page, f.waiver)
	name := fmt.Sprintf(`<a class="doc-name" href="/documents/%d/original" title="waiver_fax_5550100.tif">`, f.waiver)
	if !strings.Contains(waiver, name) || strings.Contains(waiver, ">View</a>") || strings.Contains(waiver, "inline=1") ||
		strings.Contains(waiver, "/thumbnail") || !strings.Contains(waiver, "not stamped") {
		t.Errorf("unstamped faxed waiver, want no View, its name downloading it, the file icon:\n%s", waiver)
	}
	photo := docItem(t, page, f.photo)
	if !strings.Contains(photo, fmt.Sprintf(`<a href="/documents/%d/original?inline=1" target="_blank" rel="noopener">View</a>`, f.photo)) ||
		!strings.Contains(photo, fmt.Sprintf(`src="/documents/%d/thumbnail"`, f.photo)) {
		t.Errorf("site photo, want it viewed and its thumbnail as before:\n%s", photo)
	}

	resp, _ := b.do(t, b.c, "GET", fmt.Sprintf("/documents/%d/thumbnail", f.waiver), nil, nil)
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != staticURL("file.svg") {
		t.Errorf("unstamped fax's thumbnail: %d to %q, want the file icon", resp.StatusCode, loc)
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil && !testenv.InCI() {
		t.Skip("pdftoppm not installed")
	}
	resp, data := b.do(t, b.c, "GET", strings.TrimSuffix(strings.TrimPrefix(thumbSrc, `src="`), `"`), nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("faxed ATP's thumbnail: %d %s at %s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Request.URL)
	}
	img, err := jpeg.Decode(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if sz := img.Bounds().Size(); sz.Y != thumbnail.MaxSide || sz.X >= sz.Y {
		t.Errorf("faxed ATP's thumbnail is %v, want a portrait Letter page %d high", sz, thumbnail.MaxSide)
	}
	if !hasStampRed(img) {
		t.Error("faxed ATP's thumbnail shows no red stamp top right: not its stamped PDF's first page")
	}
}

// hasStampRed reports whether the top right of a page's thumbnail has the
// stamp's dark red (#C00000) in it, pale at that size: a black and white
// fax has none.
func hasStampRed(img image.Image) bool {
	r := img.Bounds()
	for y := r.Min.Y; y < r.Min.Y+r.Dy()/12; y++ {
		for x := r.Min.X + r.Dx()/2; x < r.Max.X; x++ {
			red, g, b, _ := img.At(x, y).RGBA()
			if red > g+0x2000 && red > b+0x2000 {
				return true
			}
		}
	}
	return false
}

// TestBrowserFaxedForms opens, at a phone's width and a desktop's, the
// claim with faxed TIFF forms: the stamped ATP shows its stamped first
// page as its thumbnail and its View opens the stamped PDF in a tab; the
// damaged waiver shows the file icon and offers its download only. With
// CLAIMDESK_SCREENSHOTS set, it saves the documents section there.
func TestBrowserFaxedForms(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	f := addFaxedForms(t, b)
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		br.emulate(v)
		br.openSettled(fmt.Sprintf("/claims/%d", f.claim))
		br.unfold("#docs-h")
		br.checkFits(v, "claim page")
		view := eval[[]string](br, fmt.Sprintf(`[...document.querySelectorAll("#doc-%d .doc-links a")].map(a => a.innerText + " " + a.getAttribute("href") + " " + a.target)`, f.atp))
		if want := fmt.Sprintf("View /documents/%d/stamped?inline=1 _blank", f.atp); len(view) == 0 || view[0] != want {
			t.Errorf("faxed ATP's links at %s width: %q, want %q first", v.name, view, want)
		}
		if got := eval[string](br, fmt.Sprintf(`document.querySelector("#doc-%d .doc-links").innerText`, f.waiver)); strings.Contains(got, "View") {
			t.Errorf("damaged faxed waiver reads %q at %s width, want no View", got, v.name)
		}
		// openSettled waited for the images, the thumbnail made on first ask.
		if h := eval[int](br, fmt.Sprintf(`document.querySelector("#doc-%d .thumb img").naturalHeight`, f.atp)); h != thumbnail.MaxSide {
			t.Errorf("faxed ATP's thumbnail is %d px high at %s width, want the stamped page's %d", h, v.name, thumbnail.MaxSide)
		}
		br.sectionShot(dir, "faxed-forms-"+v.name)
	}
}
