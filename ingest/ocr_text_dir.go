package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
)

// ocrTextDir keeps the texts the offline classify reads with OCR in a
// directory, one file per content SHA-256 (SHA.txt): runs after the first
// read no picture again, as the pipeline's database keeps them for every
// copy. The directory is one OCR setup's (Offline.KeepOCRTexts): texts
// another tesseract read are elsewhere. The classify package's corpus
// tests keep theirs there too. A file OCR could not read is kept as no
// text.
type ocrTextDir struct {
	dir string
	mem *memOCRTexts
}

var (
	_ OCRTexts  = (*ocrTextDir)(nil)
	_ ocrMemory = (*ocrTextDir)(nil)
)

// OCRText implements OCRTexts. A directory that cannot be read only means
// reading the picture again.
func (d *ocrTextDir) OCRText(ctx context.Context, sha string) (string, bool, error) {
	if text, ok, _ := d.mem.OCRText(ctx, sha); ok {
		return text, true, nil
	}
	if !isSHA256Hex(sha) {
		return "", false, nil
	}
	b, err := os.ReadFile(filepath.Join(d.dir, sha+".txt"))
	if err != nil {
		return "", false, nil
	}
	d.mem.remember(sha, string(b))
	return string(b), true, nil
}

// remember implements ocrMemory. The text is written to a temporary file
// renamed into place, so that another run reading the directory meanwhile
// never sees part of it; a text that cannot be written is kept in memory
// only.
func (d *ocrTextDir) remember(sha, text string) {
	d.mem.remember(sha, text)
	if !isSHA256Hex(sha) {
		return
	}
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
		return
	}
	f, err := os.CreateTemp(d.dir, sha+".*.tmp")
	if err != nil {
		return
	}
	_, err = f.WriteString(text)
	err = errors.Join(err, f.Close())
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(d.dir, sha+".txt"))
	}
	if err != nil {
		os.Remove(f.Name())
	}
}

// isSHA256Hex reports whether s is a SHA-256 in lower-case hex: the only
// names the directory holds.
func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
