package storage_test

import (
	"maps"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
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
		return storage.SaveFileTexts(ctx, tx, map[string]string{typed: "Estimate total 4,210.00"})
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
