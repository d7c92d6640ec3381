package main

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"text/tabwriter"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
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
	zone, err := migrationsZone(ctx, e, db, st)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tMIGRATION\tAPPLIED")
	for _, s := range st {
		applied := "pending"
		if s.Applied {
			applied = zone.format(s.AppliedAt)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\n", s.Version, s.Name, applied)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return sayZones(e, map[string]bool{zone.words: true})
}

// migrationsZone is the zone migrate status gives times in: the default
// office's, or, in a database not migrated as far as offices yet (its
// offices cannot be read), CLAIMDESK_TIMEZONE's.
func migrationsZone(ctx context.Context, e *env, db *storage.DB, st []storage.MigrationState) (listZone, error) {
	zone, err := defaultOfficeZone(ctx, e.cfg, db)
	if err != nil && slices.ContainsFunc(st, func(s storage.MigrationState) bool { return !s.Applied }) {
		return configuredZone(e.cfg), nil
	}
	return zone, err
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
