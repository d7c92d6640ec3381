package testenv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/pgcluster"
	"github.com/claimdesk/claimdesk/storage"
)

// templateDB is migrated once per test binary; each test's database is a
// copy of it, which is much faster than migrating again.
const templateDB = "claimdesk_template"

var (
	pgOnce    sync.Once
	pgCluster *pgcluster.Cluster
	pgErr     error
	pgSeq     atomic.Int64
)

// Postgres returns the connection string of a new, migrated database that
// belongs to this test alone and is dropped when it ends. The server is the
// same private cluster claimdesk runs when no database URL is configured.
func Postgres(t testing.TB) string {
	t.Helper()
	pgOnce.Do(func() { pgCluster, pgErr = startPostgres() })
	if pgErr != nil {
		unavailable(t, "PostgreSQL", pgErr)
	}
	name := fmt.Sprintf("test_%d_%d", os.Getpid(), pgSeq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := execAdmin(ctx, "CREATE DATABASE "+name+" TEMPLATE "+templateDB); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := execAdmin(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	return pgCluster.DSN(name)
}

// SQL returns a pool on the database at dsn for a test's own fixtures and
// checks in SQL, closed when the test ends: only storage holds the pool of
// the repository itself.
func SQL(t testing.TB, dsn string) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// WaitForBlocked returns the backend whose statement like query waits for
// a lock held by backend pid, polled until one does.
func WaitForBlocked(t testing.TB, sql *pgxpool.Pool, pid int, query string) int {
	t.Helper()
	deadline := time.After(time.Minute)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		var blocked int
		err := sql.QueryRow(t.Context(), `SELECT pid FROM pg_stat_activity
			WHERE $1 = ANY(pg_blocking_pids(pid)) AND query LIKE $2`, pid, query).Scan(&blocked)
		if err == nil {
			return blocked
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("no statement like %q waited for backend %d", query, pid)
		}
	}
}

func startPostgres() (*pgcluster.Cluster, error) {
	dir, err := os.MkdirTemp("", "claimdesk-pg-")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := pgcluster.Start(ctx, dir, pgcluster.Options{NoFsync: true, DieWithParent: true, Settings: statementStats()})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	atExit(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = c.Stop(ctx)
		os.RemoveAll(dir)
	})
	pgCluster = c
	if err := execAdmin(ctx, "CREATE DATABASE "+templateDB); err != nil {
		return nil, err
	}
	db, err := storage.Open(ctx, c.DSN(templateDB))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

func execAdmin(ctx context.Context, query string) error {
	conn, err := pgx.Connect(ctx, pgCluster.DSN("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, query)
	return err
}

// statementStats are the settings that keep per-statement statistics
// (pg_stat_statements, statements inside functions and triggers included,
// with how often and how long each was planned) and per-function times,
// for benchmarks to say where Postgres' time goes;
// none when the server has no pg_stat_statements.
func statementStats() []string {
	bin, err := pgcluster.BinDir()
	if err != nil || !pgcluster.HasLibrary(bin, "pg_stat_statements") {
		return nil
	}
	return []string{"shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all",
		"pg_stat_statements.track_planning=on", "track_functions=pl"}
}
