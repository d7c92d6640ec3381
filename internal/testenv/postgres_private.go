package testenv

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/pgcluster"
)

// PrivatePostgresServer is a Postgres cluster of one test's own, which the
// test may stop and start again, to see how claimdesk lives through a
// database restart. A restart keeps the data and the address (a unix
// socket in the cluster's directory), so DSN stays valid. The shared
// cluster of Postgres is never stopped: other tests use it.
type PrivatePostgresServer struct {
	// DSN names the database "claimdesk", created empty (not migrated).
	DSN string

	mu      sync.Mutex
	dir     string
	cluster *pgcluster.Cluster
}

// privatePostgresTimeout bounds a start or a stop of the private cluster.
const privatePostgresTimeout = time.Minute

// PrivatePostgres starts a Postgres cluster for this test alone, with an
// empty database "claimdesk". It stops when the test ends.
func PrivatePostgres(t testing.TB) *PrivatePostgresServer {
	t.Helper()
	if _, err := pgcluster.BinDir(); err != nil {
		unavailable(t, "PostgreSQL", err)
	}
	// Not t.TempDir: as root the server runs as postgres, who must be able
	// to reach the directory, and t.TempDir's parent is closed to others.
	dir, err := os.MkdirTemp("", "claimdesk-pg-private-")
	if err != nil {
		t.Fatal(err)
	}
	s := &PrivatePostgresServer{dir: dir, DSN: pgcluster.SocketDSN(dir, "claimdesk")}
	t.Cleanup(func() {
		s.Stop(t)
		os.RemoveAll(dir)
	})
	s.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), privatePostgresTimeout)
	defer cancel()
	if err := s.cluster.EnsureDatabase(ctx, "claimdesk"); err != nil {
		t.Fatalf("private postgres: %v", err)
	}
	return s
}

// Start runs the cluster (again) and waits until it accepts connections.
func (s *PrivatePostgresServer) Start(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cluster != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), privatePostgresTimeout)
	defer cancel()
	c, err := pgcluster.Start(ctx, s.dir, pgcluster.Options{NoFsync: true, DieWithParent: true})
	if err != nil {
		t.Fatalf("start private postgres: %v", err)
	}
	s.cluster = c
}

// Stop shuts the cluster down the way an administrator's restart does (a
// fast shutdown: sessions are ended, open transactions roll back).
func (s *PrivatePostgresServer) Stop(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cluster == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), privatePostgresTimeout)
	defer cancel()
	err := s.cluster.Stop(ctx)
	s.cluster = nil
	if err != nil {
		t.Errorf("stop private postgres: %v", err)
	}
}
