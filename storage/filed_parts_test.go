package storage_test

import (
	"errors"
	"maps"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestFiledPartsReadsPartsAndTexts reads back a message's parse with its
// parts' text layers and OCR texts apart, and knows a missing message.
func TestFiledPartsReadsPartsAndTexts(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	id := b.message(t)
	scan, estimate := sha("scan", 1), sha("estimate", 2)
	parsed := storage.ParsedMessage{BodyText: "signed form attached", Parts: []storage.MessagePart{
		{Path: "2", ContentType: "application/pdf", Filename: "scan0001.pdf", IsAttachment: true, SHA256: scan, Size: 10},
		{Path: "3", ContentType: "application/pdf", Filename: "Estimate.pdf", IsAttachment: true, SHA256: estimate, Size: 20},
	}}
	if err := b.db.SaveParsed(ctx, id, parsed); err != nil {
		t.Fatal(err)
	}
	if err := b.db.SaveOCRText(ctx, scan, "CERTIFICATE OF SATISFACTION"); err != nil {
		t.Fatal(err)
	}
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return keepFileTexts(ctx, tx, map[string]string{estimate: "Estimate total 4,210.00"})
	}); err != nil {
		t.Fatal(err)
	}
	got, err := b.db.FiledParts(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.BodyText != "signed form attached" || len(got.Parts) != 2 || got.Parts[0].Filename != "scan0001.pdf" || got.Parts[1].SHA256 != estimate {
		t.Errorf("filed parts %+v; want the body and both parts in order", got)
	}
	if !maps.Equal(got.OCRTexts, map[string]string{scan: "CERTIFICATE OF SATISFACTION"}) ||
		!maps.Equal(got.PDFTexts, map[string]string{estimate: "Estimate total 4,210.00"}) {
		t.Errorf("texts: ocr %q, pdf %q; want the scan's OCR text and the estimate's text layer", got.OCRTexts, got.PDFTexts)
	}
	if _, err := b.db.FiledParts(ctx, id+1000); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("filed parts of a missing message: %v, want ErrNotFound", err)
	}
}
