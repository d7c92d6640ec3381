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
