package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// SaveOCRFailure keeps, for the file with content hash sha, that OCR could
// not read it and why: an empty text (or a PDF's text layer, kept before),
// so that the messages waiting for it go on without it, and the reason,
// which their pages show. A file read meanwhile keeps its text.
func (db *DB) SaveOCRFailure(ctx context.Context, sha, reason string) error {
	if err := db.saveOCRResult(ctx, sha, "", reason); err != nil {
		return fmt.Errorf("save ocr failure of %s: %w", sha, err)
	}
	return nil
}

// CountOCRFailures counts the files OCR could not read.
func (db *DB) CountOCRFailures(ctx context.Context) (int64, error) {
	var n int64
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM file_texts WHERE ocr_failure <> ''`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count ocr failures: %w", err)
	}
	return n, nil
}

// StrandedFile is a file a message waits for that no OCR job is reading.
type StrandedFile struct {
	MessageID   int64
	SHA256      string
	Filename    string
	ContentType string
	// GiveUp is true when reading the file again cannot help: its last OCR
	// job failed every attempt (or was cancelled), or its readings
	// finished MaxOCRReads times without keeping a text. False when it has
	// no job at all, or fewer finished readings.
	GiveUp bool
}

// MaxOCRReads bounds the readings of one file that finish without keeping
// its text before its messages go on without it: the sweep would
// otherwise queue its reading again every few minutes, for ever.
const MaxOCRReads = 2

// StrandedOCRWaits lists the attachments of messages parsed and waiting,
// since before idleSince, that have no OCR text and no OCR job waiting or
// running, while no processing job of the message is waiting or running
// either: nothing would ever wake them. It lists every such attachment;
// the caller knows which kinds of file OCR reads.
func (db *DB) StrandedOCRWaits(ctx context.Context, idleSince time.Time, limit int) ([]StrandedFile, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT m.id, p.sha256, p.filename, p.content_type,
		       EXISTS (SELECT FROM river_job j WHERE j.kind = 'ocr_file' AND j.args->>'sha256' = p.sha256
		               AND j.state IN ('discarded', 'cancelled'))
		       OR (SELECT count(*) FROM river_job j WHERE j.kind = 'ocr_file' AND j.args->>'sha256' = p.sha256
		           AND j.state = 'completed') >= $3
		FROM messages m
		JOIN message_parts p ON p.message_id = m.id AND p.is_attachment AND NOT p.is_inline AND p.sha256 IS NOT NULL
		WHERE m.status = 'parsed' AND m.updated_at < $1
		  AND NOT EXISTS (SELECT FROM file_texts t WHERE t.sha256 = p.sha256 AND t.source = 'ocr')
		  AND NOT EXISTS (SELECT FROM river_job j WHERE j.kind = 'process_message'
		                  AND (j.args->>'message_id')::bigint = m.id AND j.state IN `+activeJobStates+`)
		  AND NOT EXISTS (SELECT FROM message_parts q JOIN river_job j ON j.kind = 'ocr_file' AND j.args->>'sha256' = q.sha256
		                  WHERE q.message_id = m.id AND j.state IN `+activeJobStates+`)
		ORDER BY m.id, p.id
		LIMIT $2`, idleSince, limit, MaxOCRReads)
	if err != nil {
		return nil, fmt.Errorf("stranded ocr waits: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[StrandedFile])
	if err != nil {
		return nil, fmt.Errorf("stranded ocr waits: %w", err)
	}
	return out, nil
}

// activeJobStates are the states of a River job not finished yet.
const activeJobStates = `('available', 'pending', 'retryable', 'running', 'scheduled')`
