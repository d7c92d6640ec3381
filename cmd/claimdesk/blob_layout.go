package main

import (
	"context"
	"log/slog"

	"github.com/claimdesk/claimdesk/storage/blob"
)

// migrateLayoutInBackground moves a local blob store's content blobs to
// the one-level layout while the server serves: blobs read the same from
// either place meanwhile. stop ends the run, which the next start takes
// up, and waits for it.
func migrateLayoutInBackground(ctx context.Context, store blob.Store, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		moved, err := blob.MigrateLayout(ctx, store)
		if moved > 0 {
			log.Info("content blobs moved one directory up", "moved", moved)
		}
		if err != nil && ctx.Err() == nil {
			log.Error("moving content blobs one directory up stopped; the next start goes on", "err", err)
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
