package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/internal/secrets"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// mailboxPollInterval is how often serve reads the mailbox table, in case
// it missed a notification (or the table was changed by hand).
const mailboxPollInterval = 15 * time.Second

// mailboxSupervisor keeps the watchers of the mailboxes kept in the
// database in step with the table while serve runs: it starts a mailbox
// added, stops one removed, and restarts one whose settings changed,
// leaving the others alone. It wakes on a notification from
// `claimdesk mailbox add|connect|remove`, and reads the table every
// mailboxPollInterval anyway.
type mailboxSupervisor struct {
	cfg    *config.Config
	db     *storage.DB
	sent   *outbox.SentFolders
	health mailbox.HealthRecorder
	log    *slog.Logger
	every  time.Duration
	// watch runs the watchers of acct until ctx ends and they have all
	// returned, their advisory locks released.
	watch func(ctx context.Context, acct mailbox.Account)

	running map[string]*runningMailbox
	// unopened: mailboxes whose credentials did not open, by name, with
	// the settings that failed, so the failure is reported once.
	unopened map[string]string
}

// runningMailbox is one mailbox being watched.
type runningMailbox struct {
	settings string // mailboxSettings of the row it was started from
	stop     context.CancelFunc
	done     chan struct{} // closed when its watchers have returned
}

func newMailboxSupervisor(cfg *config.Config, db *storage.DB, sent *outbox.SentFolders, health mailbox.HealthRecorder,
	log *slog.Logger, watch func(ctx context.Context, acct mailbox.Account)) *mailboxSupervisor {
	return &mailboxSupervisor{cfg: cfg, db: db, sent: sent, health: health, log: log, every: mailboxPollInterval, watch: watch,
		running: map[string]*runningMailbox{}, unopened: map[string]string{}}
}

// run supervises until ctx ends, then stops every watcher it started.
func (s *mailboxSupervisor) run(ctx context.Context) {
	defer s.stopAll()
	wake := make(chan struct{}, 1)
	listening := make(chan struct{})
	go func() {
		defer close(listening)
		s.listen(ctx, wake)
	}()
	defer func() { <-listening }()
	tick := time.NewTicker(s.every)
	defer tick.Stop()
	for {
		s.sync(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-wake:
		}
	}
}

// sync reads the table once and starts, stops and restarts watchers to
// match it.
func (s *mailboxSupervisor) sync(ctx context.Context) {
	rows, err := s.db.MailboxAccounts(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("could not read the mailboxes; watching those already running", "err", err)
		}
		return
	}
	want := make(map[string]storage.MailboxAccount, len(rows))
	for _, m := range rows {
		want[m.Name] = m
	}
	for name, r := range s.running {
		m, ok := want[name]
		if ok && r.settings == mailboxSettings(m) {
			continue
		}
		// Stopped before any replacement starts: a watcher's advisory
		// lock is free again once it has returned.
		s.stop(name)
		if ok {
			s.log.Info("mailbox settings changed: restarting its watchers", "mailbox", name)
			continue
		}
		s.log.Info("mailbox removed: stopped watching it", "mailbox", name)
		s.forgetHealth(ctx, name)
	}
	for name := range s.unopened {
		if _, ok := want[name]; !ok {
			delete(s.unopened, name)
			s.forgetHealth(ctx, name)
		}
	}
	var box *secrets.Box
	for _, m := range rows {
		if _, ok := s.running[m.Name]; ok {
			continue
		}
		acct, err := s.open(m, &box)
		if err != nil {
			// Said once per settings (on the dashboard too), not at every
			// pass; tried again at each pass all the same.
			if s.unopened[m.Name] != mailboxSettings(m) {
				s.unopened[m.Name] = mailboxSettings(m)
				s.log.Error("mailbox not watched", "mailbox", m.Name, "err", err)
				s.health.Failed(m.Name, m.Inbox, err, s.every)
			}
			continue
		}
		delete(s.unopened, m.Name)
		s.start(ctx, m, acct)
	}
}

// open unseals a mailbox's credentials, loading the secret key into *box
// the first time.
func (s *mailboxSupervisor) open(m storage.MailboxAccount, box **secrets.Box) (mailbox.Account, error) {
	if *box == nil {
		b, _, err := secrets.Load(s.cfg.SecretSource(), false)
		if err != nil {
			return mailbox.Account{}, fmt.Errorf("mailboxes in the database need the secret key they were saved with: %w", err)
		}
		*box = b
	}
	return managedAccount(s.db, *box, m, nil)
}

// forgetHealth clears the health of a mailbox removed from the database.
func (s *mailboxSupervisor) forgetHealth(ctx context.Context, name string) {
	if err := s.db.DeleteMailboxHealth(context.WithoutCancel(ctx), name); err != nil {
		s.log.Warn("could not clear a removed mailbox's health", "mailbox", name, "err", err)
	}
}

// start runs the watchers of a mailbox.
func (s *mailboxSupervisor) start(ctx context.Context, m storage.MailboxAccount, acct mailbox.Account) {
	acct.Health = s.health
	s.sent.Add(acct)
	ctx, stop := context.WithCancel(ctx)
	r := &runningMailbox{settings: mailboxSettings(m), stop: stop, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		s.watch(ctx, acct)
	}()
	s.running[m.Name] = r
	s.log.Info("watching mailbox", "mailbox", m.Name, "host", m.Host)
}

// stop ends a mailbox's watchers and waits for them.
func (s *mailboxSupervisor) stop(name string) {
	r := s.running[name]
	r.stop()
	<-r.done
	delete(s.running, name)
	s.sent.Remove(name)
}

func (s *mailboxSupervisor) stopAll() {
	for _, r := range s.running {
		r.stop()
	}
	for name := range s.running {
		s.stop(name)
	}
}

// mailboxSettings is what of a mailbox's row its watchers depend on. The
// sealed secret counts only for a password (claimdesk mailbox passwd
// changes it): a refresh token the watchers themselves renewed must not
// restart them, and other new credentials come with a new row (remove,
// then add or connect again).
func mailboxSettings(m storage.MailboxAccount) string {
	secret := ""
	if m.Auth == storage.MailboxAuthPassword {
		sum := sha256.Sum256(m.Secret)
		secret = hex.EncodeToString(sum[:])
	}
	return strings.Join([]string{fmt.Sprint(m.ID), m.Host, m.TLS, m.User, m.Auth, m.Provider, m.Mechanism,
		m.Inbox, m.Sent, m.MoveTo, m.Tenant, m.ClientID, m.TokenURL, secret}, "\x00")
}

// superviseMailboxes runs the supervisor of the database's mailboxes
// among the pipeline's watchers; newWatcher makes the watcher of one
// folder.
func (p *pipeline) superviseMailboxes(ctx context.Context, cfg *config.Config, db *storage.DB, health mailbox.HealthRecorder,
	log *slog.Logger, newWatcher func(acct mailbox.Account, folder, role string) *ingest.Watcher) {
	s := newMailboxSupervisor(cfg, db, p.sent, health, log, func(ctx context.Context, acct mailbox.Account) {
		// Watched here only while this process holds it in the share.
		p.share.Offer(acct.Name(), watchFolders(acct, []folderRole{{acct.Inbox, storage.RoleInbox}, {acct.Sent, storage.RoleSent}}, newWatcher))
		<-ctx.Done()
		p.share.Withdraw(acct.Name())
	})
	p.watchers.Go(func() { s.run(ctx) })
}
