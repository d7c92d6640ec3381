package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
)

// grayPhoto is a small JPEG, a phone's photo of a form.
func grayPhoto(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 60, 80)), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fileStamped files files in one message on a new claim and gives each of
// them a stamped copy of its own (its content does not matter here).
func fileStamped(t *testing.T, b *apiBundle, files []testFile) (int64, map[string]storage.Document) {
	t.Helper()
	ctx := context.Background()
	claimID := b.addClaim(t, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", InsuredName: "José Peña"})
	id := b.addMessage(t, testMessage{from: "tech@smrestore.example", subject: "signed ATP", arrived: b.at(time.March, 2, 9, 0), files: files})
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/messages/%d/assign", id), map[string]any{"claim_id": claimID}, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("assign: %d %s", resp.StatusCode, body)
	}
	docs, err := b.db.ClaimDocuments(ctx, claimID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]storage.Document{}
	for i, d := range docs {
		var stamped bytes.Buffer
		if err := stamp.ApplyPicture(ctx, bytes.NewReader(grayPhoto(t)), &stamped,
			stamp.Received{At: b.at(time.March, 2, 9, 0), JobNumber: fmt.Sprintf("26-100%d-WTR", i)}, stamp.Options{}); err != nil {
			t.Fatal(err)
		}
		b.stamp(t, d.ID, stamped.Bytes())
		byName[d.Filename] = d
	}
	return claimID, byName
}

// TestPacketNamesApart: a photo of an ATP, IMG_0412.jpg, and the PDF a
// scanning app made of it, IMG_0412.jpg.pdf, both stamped, and two PDFs
// whose names differ only in case, ATP.pdf and atp.pdf, are four files in
// both packets: no two names that one file would take when unzipped (on
// Windows or a Mac, case and all).
func TestPacketNamesApart(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pdf := func(n int) []byte {
		return fmt.Appendf(nil, "%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n%% %d\n", n)
	}
	claimID, _ := fileStamped(t, b, []testFile{
		{"IMG_0412.jpg", "image/jpeg", grayPhoto(t), "atp"},
		{"IMG_0412.jpg.pdf", "application/pdf", pdf(1), "atp"},
		{"ATP.pdf", "application/pdf", pdf(2), "atp"},
		{"atp.pdf", "application/pdf", pdf(3), "atp"},
	})
	for _, who := range []string{"office", "carrier"} {
		resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?for=%s", claimID, who), nil, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("packet: %d %.200q", resp.StatusCode, body)
		}
		_, names := unzip(t, body)
		seen, forms := map[string]bool{}, 0
		for _, n := range names {
			if seen[strings.ToLower(n)] {
				t.Errorf("%s packet holds %q twice: %q", who, n, names)
			}
			seen[strings.ToLower(n)] = true
			if strings.HasPrefix(n, "Contracts/") {
				forms++
			}
		}
		if forms != 4 {
			t.Errorf("%s packet holds %d signed forms, want 4: %q", who, forms, names)
		}
	}
}

// TestStampedPictureNameIsPDF: a photo of a form whose name says nothing
// of a picture (a Windows browser saves JPEGs as .jfif) is stamped all the
// same, as Stampable goes by the content type too, and its stamped PDF
// downloads and packs under a PDF's name; a PDF whose name lacks ".pdf"
// keeps its name.
func TestStampedPictureNameIsPDF(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	claimID, docs := fileStamped(t, b, []testFile{
		{"ATP.jfif", "image/jpeg", grayPhoto(t), "atp"},
		{"scan", "application/pdf", pdf, "atp"},
	})
	if !ingest.Stampable(docs["ATP.jfif"]) {
		t.Fatal("ATP.jfif (image/jpeg, atp) is not stampable")
	}
	for name, want := range map[string]string{"ATP.jfif": "ATP.jfif.pdf", "scan": "scan"} {
		d := b.download(t, "GET", fmt.Sprintf("/documents/%d/stamped", docs[name].ID), nil)
		if d.status != http.StatusOK || d.contentType != "application/pdf" || d.params["filename"] != want {
			t.Errorf("stamped copy of %s: %d %s %q, want a PDF named %s", name, d.status, d.contentType, d.header.Get("Content-Disposition"), want)
		}
	}
	resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip", claimID), nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("packet: %d %.200q", resp.StatusCode, body)
	}
	files, names := unzip(t, body)
	for _, want := range []string{"Contracts/2026-03-02_ATP.jfif.pdf", "Contracts/2026-03-02_scan"} {
		if _, ok := files[want]; !ok {
			t.Errorf("packet holds %q, want %s", names, want)
		}
	}
}
