package storage_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestWorkerLivenessHandsBackJobsOfStoppedWorkers runs the liveness of one
// worker next to a live worker and a stopped one, each with a running job
// (the stopped one with a second job on its last attempt): the stopped
// worker's jobs are handed back, the live worker's job is left alone.
func TestWorkerLivenessHandsBackJobsOfStoppedWorkers(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, err := storage.Open(ctx, testenv.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	insert := func(worker string, attempt, maxAttempts int) int64 {
		t.Helper()
		var id int64
		err := storage.PoolOf(db).QueryRow(ctx, `INSERT INTO river_job (state, attempt, max_attempts, attempted_at, attempted_by, kind, args)
			VALUES ('running', $2, $3, now(), ARRAY['earlier-worker', $1], 'test_job', '{}') RETURNING id`,
			worker, attempt, maxAttempts).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	dead := insert("worker-stopped", 1, 5)
	deadLast := insert("worker-stopped", 5, 5)
	alive := insert("worker-alive", 1, 5)
	cfg := storage.LivenessConfig{Check: 20 * time.Millisecond, Scan: 20 * time.Millisecond, Grace: 100 * time.Millisecond}
	log := slog.New(slog.DiscardHandler)

	// The live worker holds its lock before anyone looks, and hands back
	// nothing itself within the test (a scan needs two looks an hour apart).
	go storage.NewWorkerLiveness(db, "worker-alive", storage.LivenessConfig{Scan: time.Hour}, log).Run(ctx)
	waitUntil(t, "the live worker's lock", func() bool {
		var n int
		err := storage.PoolOf(db).QueryRow(ctx, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
			AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&n)
		return err == nil && n == 1
	})
	go storage.NewWorkerLiveness(db, "worker-self", cfg, log).Run(ctx)

	state := func(id int64) (state, lastError string) {
		t.Helper()
		err := storage.PoolOf(db).QueryRow(ctx, `SELECT state::text, coalesce(errors[cardinality(errors)] ->> 'error', '')
			FROM river_job WHERE id = $1`, id).Scan(&state, &lastError)
		if err != nil {
			t.Fatal(err)
		}
		return state, lastError
	}
	waitUntil(t, "the stopped worker's job handed back", func() bool { s, _ := state(dead); return s != "running" })
	// Another worker stops: by the time its job is handed back, the live
	// worker's lock has been tested for longer than the grace period.
	later := insert("worker-stopped-later", 1, 5)
	waitUntil(t, "the later stopped worker's job handed back", func() bool { s, _ := state(later); return s != "running" })
	if s, _ := state(alive); s != "running" {
		t.Errorf("the live worker's job is %s, want still running", s)
	}
	if s, why := state(dead); s != "available" || why != "its worker worker-stopped stopped while running it" {
		t.Errorf("the stopped worker's job is %s (%q), want available, saying why", s, why)
	}
	if s, _ := state(deadLast); s != "discarded" {
		t.Errorf("the stopped worker's job on its last attempt is %s, want discarded", s)
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline:
			t.Fatalf("no %s within 30s", what)
		case <-tick.C:
		}
	}
}
