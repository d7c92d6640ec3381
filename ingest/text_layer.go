package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// textLayerKey is where the text-only PDF of page of the scan with content
// hash sha is kept: beside the content blobs, named by the scan, so that
// every stamp of that scan (another message, a move) finds it without
// reading the scan again.
func textLayerKey(sha string, page int) string {
	return fmt.Sprintf("ocr-layers/%s/page-%04d.pdf", strings.TrimPrefix(blob.ContentKey(sha), "sha256/"), page)
}

// saveTextLayers keeps the text layers of the pages OCR read of the scan
// sha. They are kept before its text, which is what the message waits
// for: a scan filed (and so stamped) after its OCR finds its layers.
func saveTextLayers(ctx context.Context, blobs blob.Store, sha string, t ocr.Text) error {
	for i, layer := range t.Layers {
		if layer == nil {
			continue
		}
		if err := blobs.Put(ctx, textLayerKey(sha, i+1), bytes.NewReader(layer), int64(len(layer))); err != nil {
			return fmt.Errorf("keep text layer of %s page %d: %w", sha, i+1, err)
		}
	}
	return nil
}

// textLayers returns the text layers kept for the pages of document d that
// OCR read; none for a document with a text layer of its own.
func textLayers(ctx context.Context, db *storage.DB, blobs blob.Store, d storage.Document) ([]stamp.TextLayer, error) {
	if d.TextSource != storage.TextSourceOCR || ocr.KindOf(d.Filename, d.ContentType) != ocr.PDF {
		return nil, nil
	}
	text, ok, err := db.OCRText(ctx, d.SHA256)
	if err != nil || !ok {
		return nil, err
	}
	var layers []stamp.TextLayer
	for page := 1; page <= strings.Count(text, ocr.PageBreak); page++ {
		pdf, err := readTextLayer(ctx, blobs, textLayerKey(d.SHA256, page))
		if errors.Is(err, blob.ErrNotFound) {
			continue // a page with text of its own
		}
		if err != nil {
			return nil, err
		}
		layers = append(layers, stamp.TextLayer{Page: page, PDF: pdf})
	}
	return layers, nil
}

// maxTextLayerBytes bounds what is read of one kept layer.
const maxTextLayerBytes = 4 << 20

func readTextLayer(ctx context.Context, blobs blob.Store, key string) ([]byte, error) {
	r, err := blobs.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("read text layer %s: %w", key, err)
	}
	defer r.Close()
	pdf, err := io.ReadAll(io.LimitReader(r, maxTextLayerBytes))
	if err != nil {
		return nil, fmt.Errorf("read text layer %s: %w", key, err)
	}
	return pdf, nil
}
