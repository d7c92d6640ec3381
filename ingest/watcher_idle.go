package ingest

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// waitForMail returns when the server may have new mail: an EXISTS during
// IDLE, IdleRestart elapsed, or the poll interval without IDLE.
//
// A connection can die without either end hearing of it (a NAT timeout, a
// firewall dropping its state), and IDLE then waits forever for news that
// cannot come. So every LivenessInterval without news IDLE is ended and
// re-issued: the server's answer to DONE, within LivenessTimeout, proves
// the connection alive; no answer closes it and the watcher reconnects.
func (w *Watcher) waitForMail(ctx context.Context, c *imapclient.Client, newMail <-chan struct{}) error {
	if w.cfg.NoIdle || !c.Caps().Has(imap.CapIdle) {
		if !sleepCtx(ctx, w.cfg.PollInterval) {
			return nil
		}
		_, err := withDeadline(w, c, w.cfg.LivenessTimeout, func() (struct{}, error) { return struct{}{}, c.Noop().Wait() })
		if err != nil {
			return fmt.Errorf("noop: %w", err)
		}
		return nil
	}
	w.log.Debug("waiting for new mail", "idle", true)
	renew := time.Now().Add(w.cfg.IdleRestart)
	for {
		woke, err := w.idleOnce(ctx, c, newMail, min(w.cfg.LivenessInterval, time.Until(renew)))
		if err != nil || woke || ctx.Err() != nil || !time.Now().Before(renew) {
			return err
		}
		if w.livenessChecked != nil {
			w.livenessChecked()
		}
	}
}

// idleOnce runs one IDLE command until new mail arrives (woke), d passes
// or ctx ends, then ends it and waits for the server's answer.
func (w *Watcher) idleOnce(ctx context.Context, c *imapclient.Client, newMail <-chan struct{}, d time.Duration) (woke bool, err error) {
	idle, err := withDeadline(w, c, w.cfg.LivenessTimeout, c.Idle)
	if err != nil {
		if ctx.Err() != nil {
			return false, nil
		}
		return false, fmt.Errorf("idle: %w", err)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-newMail:
		woke = true
	case <-timer.C:
	case <-ctx.Done():
	case <-c.Closed():
	}
	_, err = withDeadline(w, c, w.cfg.LivenessTimeout, func() (struct{}, error) {
		if err := idle.Close(); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, idle.Wait()
	})
	if ctx.Err() != nil {
		return woke, nil
	}
	if err != nil {
		return woke, fmt.Errorf("idle: %w", err)
	}
	return woke, nil
}

// errNoAnswer says the server let a command's deadline pass: the
// connection was closed for it.
var errNoAnswer = errors.New("no answer from the IMAP server in time")

// withWatchdog runs an IMAP command, closing the connection if it takes
// longer than the command timeout: a server that stops answering must not
// hang the watcher.
func withWatchdog[T any](w *Watcher, c *imapclient.Client, fn func() (T, error)) (T, error) {
	return withDeadline(w, c, w.cfg.CommandTimeout, fn)
}

// withDeadline runs an IMAP command, closing the connection if it takes
// longer than timeout; the error then wraps errNoAnswer.
func withDeadline[T any](w *Watcher, c *imapclient.Client, timeout time.Duration, fn func() (T, error)) (T, error) {
	var fired atomic.Bool
	t := time.AfterFunc(timeout, func() {
		fired.Store(true)
		w.log.Warn("IMAP server did not answer in time; reconnecting", "timeout", timeout)
		c.Close()
	})
	defer t.Stop()
	v, err := fn()
	if err != nil && fired.Load() {
		err = fmt.Errorf("%w (%s): %w", errNoAnswer, timeout, err)
	}
	return v, err
}
