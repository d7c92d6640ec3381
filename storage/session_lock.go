package storage

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// WithSessionLock runs fn while holding the session advisory lock key, on a
// connection of its own: a pooled one would be lost to everyone else for as
// long as fn runs, and a few long holders would take the whole pool. held is
// false, and fn does not run, when another session has the lock. The
// connection is pinged every check; fn's context ends if it is lost, since
// the lock goes with it, and the loss is then the error returned.
func (db *DB) WithSessionLock(ctx context.Context, key int64, check time.Duration, fn func(context.Context) error) (held bool, err error) {
	conn, err := db.connect(ctx)
	if err != nil {
		return false, fmt.Errorf("database: %w", err)
	}
	// Closing the connection releases the lock.
	defer conn.Close(context.WithoutCancel(ctx))
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&held); err != nil {
		return false, fmt.Errorf("take lock: %w", err)
	}
	if !held {
		return false, nil
	}

	fnCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// The connection is not for two at once: it is closed only once the
	// pinger is done with it.
	pinger := make(chan struct{})
	go func() {
		defer close(pinger)
		t := time.NewTicker(check)
		defer t.Stop()
		for {
			select {
			case <-fnCtx.Done():
				return
			case <-t.C:
				pctx, pcancel := context.WithTimeout(fnCtx, 10*time.Second)
				err := conn.Ping(pctx)
				pcancel()
				if err != nil && fnCtx.Err() == nil {
					cancel(fmt.Errorf("lost the lock's database connection: %w", err))
					return
				}
			}
		}
	}()
	err = fn(fnCtx)
	cause := context.Cause(fnCtx)
	cancel(nil)
	<-pinger
	// Let go before closing: the server ends a closed session's backend, and
	// with it the lock, only a moment later, so a next holder asking at once
	// would be told it is taken.
	uctx, ucancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	_, _ = conn.Exec(uctx, "SELECT pg_advisory_unlock($1)", key)
	ucancel()
	if cause != nil && ctx.Err() == nil && !errors.Is(cause, context.Canceled) {
		err = cause
	}
	return true, err
}
