package main

import (
	"context"
	"fmt"
	"log/slog"
	"text/tabwriter"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage/blob"
)

func runMigrate(ctx context.Context, e *env, args []string) error {
	action := "up"
	if len(args) > 0 {
		action = args[0]
	}
	if action != "up" && action != "status" {
		return fmt.Errorf("unknown action %q: want up or status", action)
	}
	log := newLogger(e)
	if action == "up" {
		return migrateUp(ctx, e, log)
	}
	db, closeDB, err := openDatabase(ctx, e.cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tMIGRATION\tAPPLIED")
	for _, s := range st {
		applied := "pending"
		if s.Applied {
			applied = s.AppliedAt.Local().Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\n", s.Version, s.Name, applied)
	}
	return tw.Flush()
}

// migrateUp migrates the database, then moves the blob store's browse keys
// into their offices' folders and its content blobs to the one-level
// layout: what serve does at start, to its end.
func migrateUp(ctx context.Context, e *env, log *slog.Logger) error {
	store, db, applied, closeDB, err := openMigrated(ctx, e.cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	fmt.Fprintf(e.stdout, "applied %d migrations\n", applied)
	res, err := ingest.RelocateBrowseKeys(ctx, db, store, log)
	if res.Moved > 0 || res.Failed > 0 {
		fmt.Fprintf(e.stdout, "moved %d browse keys into their offices' folders\n", res.Moved)
	}
	if err != nil {
		return err
	}
	moved, err := blob.MigrateLayout(ctx, store)
	if moved > 0 {
		fmt.Fprintf(e.stdout, "moved %d content blobs one directory up (sha256/ab/abcd…)\n", moved)
	}
	return err
}
