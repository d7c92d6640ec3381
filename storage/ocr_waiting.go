package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// OCRWaiter is a message that carries a file OCR has just read.
type OCRWaiter struct {
	ID int64
	// Status is the message's: StatusParsed (waiting to be classified),
	// StatusTriage (to be matched again) or StatusFiled (filed before the
	// reading, its documents' types to be refined).
	Status string
}

// MessagesWaitingForOCR lists the messages parsed and waiting to be
// classified, in triage, or filed, that carry the file with content hash
// sha: once OCR has read it, they are processed again. One reading serves
// every copy of a file, so the copies' messages are found by their parts,
// not by the OCR job. The search starts from the messages in those states, as
// parts have no index by content.
func (db *DB) MessagesWaitingForOCR(ctx context.Context, sha string) ([]OCRWaiter, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT m.id, m.status FROM messages m
		WHERE m.status IN ('parsed', 'triage', 'filed')
		  AND EXISTS (SELECT 1 FROM message_parts p WHERE p.message_id = m.id AND p.sha256 = $1)
		ORDER BY m.id`, sha)
	if err != nil {
		return nil, fmt.Errorf("messages waiting for ocr of %s: %w", sha, err)
	}
	waiting, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (OCRWaiter, error) {
		var w OCRWaiter
		err := r.Scan(&w.ID, &w.Status)
		return w, err
	})
	if err != nil {
		return nil, fmt.Errorf("messages waiting for ocr of %s: %w", sha, err)
	}
	return waiting, nil
}
