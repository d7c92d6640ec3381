package storage

import (
	"context"
	"fmt"
)

// OCRTextsOf returns the texts OCR read of the files whose content hashes
// are shas, by hash, in one round trip: a message with a dozen photos asks
// once. A file OCR has not read is missing from the map. The hashes are
// read behind a sub-select, so that Postgres plans a dozen as it plans one
// and keeps one plan rather than planning each call for its hashes.
func (db *DB) OCRTextsOf(ctx context.Context, shas []string) (map[string]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT sha256, content FROM file_texts WHERE sha256 = ANY((SELECT $1::text[])::text[]) AND source = 'ocr'`, shas)
	if err != nil {
		return nil, fmt.Errorf("ocr texts of %d files: %w", len(shas), err)
	}
	defer rows.Close()
	texts := make(map[string]string, len(shas))
	for rows.Next() {
		var sha, text string
		if err := rows.Scan(&sha, &text); err != nil {
			return nil, fmt.Errorf("ocr texts of %d files: %w", len(shas), err)
		}
		texts[sha] = text
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ocr texts of %d files: %w", len(shas), err)
	}
	return texts, nil
}
