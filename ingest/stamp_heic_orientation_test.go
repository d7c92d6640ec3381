package ingest

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/ocr/ocrtest"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// A HEIC photo laid out as an iPhone writes one held upright (the pixels
// as the sensor saw them, landscape; an irot property saying turn them a
// quarter clockwise; EXIF orientation 6 saying the same) is stamped
// upright on a portrait page: heif-convert turns the pixels and keeps the
// EXIF orientation (libheif 1.15), which the stamp must not apply again.
func TestStampedIPhoneHEICUpright(t *testing.T) {
	t.Parallel()
	if !ocr.Available(ocr.HEIC) {
		t.Skip("heif-convert not installed")
	}
	// Stored 400×300, EXIF orientation 6: heif-enc keeps the pixels as
	// they are and the EXIF block with them.
	plain, why := ocrtest.HEIC(t, sidePhoto(t, 400, 300, 6), ".jpg")
	if plain == nil {
		t.Skip(why)
	}
	if got := stampedHEICPageSize(t, heicWithIrot(t, plain, 3)); got != "612 x 792" {
		t.Errorf("stamped iPhone HEIC on a page of %s pt, want 612 x 792: the photo heif-convert turned upright was turned again by its EXIF orientation", got)
	}
}

// stampedHEICPageSize stamps heic, a photographed waiver, as the stamp
// worker does and returns the stamped PDF's page size in points.
func stampedHEICPageSize(t *testing.T, heic []byte) string {
	t.Helper()
	store, err := blob.NewLocalStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sum := shaHex(heic)
	if err := store.Put(t.Context(), blob.ContentKey(sum), bytes.NewReader(heic), int64(len(heic))); err != nil {
		t.Fatal(err)
	}
	w := NewStampWorker(nil, store, StampConfig{Location: time.UTC, TempDir: t.TempDir()}, nil)
	d := storage.Document{ID: 1, SHA256: sum, Size: int64(len(heic)), Filename: "IMG_0001.HEIC", ContentType: "image/heic",
		DocType: "waiver", JobNumber: "26-1001-WTR", ReceivedAt: time.Date(2026, 11, 2, 16, 0, 0, 0, time.UTC)}
	stampedSum, why, err := w.stampPicture(t.Context(), d)
	if err != nil || why.sentence != "" {
		t.Fatalf("stampPicture: %q, %v", why.sentence, err)
	}
	path := filepath.Join(t.TempDir(), "stamped.pdf")
	if err := os.WriteFile(path, blobBytes(t, store, blob.ContentKey(stampedSum)), 0o600); err != nil {
		t.Fatal(err)
	}
	info, err := filingTool(t, "pdfinfo", path)
	if err != nil {
		t.Fatal(err)
	}
	got := pdfPageSizeRe.FindStringSubmatch(info)
	if got == nil {
		t.Fatalf("no page size in pdfinfo's %q", info)
	}
	return got[1]
}

// heicWithIrot gives the primary item of a HEIC heif-enc wrote (iloc
// version 0 with 4-byte fields, ipma version 0) the irot property angle.
func heicWithIrot(t *testing.T, heic []byte, angle byte) []byte {
	t.Helper()
	type box struct {
		typ  string
		body []byte
	}
	parse := func(b []byte) []box {
		var out []box
		for len(b) >= 8 {
			n := binary.BigEndian.Uint32(b)
			out = append(out, box{string(b[4:8]), b[8:n]})
			b = b[n:]
		}
		return out
	}
	ser := func(bs []box) []byte {
		var out []byte
		for _, x := range bs {
			out = binary.BigEndian.AppendUint32(out, uint32(8+len(x.body)))
			out = append(out, x.typ...)
			out = append(out, x.body...)
		}
		return out
	}
	top := parse(heic)
	mi := -1
	for i, b := range top {
		if b.typ == "meta" {
			mi = i
		}
	}
	if mi < 0 {
		t.Fatal("no meta box")
	}
	vf := top[mi].body[:4]
	kids := parse(top[mi].body[4:])
	var primary uint16
	for _, k := range kids {
		if k.typ == "pitm" {
			primary = binary.BigEndian.Uint16(k.body[4:])
		}
	}
	for i, k := range kids {
		if k.typ != "iprp" {
			continue
		}
		pk := parse(k.body)
		var nprops int
		for j, p := range pk {
			if p.typ == "ipco" {
				props := append(parse(p.body), box{"irot", []byte{angle}})
				nprops = len(props)
				pk[j].body = ser(props)
			}
		}
		for j, p := range pk {
			if p.typ != "ipma" {
				continue
			}
			b := p.body
			if b[0] != 0 || b[3]&1 != 0 {
				t.Skip("ipma layout not handled")
			}
			out := append([]byte{}, b[:8]...)
			r := b[8:]
			for range binary.BigEndian.Uint32(b[4:8]) {
				id, n := binary.BigEndian.Uint16(r), int(r[2])
				if id == primary {
					out = binary.BigEndian.AppendUint16(out, id)
					out = append(append(append(out, byte(n+1)), r[3:3+n]...), 0x80|byte(nprops))
				} else {
					out = append(out, r[:3+n]...)
				}
				r = r[3+n:]
			}
			pk[j].body = out
		}
		kids[i].body = ser(pk)
	}
	body := append(append([]byte{}, vf...), ser(kids)...)
	delta := uint32(len(body) - len(top[mi].body))
	// The meta box grew: the items' offsets into mdat, after it, move by
	// delta (parse's boxes share body's bytes, patched in place).
	kids = parse(body[4:])
	for _, k := range kids {
		if k.typ != "iloc" {
			continue
		}
		b := k.body
		if b[0] != 0 || b[4] != 0x44 || b[5] != 0x40 {
			t.Skipf("iloc layout %x not handled", b[:6])
		}
		p := 8
		for range int(binary.BigEndian.Uint16(b[6:])) {
			binary.BigEndian.PutUint32(b[p+4:], binary.BigEndian.Uint32(b[p+4:])+delta)
			p += 10 + int(binary.BigEndian.Uint16(b[p+8:]))*8
		}
	}
	top[mi].body = body
	return ser(top)
}
