package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/internal/pgcluster"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// openDatabase connects to CLAIMDESK_DATABASE_URL or, when it is unset,
// starts the private cluster under the data dir. close stops what it started.
func openDatabase(ctx context.Context, cfg *config.Config, log *slog.Logger) (db *storage.DB, close func(), err error) {
	if cfg.DatabaseURL != "" {
		db, err := storage.OpenConns(ctx, cfg.DatabaseURL, poolConns(cfg))
		if err != nil {
			return nil, nil, fmt.Errorf("CLAIMDESK_DATABASE_URL: %w", err)
		}
		return db, db.Close, nil
	}
	if err := makeDataDir(cfg); err != nil {
		return nil, nil, err
	}
	dir := filepath.Join(cfg.DataDir, "postgres")
	log.Info("starting private database", "dir", dir)
	cluster, err := pgcluster.Start(ctx, dir, pgcluster.Options{})
	if err != nil {
		return nil, nil, fmt.Errorf("private database (set CLAIMDESK_DATABASE_URL to use your own): %w", err)
	}
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := cluster.Stop(ctx); err != nil {
			log.Error("stop private database", "err", err)
		}
	}
	if err := cluster.EnsureDatabase(ctx, "claimdesk"); err != nil {
		stop()
		return nil, nil, err
	}
	db, err = storage.OpenConns(ctx, cluster.DSN("claimdesk"), poolConns(cfg))
	if err != nil {
		stop()
		return nil, nil, err
	}
	return db, func() { db.Close(); stop() }, nil
}

// poolConns is the most database connections the process keeps: enough
// for each processing worker serve runs to hold one at once.
func poolConns(cfg *config.Config) int { return ingest.PoolConns(cfg.Workers) }

// openMigratedDatabase opens the database as openDatabase does and brings
// its schema up to date, as every command that reads or writes it needs.
func openMigratedDatabase(ctx context.Context, e *env) (*storage.DB, func(), error) {
	db, closeDB, err := openDatabase(ctx, e.cfg, newLogger(e))
	if err != nil {
		return nil, nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		closeDB()
		return nil, nil, err
	}
	return db, closeDB, nil
}

// makeDataDir creates the data dir so that others may pass through it but not
// list it: when claimdesk runs as root, the private database runs as the
// postgres user and must reach its own directory inside.
func makeDataDir(cfg *config.Config) error {
	if err := os.MkdirAll(cfg.DataDir, 0o711); err != nil {
		return fmt.Errorf("CLAIMDESK_DATA_DIR: %w", err)
	}
	return nil
}

// openStores opens the blob store (first: a bad URL should fail before a
// database starts) and the database, migrated, and loads the mailboxes the
// database manages: what the commands that read mail (serve, backfill) work
// on. closeDB stops what it started.
func openStores(ctx context.Context, cfg *config.Config, log *slog.Logger) (blob.Store, *storage.DB, []mailbox.Account, func(), error) {
	store, db, _, closeDB, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	managed, err := managedAccounts(ctx, cfg, db, log)
	if err != nil {
		closeDB()
		return nil, nil, nil, nil, err
	}
	return store, db, managed, closeDB, nil
}

// openMigrated opens the blob store and the database, migrates the
// database (applied counts the migrations) and fills in the offices'
// settings from the configuration.
func openMigrated(ctx context.Context, cfg *config.Config, log *slog.Logger) (_ blob.Store, _ *storage.DB, applied int, closeDB func(), _ error) {
	if err := makeDataDir(cfg); err != nil {
		return nil, nil, 0, nil, err
	}
	store, err := blob.Open(ctx, cfg.BlobURL)
	if err != nil {
		return nil, nil, 0, nil, fmt.Errorf("CLAIMDESK_BLOB_URL: %w", err)
	}
	db, closeDB, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	n, err := db.Migrate(ctx)
	if err != nil {
		closeDB()
		return nil, nil, 0, nil, err
	}
	log.Info("database ready", "migrations_applied", n)
	if err := configureOffices(ctx, cfg, db, log); err != nil {
		closeDB()
		return nil, nil, 0, nil, err
	}
	return store, db, n, closeDB, nil
}
