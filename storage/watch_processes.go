package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// WatchHeartbeat says that process id (shown as name) is alive and sharing
// the mailboxes, forgets processes silent for longer than ttl, and returns
// how many processes are alive, this one included, and this one's rank
// among them (0 for the first by id): every process ranks them alike.
// Another process counts as alive only while some session holds its
// advisory lock lockKey (its LockSession does): a process that was killed
// stops counting at once, not a TTL later. Times are the database's, so
// that machines whose clocks differ agree.
func (db *DB) WatchHeartbeat(ctx context.Context, id, name string, lockKey int64, ttl time.Duration) (rank, live int, err error) {
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
			INSERT INTO watch_processes (id, name, lock_key, heartbeat_at) VALUES ($1, $2, $3, clock_timestamp())
			ON CONFLICT (id) DO UPDATE SET name = $2, lock_key = $3, heartbeat_at = clock_timestamp()`, id, name, lockKey); err != nil {
			return err
		}
		// A silent process still holding its lock stays listed, for
		// EndSilentWatchers to find and end its session: forgotten, its
		// mailbox locks would be held for as long as its connection lives.
		if _, err := tx.Exec(ctx, `
			DELETE FROM watch_processes p WHERE heartbeat_at < clock_timestamp() - $1::interval
			AND NOT EXISTS (`+processLockHeld+`)`, ttl); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			DELETE FROM mailbox_watchers w WHERE NOT EXISTS (SELECT 1 FROM watch_processes p WHERE p.id = w.process)`); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `
			SELECT count(*) FILTER (WHERE id < $1), count(*) FROM watch_processes p
			WHERE p.id = $1 OR EXISTS (`+processLockHeld+`)`,
			id).Scan(&rank, &live)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("watch heartbeat: %w", err)
	}
	return rank, live, nil
}

// LeaveWatch says that process id watches nothing any more and is gone, so
// that the others count without it at once.
func (db *DB) LeaveWatch(ctx context.Context, id string) error {
	_, err := db.pool.Exec(ctx, `
		WITH w AS (DELETE FROM mailbox_watchers WHERE process = $1)
		DELETE FROM watch_processes WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("leave watch: %w", err)
	}
	return nil
}

// SetMailboxWatchers records that process id watches exactly accounts.
func (db *DB) SetMailboxWatchers(ctx context.Context, id string, accounts []string) error {
	if accounts == nil {
		accounts = []string{}
	}
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
			DELETE FROM mailbox_watchers WHERE process = $1 AND NOT account = ANY($2)`, id, accounts); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO mailbox_watchers (account, process) SELECT a, $1 FROM unnest($2::text[]) a
			ON CONFLICT (account) DO UPDATE SET process = $1, since = now()
			WHERE mailbox_watchers.process <> $1`, id, accounts)
		return err
	})
	if err != nil {
		return fmt.Errorf("record watched mailboxes: %w", err)
	}
	return nil
}

// MailboxWatcher is the process that watches a mailbox.
type MailboxWatcher struct {
	Account string
	Process string // the process's name: host:pid
	Since   time.Time
}

// MailboxWatchers lists which live process watches each mailbox, by
// account name.
func (db *DB) MailboxWatchers(ctx context.Context) ([]MailboxWatcher, error) {
	out, err := queryAll(ctx, db.pool, func(r pgx.CollectableRow) (MailboxWatcher, error) {
		var w MailboxWatcher
		return w, r.Scan(&w.Account, &w.Process, &w.Since)
	}, `
		SELECT w.account, p.name, w.since FROM mailbox_watchers w JOIN watch_processes p ON p.id = w.process
		ORDER BY w.account`)
	if err != nil {
		return nil, fmt.Errorf("mailbox watchers: %w", err)
	}
	return out, nil
}

// processLockHeld selects the pg_locks row of the advisory lock a process
// p (a watch_processes row) holds while it lives. A bigint advisory lock
// shows in pg_locks as its high half in classid and its low half in objid,
// with objsubid 1.
const processLockHeld = `
	SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
	AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
	AND l.classid::bigint = (p.lock_key >> 32) & 4294967295 AND l.objid::bigint = p.lock_key & 4294967295`
