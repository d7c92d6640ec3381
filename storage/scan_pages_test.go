package storage_test

import (
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestUncheckedTextLayers keeps text layers as they were kept before the
// look for scanned pages, and finds each one's pages without text as
// pdftotext marks pages (a form feed ends each; what follows the last is
// no page), until it is marked checked; a text OCR completed is never
// listed.
func TestUncheckedTextLayers(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	ctx := t.Context()
	layers := map[string]string{
		sha("typed", 0):        "page one\fpage two\f",
		sha("blank second", 0): "page one\f \n\fpage three\f",
		sha("blank first", 0):  "\n\fpage two\f",
		sha("cut short", 0):    "page one\fpage two cut",
		sha("read by ocr", 0):  "page one\f\f",
	}
	err := b.db.InTx(ctx, func(tx pgx.Tx) error { return keepFileTexts(ctx, tx, layers) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := storage.PoolOf(b.db).Exec(ctx, `UPDATE file_texts SET scan_pages_checked = false`); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SaveOCRText(ctx, sha("read by ocr", 0), "scanned words\f"); err != nil {
		t.Fatal(err)
	}
	want := map[string][]int{
		sha("typed", 0): {}, sha("blank second", 0): {2}, sha("blank first", 0): {1}, sha("cut short", 0): {},
	}
	got, err := b.db.UncheckedTextLayers(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d unchecked layers, want %d: %+v", len(got), len(want), got)
	}
	for _, l := range got {
		if w, ok := want[l.SHA256]; !ok || !slices.Equal(l.BlankPages, w) {
			t.Errorf("layer %s: blank pages %v, want %v (listed: %v)", l.SHA256[:8], l.BlankPages, w, ok)
		}
	}
	if err := b.db.MarkScanPagesChecked(ctx, []string{sha("typed", 0), sha("blank second", 0)}); err != nil {
		t.Fatal(err)
	}
	if got, err = b.db.UncheckedTextLayers(ctx, 10); err != nil || len(got) != 2 {
		t.Errorf("after marking two checked: %d unchecked layers (%v), want 2", len(got), err)
	}
	if got, err = b.db.UncheckedTextLayers(ctx, 1); err != nil || len(got) != 1 {
		t.Errorf("limit 1: %d unchecked layers (%v)", len(got), err)
	}
}
