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

// QueueFileTexts queues on b the keeping of the text of files (PDFs) by the
// SHA-256 of their content, for search: every document of that content, in
// any claim, is found by it. A file whose text is kept already keeps it;
// empty texts (scans without a text layer) are not kept.
func QueueFileTexts(b *pgx.Batch, texts map[string]string) error {
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
		queueExec(b, "save text of "+sha, `
			INSERT INTO file_texts (sha256, content)
			SELECT $1, $2 WHERE NOT EXISTS (SELECT FROM file_texts WHERE sha256 = $1)
			ON CONFLICT (sha256) DO NOTHING`,
			sha, text)
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
// was read and has none, and is not read again. A PDF whose text layer was
// kept first (filed before OCR read it) has its text completed
// (saveOCRResult).
func (db *DB) SaveOCRText(ctx context.Context, sha, text string) error {
	if err := db.saveOCRResult(ctx, sha, text, ""); err != nil {
		return fmt.Errorf("save ocr text of %s: %w", sha, err)
	}
	return nil
}

// saveOCRResult keeps what OCR made of the file with content hash sha: its
// text, and why it could not read it (empty when it could). A file read
// before keeps what it has. A PDF's text layer kept before becomes the OCR
// text followed by the layer's pages OCR did not read (beyond its page
// cap): OCR reads the typed pages from that same layer, so the words of
// both stay searchable, and the file counts as read, so that its messages
// stop waiting. Should both not fit MaxFileTextBytes, the OCR text alone
// is kept. One statement: a file is never half-completed.
func (db *DB) saveOCRResult(ctx context.Context, sha, text, failure string) error {
	if !isSHA256Hex(sha) {
		return fmt.Errorf("bad sha256 %q", sha)
	}
	_, err := db.pool.Exec(ctx, `
		INSERT INTO file_texts (sha256, content, source, ocr_failure) VALUES ($1, $2, 'ocr', $3)
		ON CONFLICT (sha256) DO UPDATE
		SET source = 'ocr', ocr_failure = EXCLUDED.ocr_failure, scan_pages_checked = true,
		    content = (SELECT CASE WHEN octet_length(joined) <= $4 THEN joined ELSE EXCLUDED.content END
		               FROM (SELECT EXCLUDED.content || array_to_string(
		                   (string_to_array(file_texts.content, E'\f'))[length($2) - length(replace($2, E'\f', '')) + 1:],
		                   E'\f') AS joined) j)
		WHERE file_texts.source = 'pdf'`, sha, fileText(text), pgText(failure), MaxFileTextBytes)
	return err
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

// FileText returns the text layer to read of the PDF with content hash
// sha, and whether it is known: the layer kept, or none ("") once OCR has
// read words from the PDF, since the text OCR read stands for its layer
// (OCR reads the typed pages from that layer). A copy of the PDF arriving
// later is then not read again. A PDF OCR read no words from is not known
// by it: its layer, if it has one, is read again.
func (db *DB) FileText(ctx context.Context, sha string) (string, bool, error) {
	var text string
	err := db.pool.QueryRow(ctx, `SELECT CASE WHEN source = 'ocr' THEN '' ELSE content END FROM file_texts
		WHERE sha256 = $1 AND (source = 'pdf' OR content ~ '[^[:space:]]')`, sha).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("text of %s: %w", sha, err)
	}
	return text, true, nil
}
