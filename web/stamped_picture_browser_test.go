package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// TestBrowserStampedPhotosOfForms opens, at a phone's width and a
// desktop's, a claim whose technician sent phone photos of signed forms
// and of the job: the ATP photo offers its stamped copy, the COS photo
// says it is being stamped, the waiver photo that could not be stamped
// says so, and a tap on that opens why and what to do (a phone has no
// hover), and the job photo says nothing of a stamp. With
// CLAIMDESK_SCREENSHOTS set, it saves the documents section there.
func TestBrowserStampedPhotosOfForms(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	claim := b.addClaim(t, claimSeed{Job: "26-1012-WTR", Number: "60-8H77-8H9", Insured: "Maria Pena", LossType: "Water",
		Address: "4410 Maple Avenue, Worthington Heights", Opened: b.clock.Now().Add(-30 * time.Hour)})
	atp := b.addDocument(t, claim, docSeed{Filename: "IMG_4410.jpg", ContentType: "image/jpeg", DocType: "atp", Folder: "Contracts",
		Data: testenv.JPEG(t, 600, 800), Stamped: true})
	cos := b.addDocument(t, claim, docSeed{Filename: "IMG_4411.jpg", ContentType: "image/jpeg", DocType: "cos", Folder: "Contracts",
		Data: testenv.JPEG(t, 601, 800)})
	waiver := b.addDocument(t, claim, docSeed{Filename: "IMG_4412.HEIC", ContentType: "image/heic", DocType: "waiver", Folder: "Contracts",
		Data: []byte("not really a HEIC photo")})
	photo := b.addDocument(t, claim, docSeed{Filename: "IMG_4402.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos",
		Data: testenv.JPEG(t, 800, 600)})
	const why = "Not stamped: the HEIC photo could not be converted into a picture a PDF can hold; it may be damaged. " +
		"The original is filed unchanged. Ask the sender to send the photo again, as a JPEG if they can."
	if _, err := b.sql.Exec(context.Background(), `UPDATE documents SET stamp_error = $2 WHERE id = $1`, waiver, why); err != nil {
		t.Fatal(err)
	}

	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	links := func(id int64) string {
		return eval[string](br, fmt.Sprintf(`document.querySelector("#doc-%d .doc-links").innerText`, id))
	}
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		br.emulate(v)
		br.openSettled(fmt.Sprintf("/claims/%d", claim))
		br.unfold("#docs-h")
		br.checkFits(v, "claim page")
		href := eval[string](br, fmt.Sprintf(`document.querySelector("#doc-%d .doc-links a[href*=stamped]").getAttribute("href")`, atp))
		if href != fmt.Sprintf("/documents/%d/stamped?inline=1", atp) {
			t.Errorf("ATP photo's stamped link %q at %s width", href, v.name)
		}
		if got := links(cos); !strings.Contains(got, "being stamped") {
			t.Errorf("COS photo reads %q at %s width, want it being stamped", got, v.name)
		}
		if got := links(waiver); !strings.Contains(got, "not stamped") {
			t.Errorf("waiver photo reads %q at %s width, want not stamped", got, v.name)
		}
		if got := links(photo); strings.Contains(got, "tamp") {
			t.Errorf("job photo reads %q at %s width, want nothing of a stamp", got, v.name)
		}
		br.sectionShot(dir, "stamped-photos-"+v.name)
		reason := fmt.Sprintf("#doc-%d .stamp-why p", waiver)
		if eval[bool](br, fmt.Sprintf(`document.querySelector(%q).checkVisibility()`, reason)) {
			t.Errorf("waiver photo's reason shows unasked at %s width", v.name)
		}
		br.step("open why the waiver is not stamped", chromedp.Click(chromedp.CSS(fmt.Sprintf("#doc-%d .stamp-why summary", waiver))),
			chromedp.WaitVisible(chromedp.CSS(reason)))
		if got := eval[string](br, fmt.Sprintf(`document.querySelector(%q).innerText`, reason)); got != why {
			t.Errorf("waiver photo's reason at %s width reads %q, want %q", v.name, got, why)
		}
		br.checkFits(v, "claim page with a stamp's reason open")
		br.sectionShot(dir, "stamped-photos-why-"+v.name)
	}
}
