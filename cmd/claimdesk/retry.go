package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
)

func bindRetry(fs *flag.FlagSet) runFunc {
	all := fs.Bool("all", false, "retry every failed message")
	return func(ctx context.Context, e *env, args []string) error {
		if *all == (len(args) > 0) {
			return errors.New("name the messages to retry by id, or pass --all")
		}
		ids := make([]int64, 0, len(args))
		for _, a := range args {
			id, err := strconv.ParseInt(a, 10, 64)
			if err != nil || id <= 0 {
				return fmt.Errorf("%q is not a message id", a)
			}
			ids = append(ids, id)
		}
		log := newLogger(e)
		db, closeDB, err := openDatabase(ctx, e.cfg, log)
		if err != nil {
			return err
		}
		defer closeDB()
		// Insert only: a running claimdesk serve does the work.
		rc, err := storage.NewQueueClient(db, nil)
		if err != nil {
			return err
		}
		queued, err := ingest.Retry(ctx, db, ingest.NewQueue(rc), ids)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "queued %d messages for processing\n", len(queued))
		if len(queued) < len(ids) {
			fmt.Fprintln(e.stdout, "(messages that have not failed were left alone)")
		}
		return nil
	}
}
