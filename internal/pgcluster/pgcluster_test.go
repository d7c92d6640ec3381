package pgcluster

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestStartStopRestart(t *testing.T) {
	if _, err := BinDir(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	// Not t.TempDir: its parent is closed to the postgres user when the
	// tests run as root.
	dir, err := os.MkdirTemp("", "pgcluster-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	c, err := Start(ctx, dir, Options{NoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	execSQL(t, c, "CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)")

	// A second process (an operator's command while serve runs) attaches
	// to the running server; its Stop leaves the server running.
	attached, err := Start(ctx, dir, Options{})
	if err != nil {
		t.Fatalf("second Start on a running cluster: %v", err)
	}
	if err := attached.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	execSQL(t, c, "INSERT INTO kept VALUES (42)")
	if err := c.Stop(ctx); err != nil {
		t.Fatal(err)
	}

	// A restart reuses the cluster: no second initdb, the data is still there.
	c, err = Start(ctx, dir, Options{NoFsync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop(ctx)
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v int
	if err := conn.QueryRow(ctx, "SELECT count(*) FILTER (WHERE v = 42) FROM kept").Scan(&v); err != nil || v != 2 {
		t.Fatalf("after restart: %d rows, err %v; want both rows kept", v, err)
	}
}

func execSQL(t *testing.T, c *Cluster, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatal(err)
	}
}
