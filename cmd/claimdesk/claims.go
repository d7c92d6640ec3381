package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
)

func bindClaims(fs *flag.FlagSet) runFunc {
	return func(ctx context.Context, e *env, args []string) error {
		if len(args) != 2 || args[0] != "import" {
			return errors.New("usage: claimdesk claims import FILE.csv")
		}
		f, err := os.Open(args[1])
		if err != nil {
			return err
		}
		defer f.Close()
		db, closeDB, err := openMigratedDatabase(ctx, e)
		if err != nil {
			return err
		}
		defer closeDB()
		created, updated, errs := importClaims(ctx, db, f)
		for _, err := range errs {
			fmt.Fprintf(e.stderr, "%s: %v\n", args[1], err)
		}
		fmt.Fprintf(e.stdout, "%d claims created, %d updated, %d rows with errors\n", created, updated, len(errs))
		if len(errs) > 0 {
			return fmt.Errorf("%d rows not imported", len(errs))
		}
		return nil
	}
}

// importClaims reads a claims CSV and saves its good rows, and queues the
// mail in triage that names them to be matched again. The queue is insert
// only: a running claimdesk serve does the matching.
func importClaims(ctx context.Context, db *storage.DB, r io.Reader) (created, updated int, errs []error) {
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		return 0, 0, []error{err}
	}
	rows, errs := storage.ReadClaimsCSV(r)
	c, u, saveErrs := db.ImportClaims(ctx, rows, ingest.NewQueue(rc).RematchNaming)
	return c, u, append(errs, saveErrs...)
}
