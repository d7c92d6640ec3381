package ingest

import (
	"bytes"
	"context"
	"errors"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/ocr/ocrtest"
)

// TestOfflineKeepsOCRTexts classifies a photographed certificate with the
// texts kept in one directory: a second run types it from the kept text,
// though its own OCR cannot read anything; a run whose OCR reads with
// other settings (English alone) is not served the text another setup
// read.
func TestOfflineKeepsOCRTexts(t *testing.T) {
	t.Parallel()
	if !ocr.Available(ocr.Image) {
		t.Skip("tesseract not installed: scripts/test installs it")
	}
	img := ocrtest.RenderPage(t, []string{"CERTIFICATE OF SATISFACTION", "The work has been completed to my satisfaction."}, 255)
	var picture bytes.Buffer
	if err := jpeg.Encode(&picture, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "1.eml")
	if err := os.WriteFile(file, pictureMail("form.jpg", picture.Bytes()), 0o600); err != nil {
		t.Fatal(err)
	}
	texts := t.TempDir()
	// typeOf classifies file with the texts kept in texts, its OCR reading
	// with languages (the default when empty), and reading nothing when
	// broken.
	typeOf := func(languages string, brokenOCR bool) string {
		t.Helper()
		off, err := NewOffline(classify.Config{}, classify.NewMemRegistry(), "", t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		off.Classifier.OCR.Languages = languages
		if err := off.KeepOCRTexts(t.Context(), texts); err != nil {
			t.Fatal(err)
		}
		if brokenOCR {
			off.Classifier.OCR = &ocr.Reader{TempDir: t.TempDir(), Languages: languages, Gate: refusingGate{}, MaxWait: time.Hour}
		}
		res, err := off.Run(t.Context(), []string{file}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, dt := range res[0].DocTypes {
			return dt.Type
		}
		t.Fatal("no attachment typed")
		return ""
	}
	if got := typeOf("", false); got != classify.DocCOS {
		t.Fatalf("photographed certificate typed %q, want cos", got)
	}
	if got := typeOf("", true); got != classify.DocCOS {
		t.Errorf("second run typed it %q without reading it, want cos from the kept text", got)
	}
	if got := typeOf("eng", true); got == classify.DocCOS {
		t.Error("a run reading English alone was served the text read with English and Spanish")
	}
}

// refusingGate holds back every read: an OCR that reads nothing.
type refusingGate struct{}

func (refusingGate) Wait(context.Context, time.Duration) error {
	return errors.New("no reading in this test")
}
