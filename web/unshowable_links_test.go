package web

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// unshowable is a message that brought a claim a faxed ATP (a TIFF) with
// its stamped PDF, a faxed waiver (a TIFF) with none, and a site photo,
// each filed as a document.
type unshowable struct {
	message, atp, waiver, photo int64
}

func (b *pageBundle) addUnshowable(t *testing.T) unshowable {
	t.Helper()
	claim := b.addClaim(t, claimSeed{Job: "26-1016-WTR", Number: "60-8H77-8J3", Insured: "Maria Pena", LossType: "Water",
		Address: "4410 Maple Avenue, Worthington Heights", Opened: b.clock.Now().Add(-30 * time.Hour)})
	u := unshowable{message: b.addMessage(t, msgSeed{Subject: "Signed forms by fax", ClaimID: claim, Status: storage.StatusFiled})}
	for _, f := range []struct {
		id           *int64
		path, name   string
		ctype, dtype string
		folder       string
		data         []byte
		stamped      bool
	}{
		{&u.atp, "2", "ATP_fax_5550100.tif", "image/tiff", "atp", "Contracts", []byte("II*\x00 faxed ATP"), true},
		{&u.waiver, "3", "waiver_fax_5550100.tif", "image/tiff", "waiver", "Contracts", []byte("II*\x00 faxed waiver"), false},
		{&u.photo, "4", "kitchen_fax_5550100.jpg", "image/jpeg", "photo", "Photos", testenv.JPEG(t, 800, 600), false},
	} {
		b.addPart(t, u.message, partSeed{Path: f.path, ContentType: f.ctype, Filename: f.name, DocType: f.dtype, Attachment: true, Data: f.data})
		*f.id = b.addDocument(t, claim, docSeed{Filename: f.name, ContentType: f.ctype, DocType: f.dtype, Folder: f.folder,
			Data: f.data, Stamped: f.stamped})
		if _, err := b.sql.Exec(t.Context(), `INSERT INTO document_messages (document_id, message_id, part_id)
			SELECT $1, $2, id FROM message_parts WHERE message_id = $2 AND part_path = $3`, *f.id, u.message, f.path); err != nil {
			t.Fatal(err)
		}
	}
	return u
}

// TestUnshowableFilesLinkAsOnClaimPage opens the message page and the
// search hits of faxed forms, which no browser shows: as on the claim
// page, the stamped ATP opens its stamped PDF, the waiver without one
// only downloads (no View, no tab left blank), and the photo opens
// itself.
func TestUnshowableFilesLinkAsOnClaimPage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	u := b.addUnshowable(t)
	tab := ` target="_blank" rel="noopener"`
	stamped := fmt.Sprintf(`href="/documents/%d/stamped?inline=1"%s title="Browsers cannot show this file`, u.atp, tab)
	photo := fmt.Sprintf(`href="/documents/%d/original?inline=1"%s>`, u.photo, tab)

	page := html.UnescapeString(b.get(t, fmt.Sprintf("/messages/%d", u.message), http.StatusOK))
	atp, waiver := attachmentItem(t, page, u.atp), attachmentItem(t, page, u.waiver)
	if strings.Count(atp, stamped) != 2 || strings.Contains(atp, "original?inline=1") {
		t.Errorf("message page: stamped faxed ATP, want its thumbnail and View to open its stamped PDF:\n%s", atp)
	}
	download := fmt.Sprintf(`href="/documents/%d/original">`, u.waiver)
	if strings.Count(waiver, download) != 2 || strings.Contains(waiver, ">View</a>") || strings.Contains(waiver, "inline=1") ||
		strings.Contains(waiver, "_blank") {
		t.Errorf("message page: unstamped faxed waiver, want no View and its thumbnail downloading it:\n%s", waiver)
	}
	if item := attachmentItem(t, page, u.photo); strings.Count(item, photo) != 2 {
		t.Errorf("message page: photo, want it viewed as before:\n%s", item)
	}

	page = html.UnescapeString(b.get(t, "/search?q=fax+5550100", http.StatusOK))
	for _, want := range []string{stamped + `: View opens its stamped PDF; Download gives the file as received.">open</a>`,
		download + "download</a>", photo + "open</a>"} {
		if !strings.Contains(page, want) {
			t.Errorf("search hits lack %s", want)
		}
	}
	if strings.Contains(page, fmt.Sprintf(`/documents/%d/original?inline=1`, u.atp)) ||
		strings.Contains(page, fmt.Sprintf(`/documents/%d/original?inline=1`, u.waiver)) {
		t.Errorf("search opens a faxed TIFF itself:\n%s", page)
	}

	// The waiver's link downloads it; the ATP's shows its stamped PDF.
	resp, _ := b.do(t, b.c, "GET", fmt.Sprintf("/documents/%d/original", u.waiver), nil, nil)
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("waiver's link: Content-Disposition %q, want an attachment", cd)
	}
	resp, _ = b.do(t, b.c, "GET", fmt.Sprintf("/documents/%d/stamped?inline=1", u.atp), nil, nil)
	if cd, ct := resp.Header.Get("Content-Disposition"), resp.Header.Get("Content-Type"); !strings.HasPrefix(cd, "inline;") || ct != "application/pdf" {
		t.Errorf("ATP's link: %s as %q, want its stamped PDF inline", ct, cd)
	}
}

// attachmentItem is the message page's list item of the part filed as
// document id.
func attachmentItem(t *testing.T, page string, id int64) string {
	t.Helper()
	for _, m := range regexp.MustCompile(`(?s)<li class="doc">.*?</li>`).FindAllString(page, -1) {
		if strings.Contains(m, fmt.Sprintf(`/documents/%d/`, id)) {
			return m
		}
	}
	t.Fatalf("no attachment filed as document %d", id)
	return ""
}
