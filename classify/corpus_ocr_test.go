//go:build corpus

package classify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/ocr"
)

// corpusOCR reads a picture or an image-only PDF of the corpus the way the
// pipeline does, when tesseract is installed (CLAIMDESK_CORPUS_NOOCR=1
// measures without it). Texts are kept under the user's cache directory by
// content SHA-256 and the reader's fingerprint, as claimdesk classify
// --ocr-cache keeps them: a second run with the same tesseract reads
// nothing again.
func corpusOCR(t testing.TB, data []byte, k ocr.Kind) string {
	if os.Getenv("CLAIMDESK_CORPUS_NOOCR") != "" || !ocr.Available(k) || len(data) == 0 {
		return ""
	}
	sum := sha256.Sum256(data)
	reader := &ocr.Reader{TempDir: t.TempDir(), MaxPages: 2}
	var cache string
	dir, err := os.UserCacheDir()
	fingerprint, ferr := reader.Fingerprint(t.Context())
	if err == nil && ferr == nil {
		cache = filepath.Join(dir, "claimdesk", "ocr", "tesseract-"+fingerprint, hex.EncodeToString(sum[:])+".txt")
		if b, err := os.ReadFile(cache); err == nil {
			return string(b)
		}
	}
	text, err := reader.Read(t.Context(), k, bytes.NewReader(data))
	if err != nil {
		// The corpus's camera photos are noise that tesseract refuses:
		// refused again next time, so kept as no text.
		text = ocr.Text{}
	}
	if cache != "" && os.MkdirAll(filepath.Dir(cache), 0o755) == nil {
		_ = os.WriteFile(cache, []byte(text.String()), 0o644)
	}
	return text.String()
}

// withOCR gives an attachment without text the text OCR reads of it.
func withOCR(t testing.TB, a Attachment, data []byte) Attachment {
	k := ocr.KindOf(a.Filename, a.ContentType)
	if k == ocr.None || a.Inline || strings.TrimSpace(a.Text) != "" {
		return a
	}
	if text := corpusOCR(t, data, k); strings.TrimSpace(text) != "" {
		a.Text, a.OCR = text, true
	}
	return a
}
