package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
)

// NewQueueClient returns a client of the job queue, which lives in the
// same database so that a job is queued in the transaction of the row that
// needs it. A nil config makes a client that only queues: the workers of
// any claimdesk process sharing the database run the jobs.
func NewQueueClient(db *DB, config *river.Config) (*river.Client[pgx.Tx], error) {
	if config == nil {
		config = &river.Config{}
	}
	c, err := river.NewClient(riverpgxv5.New(db.pool), config)
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return c, nil
}

// UniqueWhileActive makes a job unique by its arguments while it waits or
// runs: enqueued again meanwhile (a retry, a crash between steps, a double
// click), it is not added a second time; once it has finished, it can be.
func UniqueWhileActive() river.UniqueOpts {
	return river.UniqueOpts{
		ByArgs:  true,
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled},
	}
}

// JobsWaiting counts the jobs not done yet: those waiting their turn, and
// those workerID is running. Jobs running under another worker are not
// counted: a stopped process's come back to the queue once they count as
// stuck.
func (db *DB) JobsWaiting(ctx context.Context, workerID string) (int, error) {
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM river_job
		WHERE (state IN ('available', 'retryable', 'scheduled', 'pending')
		       OR (state = 'running' AND attempted_by[cardinality(attempted_by)] = $1))`, workerID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count waiting jobs: %w", err)
	}
	return n, nil
}

// RematchQueuedBehind reports, within tx, whether a rematch of message id
// was queued behind attempt attempt of job, the rematch of it running in
// tx: a change asked for it after the attempt started, and what it read
// may be older than that change (see ingest's insertRematches). A
// transaction queuing such a rematch holds job's row until it ends (River
// finds the running job a duplicate with ON CONFLICT … DO UPDATE): the
// share lock waits for it, and then holds the row until tx ends, so that
// the change commits either before the check, which sees its rematch, or
// after tx, whose decision then came first. Ask it before tx queues jobs
// of its own, which such a transaction may be waiting for.
func RematchQueuedBehind(ctx context.Context, tx pgx.Tx, id, job int64, attempt int) (bool, error) {
	var queued bool
	b := &pgx.Batch{}
	b.Queue(`SELECT FROM river_job WHERE id = $1 FOR SHARE`, job)
	// A statement of its own: its snapshot is taken after the lock's wait.
	b.Queue(`SELECT EXISTS (SELECT FROM river_job
		WHERE kind = 'process_message'
		  AND args @> jsonb_build_object('message_id', $1::bigint, 'behind', $2::bigint, 'behind_attempt', $3::int))`,
		id, job, attempt).QueryRow(func(row pgx.Row) error { return row.Scan(&queued) })
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return false, fmt.Errorf("rematch of message %d behind job %d: %w", id, job, err)
	}
	return queued, nil
}
