package storage

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

// LockJobNumbers holds, until tx ends, the lock every allocation of a job
// number takes. A caller that creates several claims in one transaction
// takes it first: it then never waits for a claim's row while holding the
// lock that another creation, holding that row, waits for.
func LockJobNumbers(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, lockID("job-numbers")); err != nil {
		return fmt.Errorf("lock job numbers: %w", err)
	}
	return nil
}

// EarlierUnprocessed returns, in arrival order (arrival time, then storing
// order), the messages of id's mailbox that arrived before it and wait for
// their first processing. Any of them may be an assignment whose claim
// must be numbered before one that id creates. Past limit, the ones that
// arrived last are kept: those are the ones other workers may have in
// hand, while older ones wait for something else (a retry).
func (db *DB) EarlierUnprocessed(ctx context.Context, id int64, limit int) ([]int64, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT e.id FROM messages m JOIN messages e ON e.mailbox_id = m.mailbox_id
		WHERE m.id = $1 AND e.status = $2 AND e.id <> m.id
		  AND (`+arrivedAtOf("e")+`, e.id) < (`+arrivedAtOf("m")+`, m.id)
		ORDER BY `+arrivedAtOf("e")+` DESC, e.id DESC
		LIMIT $3`, id, StatusNew, limit)
	if err != nil {
		return nil, fmt.Errorf("find messages unprocessed before %d: %w", id, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("find messages unprocessed before %d: %w", id, err)
	}
	slices.Reverse(ids)
	return ids, nil
}
