package storage

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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
// finds the running job a duplicate with ON CONFLICT … DO UPDATE). Asked
// last in tx, it takes a share lock of the row without waiting: while such
// a change is under way it fails (ErrChangeUnderway), and once taken it
// makes a change that comes later wait for tx's commit. It never waits, so
// never for a transaction that waits for tx.
func RematchQueuedBehind(ctx context.Context, tx pgx.Tx, id, job int64, attempt int) (bool, error) {
	var queued bool
	b := &pgx.Batch{}
	b.Queue(`SELECT FROM river_job WHERE id = $1 FOR SHARE NOWAIT`, job)
	b.Queue(`SELECT EXISTS (SELECT FROM river_job
		WHERE kind = 'process_message'
		  AND args @> jsonb_build_object('message_id', $1::bigint, 'behind', $2::bigint, 'behind_attempt', $3::int))`,
		id, job, attempt).QueryRow(func(row pgx.Row) error { return row.Scan(&queued) })
	err := tx.SendBatch(ctx, b).Close()
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "55P03" { // lock_not_available
		err = ErrChangeUnderway
	}
	if err != nil {
		return false, fmt.Errorf("rematch of message %d behind job %d: %w", id, job, err)
	}
	return queued, nil
}

// ErrChangeUnderway is a change, not committed yet, asking for a rematch
// of the message a running rematch decides: that run reads again.
var ErrChangeUnderway = errors.New("a change is asking for the message to be matched again")
