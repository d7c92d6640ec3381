package storage

import (
	"context"
	"fmt"
	"time"

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
// every copy of a file, so the copies' messages are found by their parts
// (by content hash, indexed), not by the OCR job. Planned for each run: a
// plan kept from a new database's first minutes would read every part.
func (db *DB) MessagesWaitingForOCR(ctx context.Context, sha string) ([]OCRWaiter, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT m.id, m.status FROM messages m
		WHERE m.id IN (SELECT p.message_id FROM message_parts p WHERE p.sha256 = $1)
		  AND m.status IN ('parsed', 'triage', 'filed')
		ORDER BY m.id`, customPlan, sha)
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

// SaveParsedWaiting stores within tx the parse of message id, which waits
// for OCR, as SaveParsed does, unless another processing run of the message
// has classified it since this one read it: a message filed or in triage
// meanwhile is not set back to parsed, where nothing would wake it. It
// reports whether it stored the parse.
func SaveParsedWaiting(ctx context.Context, tx pgx.Tx, id int64, p ParsedMessage) (bool, error) {
	tag, err := tx.Exec(ctx, saveParsedSQL+` AND status IN ('new', 'failed', 'parsed')`, parsedArgs(id, p)...)
	if err != nil {
		return false, fmt.Errorf("save parsed message %d waiting for ocr: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return false, nil
	}
	return true, replaceParts(ctx, tx, id, p.Parts, nil)
}

// CountOCRWaitsOlderThan counts the messages parsed and waiting, for age
// or longer, for a file OCR has not read: the sweep wakes those nothing
// reads for after a few minutes, so one that stays counted is stuck.
func (db *DB) CountOCRWaitsOlderThan(ctx context.Context, age time.Duration) (int64, error) {
	var n int64
	err := db.pool.QueryRow(ctx, `
		SELECT count(*) FROM messages m
		WHERE m.status = 'parsed' AND m.updated_at < now() - make_interval(secs => $1)
		  AND EXISTS (SELECT FROM message_parts p WHERE p.message_id = m.id AND p.is_attachment AND NOT p.is_inline
		              AND p.sha256 IS NOT NULL
		              AND NOT EXISTS (SELECT FROM file_texts t WHERE t.sha256 = p.sha256 AND t.source = 'ocr'))`,
		age.Seconds()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count messages waiting for ocr: %w", err)
	}
	return n, nil
}
