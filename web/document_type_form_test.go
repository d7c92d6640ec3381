package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestClaimPageChangeDocumentType changes a photo of the signed COS into
// the claim's COS from the claim page: each document but the filed email
// offers Change type with its type chosen; the COS then sits in Contracts
// with its signature to check, says who chose its type, and the history
// says who changed it from what to what. A read-only member is offered no
// Change type.
func TestClaimPageChangeDocumentType(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	claim := b.addClaim(t, claimSeed{Job: "26-1007-WTR", Number: "60-8H77-8H7", Insured: "Ellen Ripley", LossType: "Water",
		Opened: b.clock.Now().Add(-30 * time.Hour)})
	photo := b.addDocument(t, claim, docSeed{Filename: "IMG_4410.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos",
		Data: []byte("\xff\xd8\xff\xe0 the signed COS, photographed")})
	eml := b.addDocument(t, claim, docSeed{Filename: "Pickup done.eml", ContentType: "message/rfc822", DocType: storage.DocTypeCorrespondence,
		Folder: storage.FolderCorrespondence, Data: []byte("Subject: Pickup done\r\n\r\nDone.\r\n")})
	page := fmt.Sprintf("/claims/%d", claim)

	body := html.UnescapeString(b.get(t, page, http.StatusOK))
	photoRow, emlRow := docRow(body, photo), docRow(body, eml)
	for _, want := range []string{"<summary>Change type</summary>", fmt.Sprintf(`action="/documents/%d/type"`, photo),
		`<option value="photo" selected>Photos</option>`, `<option value="cos">COS (certificate of satisfaction)</option>`, "<button type=\"submit\">Change</button>"} {
		if !strings.Contains(photoRow, want) {
			t.Errorf("the photo's row lacks %q:\n%s", want, photoRow)
		}
	}
	if emlRow == "" || strings.Contains(emlRow, "Change type") {
		t.Errorf("the filed email's row offers Change type, or is missing:\n%s", emlRow)
	}

	b.clock.Advance(time.Minute)
	resp, _ := b.post(t, fmt.Sprintf("/documents/%d/type", photo), url.Values{"doc_type": {"cos"}, "next": {page + fmt.Sprintf("#doc-%d", photo)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != fmt.Sprintf("%s#doc-%d", page, photo) {
		t.Fatalf("change type: %d to %q, want 303 back to the document", resp.StatusCode, resp.Header.Get("Location"))
	}
	body = html.UnescapeString(b.get(t, page, http.StatusOK))
	photoRow = docRow(body, photo)
	contracts := strings.Index(body, `<span class="folder-name">Contracts</span>`)
	if contracts < 0 || strings.Index(body, fmt.Sprintf(`id="doc-%d"`, photo)) < contracts || strings.Contains(body, `<span class="folder-name">Photos</span>`) {
		t.Errorf("the COS is not in Contracts, or Photos is still there:\n%s", body)
	}
	for _, want := range []string{"COS (certificate of satisfaction) ·", "Mark signature verified", "Reject",
		"Type chosen by Test " + b.email + "; claimdesk keeps it.", `<option value="cos" selected>`} {
		if !strings.Contains(photoRow, want) {
			t.Errorf("the COS's row lacks %q:\n%s", want, photoRow)
		}
	}
	history := body[strings.Index(body, `id="history"`):]
	for _, want := range []string{b.email + " · <strong>Type of IMG_4410.jpg</strong>",
		`<span class="old">Photos</span> → <span class="new">COS (certificate of satisfaction)</span>`} {
		if !strings.Contains(history, want) {
			t.Errorf("the history lacks %q:\n%s", want, history)
		}
	}
	if resp, body := b.post(t, fmt.Sprintf("/documents/%d/type", photo), url.Values{"doc_type": {"Photos"}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "doc_type: want one of") {
		t.Errorf("a type no document has: %d, want 400 saying which types there are\n%.300s", resp.StatusCode, body)
	}

	rita := b.addUser(t, "rita@office.example", "rita-password-1")
	if err := b.db.SetOfficeRole(ctx, rita.ID, storage.DefaultOfficeID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	reader := &pageBundle{office: b.office, email: rita.Email}
	reader.c = b.client(t)
	reader.csrf = reader.login(t, reader.c, rita.Email, "rita-password-1")
	if body := reader.get(t, page, http.StatusOK); strings.Contains(body, "Change type") || !strings.Contains(body, "IMG_4410.jpg") {
		t.Errorf("a read-only member's claim page offers Change type, or lacks the COS")
	}
	if resp, _ := reader.post(t, fmt.Sprintf("/documents/%d/type", photo), url.Values{"doc_type": {"photo"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a read-only member's change: %d, want 403", resp.StatusCode)
	}
}

// docRow is document id's item of the claim page's documents list, empty
// when there is none.
func docRow(page string, id int64) string {
	i := strings.Index(page, fmt.Sprintf(`<li class="doc" id="doc-%d">`, id))
	if i < 0 {
		return ""
	}
	row := page[i:]
	if end := strings.Index(row, "</li>"); end >= 0 {
		row = row[:end]
	}
	return row
}
