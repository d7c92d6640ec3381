package storage

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// MaxFileTextBytes bounds the text kept of one file for search. The first
// pages of a document carry what people look for (names, addresses, claim
// numbers); a 300-page report is not kept whole.
const MaxFileTextBytes = 1 << 20

// SaveFileTexts keeps within tx the text of files (PDFs) by the SHA-256 of
// their content, for search: every document of that content, in any claim,
// is found by it. A file whose text is kept already keeps it; empty texts
// (scans without a text layer) are not kept.
func SaveFileTexts(ctx context.Context, tx pgx.Tx, texts map[string]string) error {
	for _, sha := range slices.Sorted(maps.Keys(texts)) { // one order: concurrent savers cannot deadlock
		text := fileText(texts[sha])
		if strings.TrimSpace(text) == "" {
			continue
		}
		if !isSHA256Hex(sha) {
			return fmt.Errorf("save file text: bad sha256 %q", sha)
		}
		// NOT EXISTS first: the search vector of a row is computed before
		// ON CONFLICT finds it kept, and that costs milliseconds.
		if _, err := tx.Exec(ctx, `
			INSERT INTO file_texts (sha256, content)
			SELECT $1, $2 WHERE NOT EXISTS (SELECT FROM file_texts WHERE sha256 = $1)
			ON CONFLICT (sha256) DO NOTHING`,
			sha, text); err != nil {
			return fmt.Errorf("save text of %s: %w", sha, err)
		}
	}
	return nil
}

// fileText makes text storable (valid UTF-8 without NUL) and cuts it to
// MaxFileTextBytes at a character boundary.
func fileText(text string) string {
	text = pgText(text)
	if len(text) <= MaxFileTextBytes {
		return text
	}
	n := MaxFileTextBytes
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}

// Where a file's text comes from.
const (
	TextSourcePDF  = "pdf"  // the PDF's text layer, read by pdftotext
	TextSourceOCR  = "ocr"  // read from the file's pictures
	TextSourceNone = "none" // no text
)

// SaveOCRText keeps the text OCR read of the file with content hash sha,
// for search and for the classifier. An empty text is kept too: the file
// was read and has none, and is not read again.
func (db *DB) SaveOCRText(ctx context.Context, sha, text string) error {
	if !isSHA256Hex(sha) {
		return fmt.Errorf("save ocr text: bad sha256 %q", sha)
	}
	if _, err := db.pool.Exec(ctx, `
		INSERT INTO file_texts (sha256, content, source) VALUES ($1, $2, 'ocr')
		ON CONFLICT (sha256) DO NOTHING`, sha, fileText(text)); err != nil {
		return fmt.Errorf("save ocr text of %s: %w", sha, err)
	}
	return nil
}

// OCRText returns the text OCR read of the file with content hash sha, and
// whether it was read.
func (db *DB) OCRText(ctx context.Context, sha string) (string, bool, error) {
	var text string
	err := db.pool.QueryRow(ctx, `SELECT content FROM file_texts WHERE sha256 = $1 AND source = 'ocr'`, sha).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("ocr text of %s: %w", sha, err)
	}
	return text, true, nil
}

// FileText returns the text layer kept of the PDF with content hash sha,
// and whether there is one.
func (db *DB) FileText(ctx context.Context, sha string) (string, bool, error) {
	var text string
	err := db.pool.QueryRow(ctx, `SELECT content FROM file_texts WHERE sha256 = $1 AND source = 'pdf'`, sha).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("text of %s: %w", sha, err)
	}
	return text, true, nil
}
