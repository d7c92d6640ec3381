package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
)

func bindBackfill(fs *flag.FlagSet) runFunc {
	since := fs.String("since", "", "import only mail received on or after this date (YYYY-MM-DD)")
	return func(ctx context.Context, e *env, args []string) error {
		var from time.Time
		if *since != "" {
			d, err := time.ParseInLocation("2006-01-02", *since, e.cfg.Location)
			if err != nil {
				return fmt.Errorf("--since: want YYYY-MM-DD, got %q", *since)
			}
			from = d
		}
		return runBackfill(ctx, e, from)
	}
}

// runBackfill imports each configured folder in turn, then processes what
// it imported.
func runBackfill(ctx context.Context, e *env, since time.Time) error {
	// The progress reporter comes first: on a terminal, log lines from
	// the workers must pass above its bar.
	report := newProgressReporter(e.stdout, e.stderr, isTerminal(e.stdout))
	log := newLoggerTo(e, report.logWriter())
	store, db, managed, closeDB, err := openStores(ctx, e.cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	type watched struct {
		acct    mailbox.Account
		folders []folderRole
	}
	var mailboxes []watched
	for _, a := range e.cfg.IMAP {
		mailboxes = append(mailboxes, watched{accountOf(a), folders(a)})
	}
	for _, acct := range managed {
		mailboxes = append(mailboxes, watched{acct, []folderRole{{acct.Inbox, storage.RoleInbox}, {acct.Sent, storage.RoleSent}}})
	}
	if len(mailboxes) == 0 {
		return errors.New("no mailbox to import: set CLAIMDESK_IMAP_URL, or add one with claimdesk mailbox add")
	}
	// Workers process while the import goes on; no watchers.
	noWatch := *e.cfg
	noWatch.IMAP = nil
	p, err := startWorkers(ctx, &noWatch, db, store, log)
	if err != nil {
		return err
	}
	defer p.stop(log)

	total := 0
	for _, m := range mailboxes {
		acct := m.acct
		for _, f := range m.folders {
			w := ingest.NewWatcher(acct, f.folder, f.role, db, p.blobs, ingest.NewQueue(p.river),
				ingest.WatcherConfig{MaxMessageBytes: e.cfg.MaxMessageBytes, TempDir: p.tempDir}, log)
			n, err := w.Backfill(ctx, since, report.update)
			report.finish()
			if err != nil {
				return fmt.Errorf("%s %s: %w", acct.Name(), f.folder, err)
			}
			total += n
		}
	}
	fmt.Fprintf(e.stdout, "imported %d new messages; processing them\n", total)
	return waitProcessed(ctx, db, p.workerID)
}

// waitProcessed returns when no job waits (processing, stamping, filing),
// except those a stopped process was working on: the job queue hands them
// to a worker again once they count as stuck.
func waitProcessed(ctx context.Context, db *storage.DB, workerID string) error {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		waiting, err := db.JobsWaiting(ctx, workerID)
		if err != nil {
			return err
		}
		if waiting == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

func accountOf(a config.MailboxAccount) mailbox.Account {
	return mailbox.Account{Host: a.Host, User: a.User, Password: a.Password, TLS: a.TLS,
		Inbox: a.Inbox, Sent: a.Sent, MoveTo: a.MoveTo}
}

type folderRole struct{ folder, role string }

func folders(a config.MailboxAccount) []folderRole {
	return []folderRole{{a.Inbox, storage.RoleInbox}, {a.Sent, storage.RoleSent}}
}

// formatProgress renders the plain progress line, e.g.
// "INBOX 350/1000 msgs  41.2/118.0 MB  52.1 msg/s  ETA 12s".
func formatProgress(p ingest.Progress, now time.Time) string {
	elapsed := now.Sub(p.Started).Seconds()
	rate, eta := 0.0, "?"
	if elapsed > 0 && p.Done > 0 {
		rate = float64(p.Done) / elapsed
		eta = (time.Duration(float64(p.Total-p.Done)/rate) * time.Second).Round(time.Second).String()
	}
	var b strings.Builder
	b.WriteString(p.Folder)
	fmt.Fprintf(&b, " %d/%d msgs  %.1f/%.1f MB  %.1f msg/s  ETA %s",
		p.Done, p.Total, float64(p.Bytes)/1e6, float64(p.TotalB)/1e6, rate, eta)
	return b.String()
}
