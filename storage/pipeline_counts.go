package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// JobCount is how many jobs of a queue are in one state.
type JobCount struct {
	Queue, State string
	N            int64
}

// PipelineCounts is the pipeline's state as monitoring reads it.
type PipelineCounts struct {
	// Messages counts messages by direction ("in", "out") and status.
	Messages map[[2]string]int64
	// Jobs counts the jobs not yet finished, and the discarded ones, by
	// queue and state.
	Jobs []JobCount
	// Skipped counts, per mailbox folder, the deliveries not stored because
	// the folder had the same raw bytes already (InsertMessage).
	Skipped []SkippedCount
}

// SkippedCount is how many deliveries one mailbox folder skipped as mail
// it had stored already.
type SkippedCount struct {
	Account, Folder string
	N               int64
}

// CountPipeline counts messages by direction and status and the job queue
// by queue and state.
func (db *DB) CountPipeline(ctx context.Context) (PipelineCounts, error) {
	out := PipelineCounts{Messages: map[[2]string]int64{}}
	rows, err := db.pool.Query(ctx, `SELECT direction, status, count(*) FROM messages GROUP BY 1, 2`)
	if err != nil {
		return out, fmt.Errorf("count messages: %w", err)
	}
	for rows.Next() {
		var dir, status string
		var n int64
		if err := rows.Scan(&dir, &status, &n); err != nil {
			rows.Close()
			return out, fmt.Errorf("count messages: %w", err)
		}
		out.Messages[[2]string{dir, status}] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("count messages: %w", err)
	}
	// Completed and cancelled jobs are history River prunes: only the
	// states that mean waiting, working or given up are counted.
	rows, err = db.pool.Query(ctx, `SELECT queue, state::text, count(*) FROM river_job
		WHERE state IN ('available', 'pending', 'retryable', 'running', 'scheduled', 'discarded')
		GROUP BY 1, 2 ORDER BY 1, 2`)
	if err != nil {
		return out, fmt.Errorf("count jobs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c JobCount
		if err := rows.Scan(&c.Queue, &c.State, &c.N); err != nil {
			return out, fmt.Errorf("count jobs: %w", err)
		}
		out.Jobs = append(out.Jobs, c)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("count jobs: %w", err)
	}
	out.Skipped, err = queryAll(ctx, db.pool, pgx.RowToStructByPos[SkippedCount],
		`SELECT account, folder, duplicates_skipped FROM mailboxes ORDER BY account, folder`)
	if err != nil {
		return out, fmt.Errorf("count skipped duplicates: %w", err)
	}
	return out, nil
}
