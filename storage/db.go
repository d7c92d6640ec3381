// Package storage is claimdesk's memory: the Postgres repository (hand-written
// SQL over pgx) and, in storage/blob, the stores that keep raw mail and files.
// It knows no IMAP and no HTTP.
package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/claimdesk/claimdesk/migrations"
)

// Errors the repository returns in place of driver errors, so callers (and
// the HTTP layer, which maps them to status codes) need not know pgx.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	// ErrInvalid wraps a value storage refuses to keep, such as a field far
	// longer than any real one.
	ErrInvalid = errors.New("invalid")
)

// DB is the Postgres repository. One per process; safe for concurrent use.
type DB struct {
	pool *pgxpool.Pool
}

// Open connects to the database at dsn and checks that it answers. Its
// pool holds pgx's default number of connections (4 on two cores) unless
// dsn sets pool_max_conns.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return OpenConns(ctx, dsn, 0)
}

// OpenConns is Open with a pool of up to conns connections (at least pgx's
// default), for a process whose job workers each hold one while they write:
// with fewer, workers wait for a connection rather than for the database.
// pool_max_conns in dsn wins.
func OpenConns(ctx context.Context, dsn string, conns int) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	if !strings.Contains(dsn, "pool_max_conns") && int32(conns) > cfg.MaxConns {
		cfg.MaxConns = int32(conns)
	}
	// claimdesk's queries are short and planned on live statistics: JIT
	// compilation only adds its own 100 ms or more whenever an estimate
	// jumps past its threshold.
	if _, set := cfg.ConnConfig.RuntimeParams["jit"]; !set {
		cfg.ConnConfig.RuntimeParams["jit"] = "off"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		// pgx puts one line per address tried; a start-up error reads better as one.
		return nil, fmt.Errorf("connect to database: %s", strings.Join(strings.Fields(err.Error()), " "))
	}
	return &DB{pool: pool}, nil
}

// Close releases every connection.
func (db *DB) Close() { db.pool.Close() }

// Ping reports whether the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.pool.QueryRow(ctx, "SELECT 1").Scan(&one)
}

// migrateLockID is the advisory lock under which one process at a time
// migrates: our schema and River's job tables move together.
const migrateLockID int64 = 0x636c61696d64 // "claimd"

// Migrate brings the schema (ours, then River's job queue tables) up to date
// and returns how many of our migrations it applied. Processes starting at
// once wait for each other instead of racing.
func (db *DB) Migrate(ctx context.Context) (applied int, err error) {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrateLockID); err != nil {
		return 0, fmt.Errorf("migrate: take lock: %w", err)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrateLockID)
	}()

	sqlDB := stdlib.OpenDBFromPool(db.pool)
	defer sqlDB.Close()
	res, err := migrations.Up(ctx, sqlDB)
	if err != nil {
		return len(res), err
	}
	migrator, err := rivermigrate.New(riverpgxv5.New(db.pool), nil)
	if err != nil {
		return len(res), fmt.Errorf("migrate job queue: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return len(res), fmt.Errorf("migrate job queue: %w", err)
	}
	return len(res), nil
}

// CheckSchema reports an error unless every migration this binary knows is
// applied: a process whose schema is behind (or ahead, after a rollback of
// the binary) must not take traffic.
func (db *DB) CheckSchema(ctx context.Context) error {
	sqlDB := stdlib.OpenDBFromPool(db.pool)
	defer sqlDB.Close()
	current, latest, err := migrations.Versions(ctx, sqlDB)
	if err != nil {
		return err
	}
	if current != latest {
		return fmt.Errorf("schema at version %d, this claimdesk needs %d: run claimdesk migrate", current, latest)
	}
	return nil
}

// MigrationState is one migration and whether it is applied.
type MigrationState struct {
	Version   int64
	Name      string
	Applied   bool
	AppliedAt time.Time
}

// MigrationStatus lists every known migration, oldest first.
func (db *DB) MigrationStatus(ctx context.Context) ([]MigrationState, error) {
	sqlDB := stdlib.OpenDBFromPool(db.pool)
	defer sqlDB.Close()
	st, err := migrations.Status(ctx, sqlDB)
	if err != nil {
		return nil, err
	}
	out := make([]MigrationState, 0, len(st))
	for _, s := range st {
		out = append(out, MigrationState{
			Version:   s.Source.Version,
			Name:      s.Source.Path,
			Applied:   s.State == goose.StateApplied,
			AppliedAt: s.AppliedAt,
		})
	}
	return out, nil
}

// IsInvalidText reports whether err is Postgres refusing text that is not
// valid UTF-8 or holds a NUL character, which no text column takes: the
// caller's input, not the database, is at fault.
func IsInvalidText(err error) bool {
	var pgErr *pgconn.PgError
	// 22021: character not in repertoire; 22P05: untranslatable character.
	return errors.As(err, &pgErr) && (pgErr.Code == "22021" || pgErr.Code == "22P05")
}

// IsDeadlock reports whether err is Postgres ending the transaction to
// break a deadlock (40P01): run again, it most often goes through, the
// other transaction having finished.
func IsDeadlock(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "40P01"
}

// IsDataError reports whether err is Postgres refusing a value itself (a
// data exception, or a program limit such as an index entry too large) as
// opposed to the connection or the server failing: retrying it unchanged
// fails the same way.
func IsDataError(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || len(pgErr.Code) < 2 {
		return false
	}
	switch pgErr.Code[:2] {
	case "22", "54":
		return true
	}
	return false
}
