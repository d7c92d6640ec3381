package storage

import (
	"context"
	"fmt"
	"time"
)

// EndSilentWatchers ends the lock sessions of the processes other than id
// that have not said they are alive for longer than ttl, and returns how
// many it ended. Such a process (stopped with SIGSTOP, hung, its machine
// frozen) keeps its connection, and with it the locks of its mailboxes,
// for as long as the connection lives: ending its session's backend frees
// them for the live processes, and the silent one, if it ever runs again,
// finds its session gone and stops its watchers. The session is the one
// holding the process's own advisory lock (as pg_locks shows it), so that
// no other connection is ended. Ending another role's backend needs that
// role or pg_signal_backend.
func (db *DB) EndSilentWatchers(ctx context.Context, id string, ttl time.Duration) (int, error) {
	var ended int
	err := db.pool.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE pg_terminate_backend(l.pid)) FROM watch_processes p
		JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
			AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
			AND l.classid::bigint = (p.lock_key >> 32) & 4294967295 AND l.objid::bigint = p.lock_key & 4294967295
		WHERE p.id <> $1 AND p.heartbeat_at < clock_timestamp() - $2::interval AND l.pid <> pg_backend_pid()`,
		id, ttl).Scan(&ended)
	if err != nil {
		return 0, fmt.Errorf("end silent watchers: %w", err)
	}
	return ended, nil
}
