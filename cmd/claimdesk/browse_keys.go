package main

import (
	"context"
	"log/slog"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// relocateInBackground moves browse keys into their offices' folders while
// the server serves: documents read the same from either key meanwhile.
// stop ends the run, which the next start takes up, and waits for it.
func relocateInBackground(ctx context.Context, db *storage.DB, store blob.Store, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		res, err := ingest.RelocateBrowseKeys(ctx, db, store, log)
		if res.Moved > 0 || res.Failed > 0 {
			log.Info("browse keys moved into office folders", "moved", res.Moved, "failed", res.Failed)
		}
		if err != nil && ctx.Err() == nil {
			log.Error("moving browse keys into office folders stopped; the next start goes on", "err", err)
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
