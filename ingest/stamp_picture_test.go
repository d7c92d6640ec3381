package ingest

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/ocr/ocrtest"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// mailFile is a file attached to a test message.
type mailFile struct {
	name, contentType string
	data              []byte
}

// attachmentsMail is a technician's message with files attached by name.
func attachmentsMail(id, subject string, files ...mailFile) []byte {
	var b strings.Builder
	b.WriteString("From: Tech <tech@othervendor.example>\r\nTo: claims@office.example\r\nSubject: " + subject + "\r\n" +
		"Message-ID: <" + id + "@othervendor.example>\r\nDate: Mon, 2 Nov 2026 10:00:00 -0600\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n")
	for _, f := range files {
		b.WriteString("--b\r\nContent-Type: " + f.contentType + "\r\nContent-Disposition: attachment; filename=" + f.name +
			"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		enc := base64.StdEncoding.EncodeToString(f.data)
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n")
	}
	b.WriteString("--b--\r\n")
	return []byte(b.String())
}

// sidePhoto is a w×h photo, red on its left half and blue on its right,
// as a JPEG, with the EXIF orientation o a phone writes.
func sidePhoto(t *testing.T, w, h int, o byte) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{200, 0, 0, 255}
			if x >= w/2 {
				c = color.RGBA{0, 0, 200, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	if o == 1 {
		return buf.Bytes()
	}
	exif := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00")
	exif[len(exif)-7] = o
	app1 := append([]byte{0xFF, 0xE1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
	return append(append([]byte{0xFF, 0xD8}, app1...), buf.Bytes()[2:]...)
}

// heicPhoto is sidePhoto as an iPhone sends it, HEIC, made by heif-enc;
// nil when it cannot be made.
func heicPhoto(t *testing.T) []byte {
	t.Helper()
	heic, why := ocrtest.HEIC(t, sidePhoto(t, 300, 400, 1), ".jpg")
	if heic == nil {
		t.Log(why)
	}
	return heic
}

var pdfPageSizeRe = regexp.MustCompile(`(?m)^Page size:\s+([\d.]+ x [\d.]+) pts`)

// checkStampedPicture checks the stamped copy of the picture pic: one
// Letter page of the given size ("612 x 792"), sound, with the stamp r and
// the picture's own bytes when it is a JPEG.
func checkStampedPicture(t *testing.T, name string, stamped, pic []byte, r stamp.Received, size string) {
	t.Helper()
	info := stampedPDFInfo(t, name, stamped, r)
	pages, got := pdfinfoPagesRe.FindStringSubmatch(info), pdfPageSizeRe.FindStringSubmatch(info)
	if pages == nil || pages[1] != "1" || got == nil || got[1] != size {
		t.Errorf("stamped %s: %v pages of %v pt, want one of %s", name, pages, got, size)
	}
	imgs := pictures(t, stamped)
	if len(imgs) != 1 || pic != nil && !bytes.Equal(imgs[0], pic) {
		t.Errorf("stamped %s holds %d pictures, want the JPEG's own bytes", name, len(imgs))
	}
}

// stampedPDFInfo checks that the stamped copy of name reads as sound
// text with the stamp r, and returns what pdfinfo says of it.
func stampedPDFInfo(t *testing.T, name string, stamped []byte, r stamp.Received) string {
	t.Helper()
	if text := pdftest.CheckedText(t, name, stamped); !strings.Contains(text, r.Text()) {
		t.Errorf("stamped %s reads %q, want the stamp %q", name, text, r.Text())
	}
	path := filepath.Join(t.TempDir(), "stamped.pdf")
	if err := os.WriteFile(path, stamped, 0o600); err != nil {
		t.Fatal(err)
	}
	info, err := filingTool(t, "pdfinfo", path)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// testFilingPicturesOfForms files a technician's phone photos: an ATP
// taken sideways (EXIF says turn it), a HEIC waiver, a job photo and a
// COS whose JPEG was cut short. The forms get a one-page stamped PDF
// beside the untouched picture, upright, named as a PDF; the job photo
// none; the broken one a stamp error, still filed. A person's retyping
// then stamps a photo found to be a form, and takes the stamp off a
// picture found to be an ordinary photo.
func testFilingPicturesOfForms(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupFiling(t, open, true)
	ctx := t.Context()
	job := "26-1001-WTR"
	atp, kitchen := sidePhoto(t, 800, 600, 6), sidePhoto(t, 640, 480, 1)
	broken := sidePhoto(t, 640, 480, 1)
	broken = broken[:len(broken)/2]
	files := []mailFile{{"ATP.jpg", "image/jpeg", atp}, {"kitchen.jpg", "image/jpeg", kitchen}, {"cos.jpg", "image/jpeg", broken}}
	types := map[string]string{"ATP.jpg": "atp", "kitchen.jpg": "photo", "cos.jpg": "cos", "IMG_0001.HEIC": "waiver"}
	heic := heicPhoto(t)
	if heic != nil {
		files = append(files, mailFile{"IMG_0001.HEIC", "image/heic", heic})
	}
	m := b.addRaw(t, attachmentsMail("photos", "signed papers", files...), time.Date(2026, 11, 2, 16, 0, 0, 0, time.UTC))
	docTypes := map[string]string{}
	for _, p := range m.parsed.Parts {
		docTypes[p.Path] = types[p.Filename]
	}
	res, err := b.filer.File(ctx, FileRequest{MessageID: m.id, ClaimID: b.claims[job], DocTypes: docTypes})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(files) - 1; res.Stamping != want {
		t.Errorf("%d stamp jobs queued, want %d: the forms, not the job photo", res.Stamping, want)
	}
	b.drain(t)

	docs := map[string]storage.Document{}
	for _, d := range b.documents(t, m.id) {
		docs[d.Filename] = d
	}
	r := stamp.Received{At: docs["ATP.jpg"].ReceivedAt.In(b.loc), JobNumber: job}
	for name, pic := range map[string][]byte{"ATP.jpg": atp, "IMG_0001.HEIC": heic} {
		d := docs[name]
		if pic == nil {
			continue
		}
		if d.StampedSHA256 == "" || d.StampError != "" {
			t.Fatalf("%s (%s) not stamped: %q", name, d.DocType, d.StampError)
		}
		if got := b.read(t, d.BrowseKey); !bytes.Equal(got, pic) {
			t.Errorf("%s at %s is not the picture as received", name, d.BrowseKey)
		}
		key := d.StampedBrowseKey()
		if !strings.HasSuffix(key, "/Contracts/Stamped/2026-11-02_"+name+".pdf") {
			t.Errorf("stamped copy of %s at %s, want Contracts/Stamped/2026-11-02_%s.pdf", name, key, name)
		}
		stamped := b.read(t, key)
		if shaHex(stamped) != d.StampedSHA256 {
			t.Errorf("%s: the stamped copy's key does not hold the stamped copy", key)
		}
		if name == "ATP.jpg" {
			// Stored 800×600 and turned a quarter: upright, a portrait page.
			checkStampedPicture(t, name, stamped, atp, r, "612 x 792")
		} else {
			checkStampedPicture(t, name, stamped, nil, r, "612 x 792")
		}
	}
	if d := docs["kitchen.jpg"]; d.StampedSHA256 != "" || d.StampError != "" {
		t.Errorf("job photo stamped %q / %q, want no stamp", d.StampedSHA256, d.StampError)
	}
	if d := docs["cos.jpg"]; d.StampedSHA256 != "" || !strings.Contains(d.StampError, "picture is damaged or incomplete") {
		t.Errorf("broken COS photo: stamped %q, error %q; want a stamp error", d.StampedSHA256, d.StampError)
	} else if got := b.read(t, d.BrowseKey); !bytes.Equal(got, broken) {
		t.Errorf("broken COS photo not filed as received at %s", d.BrowseKey)
	}

	b.retypePictures(t, docs["kitchen.jpg"], docs["ATP.jpg"], r)
}

// retypePictures has a person type the job photo form as a waiver, which
// stamps it, and the stamped picture stamped as a photo, which drops its
// stamp and its stamped copy in the claim's folder.
func (b *filingBundle) retypePictures(t *testing.T, form, photo storage.Document, r stamp.Received) {
	t.Helper()
	ctx := t.Context()
	if _, err := b.filer.ChangeDocumentType(ctx, form.ID, "waiver", "ana@office.example"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.filer.ChangeDocumentType(ctx, photo.ID, "photo", "ana@office.example"); err != nil {
		t.Fatal(err)
	}
	b.drain(t)
	waiver, err := b.db.GetDocument(ctx, form.ID)
	if err != nil {
		t.Fatal(err)
	}
	if waiver.StampedSHA256 == "" {
		t.Fatalf("photo retyped as a waiver not stamped: %q", waiver.StampError)
	}
	checkStampedPicture(t, "kitchen.jpg", b.read(t, waiver.StampedBrowseKey()), nil, r, "792 x 612")
	unstamped, err := b.db.GetDocument(ctx, photo.ID)
	if err != nil {
		t.Fatal(err)
	}
	if unstamped.StampedSHA256 != "" || unstamped.StampError != "" || unstamped.Folder != "Photos" {
		t.Errorf("form retyped as a photo: in %s, stamped %q / %q; want no stamp", unstamped.Folder, unstamped.StampedSHA256, unstamped.StampError)
	}
	b.requireGone(t, unstamped.StampedBrowseKey())
	b.requireGone(t, photo.StampedBrowseKey())
}

// TestPhotographedFormStampedOnceRead runs the pipeline's jobs (processing,
// OCR, stamping, publishing) on a technician's message that names its
// claim and carries two phone photos: a signed work authorization and a
// job photo without words. The message is filed at once, both pictures as
// photos; once OCR reads the authorization it is an atp, and stamped: a
// one-page PDF of the photo with the received stamp. The job photo stays
// a photo, unstamped.
func TestPhotographedFormStampedOnceRead(t *testing.T) {
	t.Parallel()
	if !ocr.Available(ocr.Image) {
		t.Skip("tesseract not installed: scripts/test installs it")
	}
	ctx := t.Context()
	db, sql, blobs, claimID := ocrRig(t)
	form := scanPage(t, []string{"WORK AUTHORIZATION", "Customer: Maria Pena", "I hereby authorize the company to perform the work.", "Signed: Maria Pena"})
	photo := sidePhoto(t, 640, 480, 1)
	id := storeRawMessage(t, db, blobs, attachmentsMail("atp-photo", "Claim LA920-967489-27 paperwork",
		mailFile{"IMG_2231.jpg", "image/jpeg", form}, mailFile{"IMG_2232.jpg", "image/jpeg", photo}))

	runPipeline(t, db, sql, blobs, id)

	docs, err := db.MessageDocuments(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]storage.Document{}
	for _, d := range docs {
		byName[d.Filename] = d
		if d.ClaimID != claimID {
			t.Errorf("%s in claim %d, want %d", d.Filename, d.ClaimID, claimID)
		}
	}
	atp, job := byName["IMG_2231.jpg"], byName["IMG_2232.jpg"]
	if atp.DocType != "atp" || atp.StampedSHA256 == "" {
		t.Fatalf("photographed authorization typed %q, stamped %q (%q); want an atp with its stamped copy", atp.DocType, atp.StampedSHA256, atp.StampError)
	}
	r := stamp.Received{At: atp.ReceivedAt.In(time.UTC), JobNumber: "26-1001-WTR"}
	checkStampedPicture(t, atp.Filename, blobBytes(t, blobs, atp.StampedBrowseKey()), form, r, "612 x 792")
	if job.DocType != "photo" || job.StampedSHA256 != "" || job.StampError != "" {
		t.Errorf("job photo typed %q, stamped %q / %q; want a photo without a stamp", job.DocType, job.StampedSHA256, job.StampError)
	}
}
