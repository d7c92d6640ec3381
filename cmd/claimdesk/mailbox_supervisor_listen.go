package main

import (
	"context"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// listen signals wake whenever a mailbox is added or removed, and each time
// it starts listening (again), for what it may have missed. While it cannot
// listen the supervisor's polling remains.
func (s *mailboxSupervisor) listen(ctx context.Context, wake chan<- struct{}) {
	signal := func(string) {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	for {
		err := s.db.Listen(ctx, storage.MailboxesChannel, signal)
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
	}
}
