package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// listen signals wake whenever a mailbox is added or removed, on a
// connection of its own (a pooled one would carry the LISTEN to others).
// While it cannot listen the supervisor's polling remains; after each
// pause it signals once, for what it may have missed.
func (s *mailboxSupervisor) listen(ctx context.Context, wake chan<- struct{}) {
	signal := func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	for {
		err := s.listenOnce(ctx, signal)
		if ctx.Err() != nil {
			return
		}
		s.log.Debug("not listening for mailbox changes; reading the table every few seconds", "err", err)
		t := time.NewTimer(s.every)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		signal()
	}
}

// listenOnce listens until the connection fails or ctx ends.
func (s *mailboxSupervisor) listenOnce(ctx context.Context, signal func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.db.Pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+storage.MailboxesChannel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("wait for notification: %w", err)
		}
		signal()
	}
}
