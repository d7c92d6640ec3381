package storage

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrLockSessionLost says a LockSession's connection is gone, and every
// lock it held with it.
var ErrLockSessionLost = errors.New("lost the locks' database connection")

// LockSession holds any number of session advisory locks on one connection
// of its own: a process's watchers share it, so the process opens one
// connection for its locks however many mailboxes it watches. The
// connection is checked every check interval; when it is lost (a database
// restart, pg_terminate_backend, a network cut) Lost is closed at once, for
// the locks went with it and their holders must stop. A lost session stays
// lost: open another.
type LockSession struct {
	mu   sync.Mutex // the connection is not for two at once
	conn *pgx.Conn
	pid  uint32

	lost     chan struct{}
	lostOnce sync.Once
	cause    error // why it was lost; set before lost is closed

	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

// OpenLockSession connects the session's connection and starts checking it
// every check (default 1s).
func (db *DB) OpenLockSession(ctx context.Context, check time.Duration) (*LockSession, error) {
	conn, err := db.connect(ctx)
	if err != nil {
		return nil, fmt.Errorf("lock session: %w", err)
	}
	// The server notices a peer that vanished (a machine powered off, a
	// network cut) within about 30s instead of the system's default of
	// hours, ends the session and frees its locks for other processes.
	// Ignored on unix sockets, where the peer cannot vanish so.
	if _, err := conn.Exec(ctx, `SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5;
		SET tcp_keepalives_count = 3; SET tcp_user_timeout = 30000`); err != nil {
		closeConn(conn)
		return nil, fmt.Errorf("lock session: %w", err)
	}
	s := &LockSession{conn: conn, pid: conn.PgConn().PID(), lost: make(chan struct{}),
		stop: make(chan struct{}), done: make(chan struct{})}
	go s.watch(cmp.Or(check, time.Second))
	return s, nil
}

// watch pings the connection until Close, and marks the session lost when
// a ping fails.
func (s *LockSession) watch(check time.Duration) {
	defer close(s.done)
	t := time.NewTicker(check)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-s.lost:
			return
		case <-t.C:
		}
		s.mu.Lock()
		ctx, cancel := context.WithTimeout(context.Background(), max(check, 5*time.Second))
		err := s.conn.Ping(ctx)
		cancel()
		s.mu.Unlock()
		if err != nil {
			s.markLost(err)
			return
		}
	}
}

func (s *LockSession) markLost(err error) {
	s.lostOnce.Do(func() {
		s.cause = fmt.Errorf("%w: %w", ErrLockSessionLost, err)
		close(s.lost)
	})
}

// Lost is closed when the session's connection, and so its locks, are lost.
func (s *LockSession) Lost() <-chan struct{} { return s.lost }

// Err says why the session was lost; nil while it is not.
func (s *LockSession) Err() error {
	select {
	case <-s.lost:
		return s.cause
	default:
		return nil
	}
}

// BackendPID is the server process of the session's connection, as
// pg_stat_activity shows it.
func (s *LockSession) BackendPID() uint32 { return s.pid }

// TryLock takes the advisory lock key if no other session holds it. A
// session asking again for a lock it holds is told yes, and then holds it
// twice (Postgres counts): callers take each key once.
func (s *LockSession) TryLock(ctx context.Context, key int64) (bool, error) {
	var held bool
	err := s.do(ctx, func(ctx context.Context) error {
		return s.conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&held)
	})
	if err != nil {
		return false, fmt.Errorf("take lock: %w", err)
	}
	return held, nil
}

// Unlock lets go of the advisory lock key.
func (s *LockSession) Unlock(ctx context.Context, key int64) error {
	err := s.do(ctx, func(ctx context.Context) error {
		_, err := s.conn.Exec(ctx, "SELECT pg_advisory_unlock($1)", key)
		return err
	})
	if err != nil {
		return fmt.Errorf("release lock: %w", err)
	}
	return nil
}

// do runs fn on the connection, marking the session lost when fn's failure
// closed the connection.
func (s *LockSession) do(ctx context.Context, fn func(context.Context) error) error {
	if err := s.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := fn(ctx)
	if err != nil && s.conn.IsClosed() {
		s.markLost(err)
		return s.cause
	}
	return err
}

// Close ends the session, releasing every lock it holds. Closing again
// does nothing.
func (s *LockSession) Close() {
	s.closeOnce.Do(func() {
		close(s.stop)
		<-s.done
		s.mu.Lock()
		defer s.mu.Unlock()
		closeConn(s.conn)
	})
}
