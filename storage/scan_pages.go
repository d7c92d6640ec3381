package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// UncheckedTextLayer is a PDF's text layer kept before scanned pages were
// read, not yet looked at for them, with a message that brought it.
type UncheckedTextLayer struct {
	SHA256 string
	// BlankPages are the pages (from 1) of the layer without text; the
	// text after the last page's end is no page.
	BlankPages []int
	// MessageID, Filename and ContentType are of a message that brought
	// the PDF and its document (or part, for a message in triage);
	// MessageID is 0 when none is left.
	MessageID   int64
	Filename    string
	ContentType string
}

// UncheckedTextLayers returns at most limit text layers of PDFs not yet
// looked at for scanned pages (MarkScanPagesChecked), in content hash
// order. The pages without text are found in Postgres: layers are up to
// MaxFileTextBytes each, and few have such a page.
func (db *DB) UncheckedTextLayers(ctx context.Context, limit int) ([]UncheckedTextLayer, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT t.sha256, b.blank, coalesce(dm.message_id, mp.message_id, 0),
		       coalesce(d.filename, mp.filename, ''), coalesce(d.content_type, mp.content_type, '')
		FROM file_texts t
		CROSS JOIN LATERAL (SELECT string_to_array(t.content, E'\f') AS pages) s
		CROSS JOIN LATERAL (SELECT ARRAY(SELECT p.n::int FROM unnest(s.pages) WITH ORDINALITY AS p(page, n)
		                    WHERE p.page !~ '[^[:space:]]' AND (p.n < cardinality(s.pages) OR cardinality(s.pages) = 1)) AS blank) b
		LEFT JOIN LATERAL (SELECT id, filename, content_type FROM documents WHERE sha256 = t.sha256 ORDER BY id LIMIT 1) d ON true
		LEFT JOIN LATERAL (SELECT message_id FROM document_messages WHERE document_id = d.id ORDER BY message_id LIMIT 1) dm ON true
		-- A PDF no document filed (its message is in triage) is found
		-- by the parts, which have no index by content: only for those.
		LEFT JOIN LATERAL (SELECT message_id, filename, content_type FROM message_parts
		                   WHERE d.id IS NULL AND cardinality(b.blank) > 0 AND sha256 = t.sha256
		                   ORDER BY message_id LIMIT 1) mp ON true
		WHERE NOT t.scan_pages_checked AND t.source = 'pdf'
		ORDER BY t.sha256 LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("unchecked text layers: %w", err)
	}
	layers, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (UncheckedTextLayer, error) {
		var l UncheckedTextLayer
		err := r.Scan(&l.SHA256, &l.BlankPages, &l.MessageID, &l.Filename, &l.ContentType)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("unchecked text layers: %w", err)
	}
	return layers, nil
}

// MarkScanPagesChecked records that the text layers of the PDFs with
// content hashes shas were looked at for scanned pages, and those found
// queued for OCR: they are not looked at again.
func (db *DB) MarkScanPagesChecked(ctx context.Context, shas []string) error {
	if _, err := db.pool.Exec(ctx, `UPDATE file_texts SET scan_pages_checked = true WHERE sha256 = ANY($1::text[])`, shas); err != nil {
		return fmt.Errorf("mark %d text layers checked for scanned pages: %w", len(shas), err)
	}
	return nil
}

// OCRFilesWaiting counts the files waiting on the OCR queue or being read.
func (db *DB) OCRFilesWaiting(ctx context.Context) (int, error) {
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM river_job
		WHERE kind = 'ocr_file' AND state IN ('available', 'pending', 'retryable', 'running', 'scheduled')`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count files waiting for ocr: %w", err)
	}
	return n, nil
}
