package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// FiledParts is what is kept of a filed message's parse and its files'
// texts: enough to type its attachments again without reading the raw
// message, once OCR has read its pictures.
type FiledParts struct {
	ClaimID  int64 // 0 when the message is filed to no claim
	Subject  string
	BodyText string
	BodyHTML string
	Parts    []TypedPart
	// PDFTexts and OCRTexts are the texts kept of the parts' files, by
	// content hash: their text layers, and what OCR read of them.
	PDFTexts map[string]string
	OCRTexts map[string]string
}

// TypedPart is a stored part with the document type it was given.
type TypedPart struct {
	MessagePart
	DocType         string
	DocTypeEvidence string
}

// FiledParts returns what is kept of message id's parse, its parts in
// their parse order and its files' texts, in one round trip; ErrNotFound
// when there is no such message.
func (db *DB) FiledParts(ctx context.Context, id int64) (FiledParts, error) {
	f := FiledParts{PDFTexts: map[string]string{}, OCRTexts: map[string]string{}}
	b := &pgx.Batch{}
	b.Queue(`SELECT coalesce(claim_id, 0), subject, body_text, body_html FROM messages WHERE id = $1`, id).
		QueryRow(func(r pgx.Row) error {
			return r.Scan(&f.ClaimID, &f.Subject, &f.BodyText, &f.BodyHTML)
		})
	b.Queue(`SELECT part_path, content_type, disposition, filename, content_id, is_inline, is_attachment, nested,
		       truncated, coalesce(sha256, ''), size, doc_type, doc_type_evidence
		FROM message_parts WHERE message_id = $1 ORDER BY id`, id).Query(func(rows pgx.Rows) error {
		var err error
		f.Parts, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (TypedPart, error) {
			var p TypedPart
			err := r.Scan(&p.Path, &p.ContentType, &p.Disposition, &p.Filename, &p.ContentID, &p.IsInline, &p.IsAttachment,
				&p.Nested, &p.Truncated, &p.SHA256, &p.Size, &p.DocType, &p.DocTypeEvidence)
			return p, err
		})
		return err
	})
	b.Queue(`SELECT sha256, source, content FROM file_texts
		WHERE sha256 IN (SELECT sha256 FROM message_parts WHERE message_id = $1)`, id).Query(func(rows pgx.Rows) error {
		var sha, source, text string
		_, err := pgx.ForEachRow(rows, []any{&sha, &source, &text}, func() error {
			if source == "ocr" {
				f.OCRTexts[sha] = text
			} else {
				f.PDFTexts[sha] = text
			}
			return nil
		})
		return err
	})
	err := db.pool.SendBatch(ctx, b).Close()
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("filed parts of message %d: %w", id, err)
	}
	return f, nil
}
