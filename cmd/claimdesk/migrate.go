package main

import (
	"context"
	"fmt"
	"text/tabwriter"
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
	db, closeDB, err := openDatabase(ctx, e.cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	if action == "up" {
		n, err := db.Migrate(ctx)
		if err != nil {
			return err
		}
		if err := configureOffices(ctx, e.cfg, db, log); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "applied %d migrations\n", n)
		return nil
	}
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
