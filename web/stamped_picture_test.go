package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/picturetest"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
)

// TestStampedPictureIsAPDF files a technician's phone photo of an ATP and
// gives it its stamped copy, a PDF of the photo: downloaded, it is a PDF
// named as one ("ATP.jpg.pdf"), and so is it in the packet, while the
// original stays the photo as received. A faxed COS, a TIFF of two pages,
// gets its two-page stamped PDF the same way ("COS.tif.pdf").
func TestStampedPictureIsAPDF(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	ctx := context.Background()
	claimID := b.addClaim(t, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", InsuredName: "José Peña"})
	img := image.NewGray(image.Rect(0, 0, 300, 400))
	for i := range img.Pix {
		img.Pix[i] = uint8(color.White.Y) - uint8(i%7)
	}
	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, img, nil); err != nil {
		t.Fatal(err)
	}
	fax := picturetest.TIFF(204, 196, img, img)
	id := b.addMessage(t, testMessage{from: "tech@smrestore.example", subject: "signed ATP", arrived: b.at(time.March, 2, 9, 0),
		files: []testFile{{"ATP.jpg", "image/jpeg", photo.Bytes(), "atp"}, {"COS.tif", "image/tiff", fax, "cos"}}})
	if resp, body := b.call(t, "POST", fmt.Sprintf("/api/messages/%d/assign", id), map[string]any{"claim_id": claimID}, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("assign: %d %s", resp.StatusCode, body)
	}
	docs, err := b.db.ClaimDocuments(ctx, claimID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var atp, cos storage.Document
	for _, d := range docs {
		switch d.Filename {
		case "ATP.jpg":
			atp = d
		case "COS.tif":
			cos = d
		}
	}
	var stamped, stampedFax bytes.Buffer
	r := stamp.Received{At: b.at(time.March, 2, 9, 0), JobNumber: "26-1001-WTR"}
	if err := stamp.ApplyPicture(ctx, bytes.NewReader(photo.Bytes()), &stamped, r, stamp.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := stamp.ApplyPicture(ctx, bytes.NewReader(fax), &stampedFax, r, stamp.Options{}); err != nil {
		t.Fatal(err)
	}
	b.stamp(t, atp.ID, stamped.Bytes())
	b.stamp(t, cos.ID, stampedFax.Bytes())

	d := b.download(t, "GET", fmt.Sprintf("/documents/%d/stamped", atp.ID), nil)
	if d.status != http.StatusOK || d.contentType != "application/pdf" || d.params["filename"] != "ATP.jpg.pdf" || d.body != stamped.String() {
		t.Errorf("stamped copy: %d %s %q", d.status, d.contentType, d.header.Get("Content-Disposition"))
	}
	d = b.download(t, "GET", fmt.Sprintf("/documents/%d/original", atp.ID), nil)
	if d.status != http.StatusOK || d.contentType != "image/jpeg" || d.params["filename"] != "ATP.jpg" || d.body != photo.String() {
		t.Errorf("original: %d %s %q", d.status, d.contentType, d.header.Get("Content-Disposition"))
	}
	resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip", claimID), nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("packet: %d %.200q", resp.StatusCode, body)
	}
	files, names := unzip(t, body)
	if got := files["Contracts/2026-03-02_ATP.jpg.pdf"]; !bytes.Equal(got, stamped.Bytes()) {
		t.Errorf("packet holds %q; want the stamped copy as Contracts/2026-03-02_ATP.jpg.pdf", names)
	}
	if got := files["Contracts/2026-03-02_COS.tif.pdf"]; !bytes.Equal(got, stampedFax.Bytes()) {
		t.Errorf("packet holds %q; want the faxed COS's stamped copy as Contracts/2026-03-02_COS.tif.pdf", names)
	}
	d = b.download(t, "GET", fmt.Sprintf("/documents/%d/stamped", cos.ID), nil)
	if d.status != http.StatusOK || d.contentType != "application/pdf" || d.params["filename"] != "COS.tif.pdf" || d.body != stampedFax.String() {
		t.Errorf("faxed COS's stamped copy: %d %s %q", d.status, d.contentType, d.header.Get("Content-Disposition"))
	}
}
