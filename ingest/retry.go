package ingest

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// Retry queues failed messages for processing again: the named ones, or
// every failed one when ids is empty. It returns the ids queued; a named
// message that has not failed, or failed for good, is left alone.
func Retry(ctx context.Context, db *storage.DB, queue Enqueuer, ids []int64) ([]int64, error) {
	var queued []int64
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		queued, err = storage.ResetFailed(ctx, tx, ids)
		if err != nil {
			return err
		}
		for _, id := range queued {
			if err := queue.EnqueueProcess(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
	return queued, err
}
