package ingest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// errOwnConnections ends a MailboxWatcher's shared connection for good:
// the server refused to report on Sent beside the selected inbox, so each
// folder gets a connection of its own.
var errOwnConnections = errors.New("the server does not report on Sent beside the inbox")

// MailboxWatcher keeps a mailbox's inbox and Sent folder stored over one
// IMAP connection, where two watchers would hold two: the inbox is IDLEd,
// and every SentPoll the IDLE is ended to ask the server for Sent's next
// UID (STATUS), fetching Sent's new mail on the same connection when it
// changed. go-imap's client does not speak NOTIFY (RFC 5465), which would
// spare the polling. A server that refuses the STATUS gets the two
// connections instead.
type MailboxWatcher struct {
	inbox, sent *Watcher
}

// NewMailboxWatcher watches inbox's and sent's folders, which must be two
// folders of one account, on one connection.
func NewMailboxWatcher(inbox, sent *Watcher) *MailboxWatcher {
	return &MailboxWatcher{inbox: inbox, sent: sent}
}

// RunHeld watches both folders until ctx ends, for a caller that holds the
// mailbox for this process (a WatchShare), as Watcher.RunHeld does.
func (m *MailboxWatcher) RunHeld(ctx context.Context) error {
	err := m.inbox.run(ctx, m.watch)
	if !errors.Is(err, errOwnConnections) {
		return err
	}
	m.inbox.log.Warn("watching Sent on a connection of its own", "err", err)
	var wg sync.WaitGroup
	wg.Go(func() { _ = m.sent.RunHeld(ctx) })
	err = m.inbox.RunHeld(ctx)
	wg.Wait()
	return err
}

// sentError is a failure of the shared connection in selecting or
// catching up Sent: the mailbox's health names Sent as the folder that
// failed, not the inbox whose watcher runs the connection. (STATUS of Sent
// is also the connection's liveness check: a server's refusal gives Sent a
// connection of its own, and no answer is the connection's failure.)
type sentError struct {
	folder string
	err    error
}

func (e *sentError) Error() string { return e.err.Error() }
func (e *sentError) Unwrap() error { return e.err }

// failedFolder is the folder err failed in: Sent's for a sentError, else
// folder.
func failedFolder(err error, folder string) string {
	if se, ok := errors.AsType[*sentError](err); ok {
		return se.folder
	}
	return folder
}

// sentMark is what STATUS said of Sent when it was last caught up: a
// change of either means new mail (or a folder recreated) to fetch.
type sentMark struct {
	uidNext     imap.UID
	uidValidity uint32
}

// watch runs one connection: catch up Sent and the inbox, then IDLE the
// inbox, looking at Sent between IDLEs, until the connection fails or ctx
// ends.
func (m *MailboxWatcher) watch(ctx context.Context) error {
	w := m.inbox
	newMail := make(chan struct{}, 1)
	c, f, closeConn, err := w.open(ctx, newMailOptions(newMail))
	if err != nil {
		return err
	}
	defer closeConn()
	// A nudge wakes the IDLE as new mail does; Sent is looked at after
	// every wake.
	defer w.cfg.Nudges.listen(w.acct.Name(), newMail)()
	f.markBacklog(ctx)
	if f, err = f.refetchRefused(ctx); err != nil {
		return err
	}
	var mark sentMark // zero until Sent is caught up on this connection
	for {
		if err := m.watchInbox(ctx, c, f, newMail, &mark); err != nil || ctx.Err() != nil {
			return err
		}
		if mark, err = m.syncSent(ctx, c, mark == sentMark{}); err != nil {
			return err
		}
		// Selected again after every visit to Sent; the inbox's EXISTS
		// while Sent was selected went unheard, so it is caught up too.
		if f, err = w.selectFolder(ctx, c); err != nil {
			return err
		}
	}
}

// watchInbox catches up the selected inbox and waits for its mail, again
// and again, until Sent changed or was never caught up (nil), or the
// connection failed.
func (m *MailboxWatcher) watchInbox(ctx context.Context, c *imapclient.Client, f *folderSync, newMail <-chan struct{}, mark *sentMark) error {
	w := m.inbox
	for {
		stored, err := f.catchUp(ctx, time.Time{})
		if err != nil {
			return err
		}
		w.catchUps++
		if !w.report(ctx, CatchUp{Folder: w.folder, Stored: stored, LastUID: f.mb.LastUID}) {
			return nil
		}
		if *mark == (sentMark{}) {
			return nil // Sent is caught up first, then watched
		}
		sentChanged, err := m.waitForMail(ctx, c, newMail, *mark)
		if err != nil || sentChanged || ctx.Err() != nil {
			return err
		}
		if err := w.checkUIDValidity(c, f.mb.UIDValidity); err != nil {
			return err
		}
	}
}

// syncSent selects Sent and stores its new mail, and returns what STATUS
// said of it just before. first marks the mail a crash left unmarked, once
// per connection.
func (m *MailboxWatcher) syncSent(ctx context.Context, c *imapclient.Client, first bool) (sentMark, error) {
	s := m.sent
	mark, err := m.sentStatus(c)
	if err != nil {
		return sentMark{}, err
	}
	f, err := s.selectFolder(ctx, c)
	if err != nil {
		return sentMark{}, &sentError{s.folder, err}
	}
	if first {
		f.markBacklog(ctx)
		if f, err = f.refetchRefused(ctx); err != nil {
			return sentMark{}, &sentError{s.folder, err}
		}
	}
	stored, err := f.catchUp(ctx, time.Time{})
	if err != nil {
		return sentMark{}, &sentError{s.folder, err}
	}
	s.catchUps++
	s.report(ctx, CatchUp{Folder: s.folder, Stored: stored, LastUID: f.mb.LastUID})
	if mark == (sentMark{}) {
		// A server that omits both is asked again at every SentPoll,
		// and Sent caught up each time its answer differs from this.
		mark.uidNext = 1
	}
	return mark, nil
}

// sentStatus asks the server for Sent's next UID and UIDVALIDITY, within
// the liveness timeout: it is also the proof that the connection lives.
func (m *MailboxWatcher) sentStatus(c *imapclient.Client) (sentMark, error) {
	s := m.sent
	st, err := withDeadline(s, c, s.cfg.LivenessTimeout, func() (*imap.StatusData, error) {
		return c.Status(s.folder, &imap.StatusOptions{UIDNext: true, UIDValidity: true}).Wait()
	})
	if err != nil {
		var refused *imap.Error
		if errors.As(err, &refused) {
			return sentMark{}, fmt.Errorf("%w: status %s: %w", errOwnConnections, s.folder, err)
		}
		return sentMark{}, fmt.Errorf("status %s: %w", s.folder, err)
	}
	return sentMark{uidNext: st.UIDNext, uidValidity: st.UIDValidity}, nil
}

// waitForMail returns when the inbox may have new mail (an EXISTS during
// IDLE, IdleRestart elapsed, the poll interval without IDLE), or when Sent
// changed (sentChanged). IDLE is ended every SentPoll (or LivenessInterval,
// if shorter) to look at Sent: the server's answers then prove the
// connection alive too, as the liveness check of a lone watcher does.
func (m *MailboxWatcher) waitForMail(ctx context.Context, c *imapclient.Client, newMail <-chan struct{}, mark sentMark) (sentChanged bool, err error) {
	w := m.inbox
	changed := func() (bool, error) {
		now, err := m.sentStatus(c)
		return err == nil && now != mark, err
	}
	if w.cfg.NoIdle || !c.Caps().Has(imap.CapIdle) {
		if !sleepCtx(ctx, w.cfg.PollInterval) {
			return false, nil
		}
		return changed()
	}
	w.log.Debug("waiting for new mail", "idle", true)
	renew := time.Now().Add(w.cfg.IdleRestart)
	for {
		woke, err := w.idleOnce(ctx, c, newMail, min(w.cfg.SentPoll, w.cfg.LivenessInterval, time.Until(renew)))
		if err != nil || ctx.Err() != nil {
			return false, err
		}
		sentChanged, err := changed()
		if err != nil || woke || sentChanged || !time.Now().Before(renew) {
			return sentChanged, err
		}
	}
}
