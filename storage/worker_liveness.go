package storage

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// WorkerLiveness tells the claimdesk processes sharing the job queue a
// worker that died (a crash, SIGKILL, the OOM killer) from one that is
// slow, so that the jobs a dead worker was running go back to the queue
// within seconds. Without it they wait for the queue's own rescue, which
// must allow for the longest job's timeout: many minutes.
//
// Each process holds a session advisory lock named after its worker ID, on
// a connection of its own, for as long as it runs. Postgres releases the
// lock when that session ends, which happens as soon as the process dies
// and its socket closes. Every process looks now and then at the jobs
// running under other workers' IDs, and hands back the jobs of a worker
// whose lock it finds free at two looks at least Grace apart: a live
// worker that lost its connection (a database restart) takes its lock
// again well within that.
type WorkerLiveness struct {
	db       *DB
	workerID string
	cfg      LivenessConfig
	log      *slog.Logger
}

// LivenessConfig tunes a WorkerLiveness; zero values take the defaults.
type LivenessConfig struct {
	// Check is how often the connection holding the lock is checked (and,
	// lost, made again); default 1s.
	Check time.Duration
	// Scan is how often other workers' running jobs are looked at; default 5s.
	Scan time.Duration
	// Grace is how long a worker's lock must stay free before its jobs are
	// handed back; default 15s. It must exceed Check by far.
	Grace time.Duration
}

func (c LivenessConfig) withDefaults() LivenessConfig {
	c.Check = cmp.Or(c.Check, time.Second)
	c.Scan = cmp.Or(c.Scan, 5*time.Second)
	c.Grace = cmp.Or(c.Grace, 15*time.Second)
	return c
}

// NewWorkerLiveness makes the liveness of the job-queue worker workerID.
func NewWorkerLiveness(db *DB, workerID string, cfg LivenessConfig, log *slog.Logger) *WorkerLiveness {
	return &WorkerLiveness{db: db, workerID: workerID, cfg: cfg.withDefaults(), log: log.With("worker", workerID)}
}

// Run holds the worker's lock and hands back dead workers' jobs until ctx
// ends. Stop the job queue first: once Run returns, others may take this
// worker for dead.
func (l *WorkerLiveness) Run(ctx context.Context) {
	var conn *pgx.Conn
	defer func() {
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	suspects := map[string]time.Time{} // workers whose lock was free, since when
	check := time.NewTicker(l.cfg.Check)
	defer check.Stop()
	var lastScan time.Time
	for {
		if conn != nil && !l.alive(ctx, conn) {
			conn.Close(context.Background())
			conn = nil
		}
		if conn == nil {
			conn = l.connect(ctx)
		}
		if conn != nil && time.Since(lastScan) >= l.cfg.Scan {
			lastScan = time.Now()
			if err := l.scan(ctx, conn, suspects); err != nil && ctx.Err() == nil {
				l.log.Warn("looking for jobs of stopped workers", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-check.C:
		}
	}
}

// connect opens the lock's connection and takes this worker's lock; nil
// when either fails (the next check tries again).
func (l *WorkerLiveness) connect(ctx context.Context) *pgx.Conn {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := l.db.connect(cctx)
	if err != nil {
		return nil
	}
	var held bool
	// A try: another process may hold it for a moment to test it.
	if err := conn.QueryRow(cctx, "SELECT pg_try_advisory_lock($1)", workerLockKey(l.workerID)).Scan(&held); err != nil || !held {
		conn.Close(context.Background())
		return nil
	}
	return conn
}

func (l *WorkerLiveness) alive(ctx context.Context, conn *pgx.Conn) bool {
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return conn.Ping(pctx) == nil
}

// scan looks at the workers with running jobs, tests each one's lock, and
// hands back the jobs of those whose lock stayed free for the grace period.
func (l *WorkerLiveness) scan(ctx context.Context, conn *pgx.Conn, suspects map[string]time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	workers, err := queryAll(ctx, conn, pgx.RowTo[string], `SELECT DISTINCT attempted_by[cardinality(attempted_by)] FROM river_job
		WHERE state = 'running' AND cardinality(attempted_by) > 0`)
	if err != nil {
		return err
	}
	now := time.Now()
	seen := map[string]bool{}
	for _, w := range workers {
		if w == l.workerID {
			continue
		}
		seen[w] = true
		free, err := lockFree(ctx, conn, w)
		if err != nil {
			return err
		}
		since, suspected := suspects[w]
		switch {
		case !free:
			delete(suspects, w)
		case !suspected:
			suspects[w] = now
		case now.Sub(since) >= l.cfg.Grace:
			n, err := releaseJobsOf(ctx, conn, w)
			if err != nil {
				return err
			}
			delete(suspects, w)
			l.log.Warn("handed back the jobs of a stopped worker", "stopped_worker", w, "jobs", n)
		}
	}
	for w := range suspects {
		if !seen[w] {
			delete(suspects, w) // its jobs finished or were handed back elsewhere
		}
	}
	return nil
}

// lockFree reports whether no session holds worker's lock, by taking it
// and letting it go at once.
func lockFree(ctx context.Context, conn *pgx.Conn, worker string) (bool, error) {
	key := workerLockKey(worker)
	var free bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&free); err != nil {
		return false, fmt.Errorf("test lock of worker %s: %w", worker, err)
	}
	if free {
		if _, err := conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", key); err != nil {
			return false, fmt.Errorf("release lock of worker %s: %w", worker, err)
		}
	}
	return free, nil
}

// releaseJobsOf makes the jobs worker was running available at once, or
// discards those that used their last attempt, as the queue's own rescue
// does, noting why in each job's errors.
func releaseJobsOf(ctx context.Context, conn *pgx.Conn, worker string) (int64, error) {
	tag, err := conn.Exec(ctx, `UPDATE river_job SET
			state = CASE WHEN attempt >= max_attempts THEN 'discarded' ELSE 'available' END::river_job_state,
			finalized_at = CASE WHEN attempt >= max_attempts THEN now() END,
			scheduled_at = now(),
			errors = array_append(errors, jsonb_build_object(
				'at', now(), 'attempt', attempt, 'trace', '',
				'error', 'its worker ' || $1::text || ' stopped while running it')),
			metadata = metadata || jsonb_build_object('river:rescue_count',
				coalesce(CASE WHEN jsonb_typeof(metadata -> 'river:rescue_count') = 'number'
					THEN (metadata ->> 'river:rescue_count')::int END, 0) + 1)
		WHERE state = 'running' AND attempted_by[cardinality(attempted_by)] = $1`, worker)
	if err != nil {
		return 0, fmt.Errorf("hand back jobs of worker %s: %w", worker, err)
	}
	return tag.RowsAffected(), nil
}

func workerLockKey(workerID string) int64 {
	h := fnv.New64a()
	h.Write([]byte("claimdesk-worker\x00" + workerID))
	return int64(h.Sum64())
}
