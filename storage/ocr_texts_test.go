package storage_test

import (
	"maps"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestOCRTextsOfReadsManyFilesAtOnce checks the one-round-trip look-up of
// OCR texts: the files OCR read (an empty text too: read, and nothing
// found), not a PDF's text layer, not a file never read.
func TestOCRTextsOfReadsManyFilesAtOnce(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	photo, blank, typed, unread := sha("photo", 1), sha("blank", 2), sha("typed", 3), sha("unread", 4)
	for sum, text := range map[string]string{photo: "ATP signed by Dana Ruiz", blank: ""} {
		if err := b.db.SaveOCRText(ctx, sum, text); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return keepFileTexts(ctx, tx, map[string]string{typed: "Estimate total 4,210.00"})
	}); err != nil {
		t.Fatal(err)
	}
	got, err := b.db.OCRTextsOf(ctx, []string{photo, blank, typed, unread})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{photo: "ATP signed by Dana Ruiz", blank: ""}
	if !maps.Equal(got, want) {
		t.Errorf("OCR texts %q, want %q", got, want)
	}
}

// TestOCRTextCompletesATextLayerKeptFirst checks what OCR's result makes of
// PDFs whose text layer was kept before they were read: the OCR text
// followed by the layer's pages OCR did not read, or for a file OCR could
// not read the layer with the reason; a file read before keeps its text.
func TestOCRTextCompletesATextLayerKeptFirst(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	mixed, damaged, read := sha("mixed", 1), sha("damaged", 2), sha("read", 3)
	layers := map[string]string{
		mixed:   "Authorization\f\fPage three typed\f",
		damaged: "Estimate total 4,210.00\f",
		read:    "Scope of work\f",
	}
	if err := b.db.SaveOCRText(ctx, read, "Scope of work\fSigned by Dana Ruiz\f"); err != nil {
		t.Fatal(err)
	}
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error { return keepFileTexts(ctx, tx, layers) }); err != nil {
		t.Fatal(err)
	}
	// OCR's page cap stopped it after two pages.
	if err := b.db.SaveOCRText(ctx, mixed, "Authorization\fSigned by Dana Ruiz\f"); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SaveOCRFailure(ctx, damaged, "the file is damaged or not a picture"); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SaveOCRText(ctx, read, "read again"); err != nil {
		t.Fatal(err)
	}
	got, err := b.db.OCRTextsOf(ctx, []string{mixed, damaged, read})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		mixed:   "Authorization\fSigned by Dana Ruiz\fPage three typed\f",
		damaged: "Estimate total 4,210.00\f",
		read:    "Scope of work\fSigned by Dana Ruiz\f",
	}
	if !maps.Equal(got, want) {
		t.Errorf("OCR texts %q, want %q", got, want)
	}
	if n, err := b.db.CountOCRFailures(ctx); err != nil || n != 1 {
		t.Errorf("%d OCR failures (%v), want the damaged file's", n, err)
	}
}
