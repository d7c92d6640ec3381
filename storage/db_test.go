package storage_test

import (
	"context"
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestOpenTurnsJITOff: claimdesk's connections plan without JIT, unless
// the database URL asks for it.
func TestOpenTurnsJITOff(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := testenv.Postgres(t)
	for _, tc := range []struct{ dsn, want string }{
		{dsn, "off"},
		{dsn + " jit=on", "on"},
	} {
		db, err := storage.Open(ctx, tc.dsn)
		if err != nil {
			t.Fatal(err)
		}
		var jit string
		err = storage.PoolOf(db).QueryRow(ctx, "SHOW jit").Scan(&jit)
		db.Close()
		if err != nil || jit != tc.want {
			t.Errorf("%s: jit %q (%v), want %q", tc.dsn, jit, err, tc.want)
		}
	}
}

// TestOpenConnsSizesThePool: a process's pool holds the connections its
// workers ask for, at least pgx's default, and the database URL's
// pool_max_conns wins over both.
func TestOpenConnsSizesThePool(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := testenv.Postgres(t)
	def, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defMax := storage.PoolOf(def).Config().MaxConns
	def.Close()
	for _, tc := range []struct {
		dsn   string
		conns int
		want  int32
	}{
		{dsn, 15, max(15, defMax)},
		{dsn, 1, defMax},
		{dsn + " pool_max_conns=2", 15, 2},
	} {
		db, err := storage.OpenConns(ctx, tc.dsn, tc.conns)
		if err != nil {
			t.Fatal(err)
		}
		if got := storage.PoolOf(db).Config().MaxConns; got != tc.want {
			t.Errorf("%s, %d connections asked: pool of %d, want %d", tc.dsn, tc.conns, got, tc.want)
		}
		db.Close()
	}
}
