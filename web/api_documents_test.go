package web

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// hostileName is an attachment name that tries to climb out of the
// download folder and to end the Content-Disposition header early.
const hostileName = `../../x"; evil.html`

// filedClaim is a claim with a message assigned to it through the API, and
// the documents that filed.
type filedClaim struct {
	claimID   int64
	messageID int64
	byName    map[string]storage.Document
	docIDs    []int64 // in filing order
}

// fileTestDocuments assigns a triage message with a PDF estimate, a PDF with
// a name beyond ASCII, an HTML page under a hostile name, an SVG and a JPEG
// to a new claim.
func (b *apiBundle) fileTestDocuments(t *testing.T) filedClaim {
	t.Helper()
	ctx := context.Background()
	fc := filedClaim{claimID: b.addClaim(t, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5"}), byName: map[string]storage.Document{}}
	fc.messageID = b.addMessage(t, testMessage{
		from: "tech@smrestore.example", subject: "Estimate and photos", arrived: b.at(time.March, 3, 10, 0),
		files: []testFile{
			{"Estimate 26-1001.pdf", "application/pdf", []byte("%PDF-1.4\nestimate\n%%EOF\n"), "estimate"},
			{"Schätzung №2.pdf", "application/pdf", []byte("%PDF-1.4\nsecond\n%%EOF\n"), "estimate"},
			{hostileName, "text/html; charset=utf-8", []byte("<script>alert(document.cookie)</script>"), "other"},
			{"floor.svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "sketch"},
			{"IMG_1.jpg", "image/jpeg", []byte("\xff\xd8\xff\xe0 not really a photo"), "photo"},
		},
	})
	resp, body := b.call(t, "POST", fmt.Sprintf("/api/messages/%d/assign", fc.messageID), map[string]any{"claim_id": fc.claimID}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("assign: %d %s", resp.StatusCode, body)
	}
	docs, err := b.db.ClaimDocuments(ctx, fc.claimID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		fc.byName[d.Filename] = d
		fc.docIDs = append(fc.docIDs, d.ID)
	}
	if len(docs) != 6 {
		t.Fatalf("%d documents filed, want 5 attachments and the message", len(docs))
	}
	return fc
}

func TestAPIClaimDocuments(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	fc := b.fileTestDocuments(t)
	path := fmt.Sprintf("/api/claims/%d/documents?", fc.claimID)
	for _, limit := range []int{1, 2, 5, 6, 200} {
		if got := b.walkPages(t, path, limit); !slices.Equal(got, fc.docIDs) {
			t.Errorf("limit %d: walked %v, want %v", limit, got, fc.docIDs)
		}
	}

	var page struct {
		Items []map[string]any `json:"items"`
	}
	b.get(t, path+"limit=200", &page)
	est := fc.byName["Estimate 26-1001.pdf"]
	var item map[string]any
	for _, it := range page.Items {
		if it["id"] == float64(est.ID) {
			item = it
		}
	}
	for field, want := range map[string]any{
		"filename": "Estimate 26-1001.pdf", "doc_type": "estimate", "folder": "Estimates", "size": float64(est.Size),
		"sha256": est.SHA256, "message_id": float64(fc.messageID),
		"stamped": false, "stamp_error": "", "text_source": "none", "download_url": fmt.Sprintf("/documents/%d/original", est.ID), "stamped_url": nil,
		"content_type": "application/pdf", "claim_id": float64(fc.claimID),
	} {
		if got, ok := item[field]; !ok || got != want {
			t.Errorf("%s: %v, want %v", field, got, want)
		}
	}

	if at, err := time.Parse(time.RFC3339, fmt.Sprint(item["received_at"])); err != nil || !at.Equal(b.at(time.March, 3, 10, 0)) {
		t.Errorf("received_at %v, want the message's arrival", item["received_at"])
	}

	// Texts read of the files say where they come from.
	if err := b.db.InTx(context.Background(), func(tx pgx.Tx) error {
		q := &pgx.Batch{}
		if err := storage.QueueFileTexts(q, map[string]string{est.SHA256: "ESTIMATE"}); err != nil {
			return err
		}
		return storage.SendQueued(context.Background(), tx, q)
	}); err != nil {
		t.Fatal(err)
	}
	photo := fc.byName["IMG_1.jpg"]
	if err := b.db.SaveOCRText(context.Background(), photo.SHA256, "CERTIFICATE OF SATISFACTION"); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SaveOCRText(context.Background(), fc.byName["floor.svg"].SHA256, ""); err != nil {
		t.Fatal(err)
	}
	b.get(t, path+"limit=200", &page)
	sources := map[string]any{}
	for _, it := range page.Items {
		sources[fmt.Sprint(it["filename"])] = it["text_source"]
	}
	if sources["Estimate 26-1001.pdf"] != "pdf" || sources["IMG_1.jpg"] != "ocr" || sources["floor.svg"] != "none" {
		t.Errorf("text sources %v; want the estimate's from its PDF text, the photo's from OCR, none for a picture OCR found no text in", sources)
	}

	// Once stamped, the stamped copy has its address.
	stampedSHA := b.stamp(t, est.ID, []byte("%PDF-1.4\nRECEIVED\n%%EOF\n"))
	b.get(t, path+"limit=200", &page)
	for _, it := range page.Items {
		if it["id"] == float64(est.ID) && (it["stamped"] != true || it["stamped_url"] != fmt.Sprintf("/documents/%d/stamped", est.ID)) {
			t.Errorf("stamped document %v (stamped %s)", it, stampedSHA)
		}
	}

	var empty struct {
		Items      []any  `json:"items"`
		NextCursor string `json:"next_cursor"`
	}
	other := b.addClaim(t, storage.Claim{JobNumber: "26-1002-WTR", ClaimNumber: "X1"})
	b.get(t, fmt.Sprintf("/api/claims/%d/documents", other), &empty)
	if empty.Items == nil || len(empty.Items) != 0 || empty.NextCursor != "" {
		t.Errorf("claim without documents: %+v", empty)
	}
	resp, body := b.call(t, "GET", "/api/claims/999999/documents", nil, nil)
	wantError(t, "unknown claim", resp, body, http.StatusNotFound, "claim 999999 not found")
	resp, body = b.call(t, "GET", path+"cursor=garbage", nil, nil)
	wantError(t, "bad cursor", resp, body, http.StatusBadRequest, "cursor")
}

// stamp records a stamped copy of document id with the given bytes, as
// the stamp worker does, and returns its SHA-256.
func (b *apiBundle) stamp(t *testing.T, id int64, stamped []byte) string {
	t.Helper()
	ctx := context.Background()
	sha := b.putBlob(t, stamped)
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		d, err := storage.LockDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		_, ok, err := storage.RecordStamp(ctx, tx, storage.StampOutcome{DocumentID: id, ClaimID: d.ClaimID,
			JobNumber: d.JobNumber, OfficeID: d.OfficeID, TextSource: d.TextSource, StampedSHA256: sha})
		if err == nil && !ok {
			err = fmt.Errorf("stamp of document %d not recorded", id)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return sha
}

// fetched is what a download answered.
type fetched struct {
	status      int
	body        string
	contentType string
	disposition string
	params      map[string]string // of Content-Disposition
	header      http.Header
}

func (b *apiBundle) download(t *testing.T, method, path string, header http.Header) fetched {
	t.Helper()
	resp, body := b.call(t, method, path, nil, header)
	d := fetched{status: resp.StatusCode, body: body, contentType: resp.Header.Get("Content-Type"), header: resp.Header}
	if cd := resp.Header.Get("Content-Disposition"); cd != "" {
		var err error
		if d.disposition, d.params, err = mime.ParseMediaType(cd); err != nil {
			t.Errorf("%s: Content-Disposition %q does not parse: %v", path, cd, err)
		}
	}
	return d
}

func TestDownloads(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	fc := b.fileTestDocuments(t)
	est := fc.byName["Estimate 26-1001.pdf"]
	original := fmt.Sprintf("/documents/%d/original", est.ID)

	d := b.download(t, "GET", original, nil)
	if d.status != http.StatusOK || d.body != "%PDF-1.4\nestimate\n%%EOF\n" || d.contentType != "application/pdf" {
		t.Fatalf("original: %d %s %q", d.status, d.contentType, d.body)
	}
	if d.disposition != "attachment" || d.params["filename"] != "Estimate 26-1001.pdf" ||
		d.header.Get("Content-Disposition") != `attachment; filename="Estimate 26-1001.pdf"` {
		t.Errorf("disposition %q", d.header.Get("Content-Disposition"))
	}
	etag := `"` + est.SHA256 + `"`
	if d.header.Get("ETag") != etag || d.header.Get("X-Content-Type-Options") != "nosniff" ||
		d.header.Get("Content-Length") != fmt.Sprint(est.Size) {
		t.Errorf("headers %v", d.header)
	}

	if d := b.download(t, "GET", original+"?inline=1", nil); d.disposition != "inline" || d.body != "%PDF-1.4\nestimate\n%%EOF\n" {
		t.Errorf("inline PDF: %s", d.header.Get("Content-Disposition"))
	}
	if d := b.download(t, "HEAD", original, nil); d.status != http.StatusOK || d.body != "" ||
		d.header.Get("Content-Length") != fmt.Sprint(est.Size) || d.header.Get("ETag") != etag || d.contentType != "application/pdf" {
		t.Errorf("HEAD: %d %v %q", d.status, d.header, d.body)
	}
	for _, match := range []string{etag, `W/` + etag, `"other", ` + etag, "*"} {
		if d := b.download(t, "GET", original, http.Header{"If-None-Match": {match}}); d.status != http.StatusNotModified || d.body != "" || d.header.Get("ETag") != etag {
			t.Errorf("If-None-Match %s: %d %q", match, d.status, d.body)
		}
	}
	if d := b.download(t, "GET", original, http.Header{"If-None-Match": {`"other"`}}); d.status != http.StatusOK {
		t.Errorf("If-None-Match of another version: %d", d.status)
	}

	// A name beyond ASCII: an ASCII stand-in, and the real name in filename*.
	de := fc.byName["Schätzung №2.pdf"]
	d = b.download(t, "GET", fmt.Sprintf("/documents/%d/original", de.ID), nil)
	if d.params["filename"] != "Schätzung №2.pdf" ||
		d.header.Get("Content-Disposition") != `attachment; filename="Sch_tzung _2.pdf"; filename*=UTF-8''Sch%C3%A4tzung%20%E2%84%962.pdf` {
		t.Errorf("UTF-8 name: %q (parsed %q)", d.header.Get("Content-Disposition"), d.params["filename"])
	}

	// The hostile name is made safe, and the HTML is never served as HTML,
	// inline or not.
	evil := fc.byName[hostileName]
	for _, q := range []string{"", "?inline=1"} {
		d := b.download(t, "GET", fmt.Sprintf("/documents/%d/original%s", evil.ID, q), nil)
		raw := d.header.Get("Content-Disposition")
		if d.status != http.StatusOK || d.contentType != "application/octet-stream" || d.disposition != "attachment" {
			t.Errorf("HTML attachment%s: %d %s %s", q, d.status, d.contentType, raw)
		}
		if !strings.HasPrefix(raw, `attachment; filename="x__ evil.html"; filename*=`) || len(d.params) != 1 ||
			strings.ContainsAny(d.params["filename"], `/\"`) || strings.HasPrefix(d.params["filename"], ".") {
			t.Errorf("hostile name: %q, parsed %q", raw, d.params)
		}
		if d.body != "<script>alert(document.cookie)</script>" {
			t.Errorf("HTML bytes changed: %q", d.body)
		}
	}

	// Images a browser shows may be inline; SVG, which runs script, is
	// never an image to us.
	if d := b.download(t, "GET", fmt.Sprintf("/documents/%d/original?inline=1", fc.byName["IMG_1.jpg"].ID), nil); d.contentType != "image/jpeg" || d.disposition != "inline" {
		t.Errorf("JPEG inline: %s %s", d.contentType, d.disposition)
	}
	if d := b.download(t, "GET", fmt.Sprintf("/documents/%d/original?inline=1", fc.byName["floor.svg"].ID), nil); d.contentType != "application/octet-stream" || d.disposition != "attachment" {
		t.Errorf("SVG: %s %s", d.contentType, d.disposition)
	}
	for name, doc := range fc.byName {
		for _, q := range []string{"", "?inline=1"} {
			d := b.download(t, "GET", fmt.Sprintf("/documents/%d/original%s", doc.ID, q), nil)
			if ct := strings.ToLower(d.contentType); d.status != http.StatusOK || strings.Contains(ct, "html") || strings.Contains(ct, "xml") ||
				d.header.Get("X-Content-Type-Options") != "nosniff" || d.body == "" {
				t.Errorf("%s%s: %d %s", name, q, d.status, d.contentType)
			}
		}
	}

	// Stamped copies: none until stamped, then always a PDF.
	stampedPath := fmt.Sprintf("/documents/%d/stamped", est.ID)
	resp, body := b.call(t, "GET", stampedPath, nil, nil)
	wantError(t, "not stamped yet", resp, body, http.StatusNotFound, "no stamped copy")
	sha := b.stamp(t, est.ID, []byte("%PDF-1.4\nRECEIVED 03/03/2026\n%%EOF\n"))
	d = b.download(t, "GET", stampedPath+"?inline=1", nil)
	if d.status != http.StatusOK || d.body != "%PDF-1.4\nRECEIVED 03/03/2026\n%%EOF\n" || d.contentType != "application/pdf" ||
		d.disposition != "inline" || d.header.Get("ETag") != `"`+sha+`"` {
		t.Errorf("stamped: %d %s %s %q", d.status, d.contentType, d.header.Get("ETag"), d.body)
	}
	if d := b.download(t, "HEAD", stampedPath, nil); d.status != http.StatusOK || d.header.Get("Content-Length") != fmt.Sprint(len("%PDF-1.4\nRECEIVED 03/03/2026\n%%EOF\n")) {
		t.Errorf("HEAD stamped: %d %v", d.status, d.header)
	}
	_, err := b.sql.Exec(context.Background(), `UPDATE documents SET stamp_error = 'the PDF is encrypted' WHERE id = $1`, de.ID)
	if err != nil {
		t.Fatal(err)
	}
	resp, body = b.call(t, "GET", fmt.Sprintf("/documents/%d/stamped", de.ID), nil, nil)
	wantError(t, "stamping failed", resp, body, http.StatusNotFound, "the PDF is encrypted")

	resp, body = b.call(t, "GET", "/documents/999999/original", nil, nil)
	wantError(t, "unknown document", resp, body, http.StatusNotFound, "document 999999 not found")
	resp, body = b.call(t, "GET", "/documents/abc/original", nil, nil)
	wantError(t, "document abc", resp, body, http.StatusBadRequest, "id")
	resp, body = b.call(t, "GET", original, nil, http.Header{"Authorization": {"Bearer " + strings.Repeat("x", 10)}})
	wantError(t, "a bad token", resp, body, http.StatusUnauthorized, "token")
}

func TestDownloadNames(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"Estimate.pdf":           `attachment; filename="Estimate.pdf"`,
		hostileName:              `attachment; filename="x__ evil.html"; filename*=UTF-8''x_%3B%20evil.html`,
		`C:\Users\x\photo.jpg`:   `attachment; filename="photo.jpg"`,
		"..":                     `attachment; filename="document"`,
		"":                       `attachment; filename="document"`,
		"a\x00b\r\nc.pdf":        `attachment; filename="abc.pdf"`,
		"report\u202Efdp.exe":    `attachment; filename="reportfdp.exe"`,
		"100%.pdf":               `attachment; filename="100_.pdf"; filename*=UTF-8''100%25.pdf`,
		"<script>.pdf":           `attachment; filename="_script_.pdf"`,
		strings.Repeat("é", 150): "", // checked below: cut to 200 bytes, whole characters
	} {
		got := contentDisposition("attachment", name)
		if want != "" && got != want {
			t.Errorf("%q: %s, want %s", name, got, want)
		}
		_, params, err := mime.ParseMediaType(got)
		if err != nil || params["filename"] == "" || len(params["filename"]) > maxDownloadName || strings.ContainsAny(params["filename"], "/\\\"\x00\r\n") {
			t.Errorf("%q: %s parses to %q, %v", name, got, params, err)
		}
	}
}
