package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Enqueuer adds a message's processing job in the transaction that stores
// the message.
type Enqueuer interface {
	EnqueueProcess(ctx context.Context, tx pgx.Tx, messageID int64) error
}

// manyEnqueuer is an Enqueuer that adds many jobs in one statement.
type manyEnqueuer interface {
	EnqueueProcessMany(ctx context.Context, tx pgx.Tx, messageIDs []int64) error
}

// enqueueAll adds the processing jobs of ids within tx, in one statement
// when q can.
func enqueueAll(ctx context.Context, q Enqueuer, tx pgx.Tx, ids []int64) error {
	if m, ok := q.(manyEnqueuer); ok {
		return m.EnqueueProcessMany(ctx, tx, ids)
	}
	for _, id := range ids {
		if err := q.EnqueueProcess(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// WatcherConfig tunes a watcher; zero values take the defaults.
type WatcherConfig struct {
	PollInterval time.Duration // without IDLE, how often to look for new mail; default 30s
	NoIdle       bool          // poll even when the server offers IDLE (for servers whose IDLE is unreliable)
	IdleRestart  time.Duration // IDLE is renewed, and the folder checked again, at least this often; default 9m
	// LivenessInterval: after this long in IDLE without news, IDLE is
	// ended and re-issued, a round trip that proves the connection alive;
	// default 40s. A connection that died silently (a NAT timeout, a
	// firewall dropping its state) is noticed within LivenessInterval +
	// LivenessTimeout.
	LivenessInterval time.Duration
	// LivenessTimeout bounds that round trip, and the NOOP of a polled
	// folder; default 20s.
	LivenessTimeout time.Duration
	CommandTimeout  time.Duration // watchdog for one IMAP command; default 2m
	MaxMessageBytes int64         // larger messages are rejected, raw kept up to this; default 150 MB
	BatchSize       int           // messages committed per transaction; default 25
	TempDir         string        // spool for messages being fetched; default os.TempDir()
	Keyword         string        // keyword marking processed mail; default $ClaimdeskFiled
	Steps           *StepTimes    // when set, gets the time of the IMAP fetches (StepFetch)
	BackoffMin      time.Duration // first reconnect delay; default 1s
	BackoffMax      time.Duration // longest reconnect delay; default 5m
	// ReconnectSpread: a connection that worked and dropped is opened
	// again after BackoffMin plus a random part of this; default 10s.
	// A server restart drops every watcher's connection at once, and
	// they come back spread over this window, not in the same second.
	ReconnectSpread time.Duration
	// SentPoll: how often a watcher that IDLEs the inbox asks the server
	// whether Sent changed (STATUS), on the same connection; default 5s.
	SentPoll time.Duration
	// Logins, when set, caps the logins running at once among the
	// watchers sharing it: one per process.
	Logins *LoginGate
	// Conns, when set, caps the connections open at once to one server
	// among the watchers sharing it: one per process.
	Conns *ServerConns
	// Nudges, when set, wakes a MailboxWatcher to look at Sent when this
	// process has just filed a reply there.
	Nudges *SentNudges
}

func (c WatcherConfig) withDefaults() WatcherConfig {
	c.PollInterval = cmp.Or(c.PollInterval, 30*time.Second)
	c.IdleRestart = cmp.Or(c.IdleRestart, 9*time.Minute)
	c.LivenessInterval = cmp.Or(c.LivenessInterval, 40*time.Second)
	c.LivenessTimeout = cmp.Or(c.LivenessTimeout, 20*time.Second)
	c.CommandTimeout = cmp.Or(c.CommandTimeout, 2*time.Minute)
	c.MaxMessageBytes = cmp.Or(c.MaxMessageBytes, 150<<20)
	c.BatchSize = cmp.Or(c.BatchSize, 25)
	c.Keyword = cmp.Or(c.Keyword, "$ClaimdeskFiled")
	c.BackoffMin = cmp.Or(c.BackoffMin, time.Second)
	c.BackoffMax = cmp.Or(c.BackoffMax, 5*time.Minute)
	c.ReconnectSpread = cmp.Or(c.ReconnectSpread, 10*time.Second)
	c.SentPoll = cmp.Or(c.SentPoll, 5*time.Second)
	return c
}

// reconnectDelay is how long a watcher waits before opening again a
// connection that worked and dropped: BackoffMin and a part of
// ReconnectSpread drawn by randN (rand.Int64N's contract).
func (c WatcherConfig) reconnectDelay(randN func(int64) int64) time.Duration {
	return c.BackoffMin + time.Duration(randN(int64(c.ReconnectSpread)))
}

// Watcher keeps one folder of one account stored: it catches up from the
// last stored UID, then waits for new mail with IDLE (or polls), forever,
// reconnecting with backoff when the connection fails.
type Watcher struct {
	acct   mailbox.Account
	folder string
	role   string // storage.RoleInbox or storage.RoleSent
	db     *storage.DB
	blobs  blob.Store
	queue  Enqueuer
	cfg    WatcherConfig
	log    *slog.Logger

	// caughtUp, when set, receives a value after each completed catch-up:
	// tests and backfill wait on it instead of sleeping.
	caughtUp chan<- CatchUp
	// livenessChecked, when set, is called after each quiet IDLE ended
	// with the server's answer: tests count the round trips with it.
	livenessChecked func()
	// randN draws the random part of reconnect delays (rand.Int64N);
	// tests make it predictable.
	randN func(int64) int64
	// catchUps counts completed catch-ups; Run resets its backoff after a
	// connection that did one. Only Run's goroutine touches it.
	catchUps int
}

// CatchUp reports one completed pass over a folder.
type CatchUp struct {
	Folder  string
	Stored  int // messages newly stored
	LastUID uint32
}

// NewWatcher watches folder (with the given role) of acct.
func NewWatcher(acct mailbox.Account, folder, role string, db *storage.DB, blobs blob.Store, queue Enqueuer, cfg WatcherConfig, log *slog.Logger) *Watcher {
	return &Watcher{
		acct: acct, folder: folder, role: role, db: db, blobs: blobs, queue: queue,
		cfg: cfg.withDefaults(), randN: rand.Int64N,
		log: log.With("mailbox", acct.Name(), "folder", folder),
	}
}

// NotifyCatchUp makes the watcher send a CatchUp on ch after every pass.
func (w *Watcher) NotifyCatchUp(ch chan<- CatchUp) { w.caughtUp = ch }

// RunHeld watches until ctx ends, for a caller that holds the folder's
// mailbox for this process (a WatchShare, which makes one process at a time
// watch it): the caller ends ctx when it lets the mailbox go.
func (w *Watcher) RunHeld(ctx context.Context) error {
	return w.run(ctx, w.watch)
}

// run connects and watches (one connection per call of watch) again and
// again with backoff, until ctx ends or watch asks for errOwnConnections.
func (w *Watcher) run(ctx context.Context, watch func(context.Context) error) error {
	backoff := w.cfg.BackoffMin
	for {
		catchUps := w.catchUps
		err := watch(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, errOwnConnections) {
			return err
		}
		// retryIn is the backoff said; the wait is jittered around it.
		retryIn, wait := backoff, jitter(backoff)
		if w.catchUps > catchUps {
			// A failure after a connection that worked is a new incident,
			// not the next of a series: retry soon, but not in the same
			// second as every other watcher of a server that restarted.
			backoff = w.cfg.BackoffMin
			wait = w.cfg.reconnectDelay(w.randN)
			retryIn = wait
		}
		if err != nil {
			failed := failedFolder(err, w.folder)
			w.log.Warn("mailbox watcher stopped", "failed_folder", failed, "err", err, "retry_in", retryIn.Round(time.Millisecond))
			w.acct.NoteRetry(failed, err, retryIn)
		}
		if !sleepCtx(ctx, wait) {
			return nil
		}
		if err == nil {
			backoff = w.cfg.BackoffMin
		} else {
			backoff = min(backoff*2, w.cfg.BackoffMax)
		}
	}
}

// watch runs one connection: select, catch up, then wait for new mail and
// catch up again, until the connection fails or ctx ends.
func (w *Watcher) watch(ctx context.Context) error {
	newMail := make(chan struct{}, 1)
	c, f, closeConn, err := w.open(ctx, newMailOptions(newMail))
	if err != nil {
		return err
	}
	defer closeConn()
	f.markBacklog(ctx)
	if f, err = f.refetchRefused(ctx); err != nil {
		return err
	}
	mb := f.mb
	for {
		stored, err := f.catchUp(ctx, time.Time{})
		if err != nil {
			return err
		}
		w.catchUps++
		if !w.report(ctx, CatchUp{Folder: w.folder, Stored: stored, LastUID: mb.LastUID}) {
			return nil
		}
		if err := w.waitForMail(ctx, c, newMail); err != nil {
			return err
		}
		if err := w.checkUIDValidity(c, mb.UIDValidity); err != nil {
			return err
		}
	}
}

// report sends c to the catch-up channel, if any; false when ctx ended
// first.
func (w *Watcher) report(ctx context.Context, c CatchUp) bool {
	if w.caughtUp == nil {
		return true
	}
	select {
	case w.caughtUp <- c:
		return true
	case <-ctx.Done():
		return false
	}
}

// newMailOptions are those of a connection that signals newMail when the
// selected folder's message count changes (an EXISTS).
func newMailOptions(newMail chan<- struct{}) *imapclient.Options {
	return &imapclient.Options{
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			// Runs on the client's reader goroutine: only signal.
			Mailbox: func(data *imapclient.UnilateralDataMailbox) {
				if data.NumMessages != nil {
					select {
					case newMail <- struct{}{}:
					default:
					}
				}
			},
		},
	}
}

// open connects, logs in and selects the folder; the connection closes
// when ctx ends or closeConn is called.
func (w *Watcher) open(ctx context.Context, opts *imapclient.Options) (*imapclient.Client, *folderSync, func(), error) {
	server := w.acct.Host
	if !w.cfg.Conns.acquire(ctx, server) {
		return nil, nil, nil, ctx.Err()
	}
	if !w.cfg.Logins.enter(ctx) {
		w.cfg.Conns.release(server)
		return nil, nil, nil, ctx.Err()
	}
	c, err := w.acct.Dial(opts)
	w.cfg.Logins.leave()
	if err != nil {
		w.cfg.Conns.release(server)
		return nil, nil, nil, err
	}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	var closeOnce sync.Once
	closeConn := func() {
		closeOnce.Do(func() {
			stop()
			c.Close()
			w.cfg.Conns.release(server)
		})
	}
	f, err := w.selectFolder(ctx, c)
	if err != nil {
		closeConn()
		return nil, nil, nil, err
	}
	return c, f, closeConn, nil
}

// selectFolder selects the folder and loads its checkpoint, starting over
// when the server's UIDVALIDITY is not the one stored.
func (w *Watcher) selectFolder(ctx context.Context, c *imapclient.Client) (*folderSync, error) {
	sel, err := withWatchdog(w, c, func() (*imap.SelectData, error) { return c.Select(w.folder, nil).Wait() })
	if err != nil {
		return nil, fmt.Errorf("select %s: %w", w.folder, err)
	}
	mb, err := w.db.EnsureMailbox(ctx, w.acct.Name(), w.folder, w.role)
	if err != nil {
		return nil, err
	}
	if mb.UIDValidity != sel.UIDValidity {
		if mb.UIDValidity != 0 {
			w.log.Warn("UIDVALIDITY changed: re-scanning the folder", "old", mb.UIDValidity, "new", sel.UIDValidity)
		}
		if err := w.db.ResetUIDValidity(ctx, mb.ID, sel.UIDValidity); err != nil {
			return nil, err
		}
		mb.UIDValidity, mb.LastUID = sel.UIDValidity, 0
	}
	canKeyword := mailbox.PermanentKeywords(sel.PermanentFlags)
	w.log.Info("folder selected", "uidvalidity", sel.UIDValidity, "last_uid", mb.LastUID, "messages", sel.NumMessages,
		"idle", c.Caps().Has(imap.CapIdle), "keyword", canKeyword)
	return &folderSync{w: w, c: c, mb: &mb, canKeyword: canKeyword}, nil
}

// errUIDValidityChanged ends a connection so the next one selects the
// folder afresh and re-scans it.
var errUIDValidityChanged = errors.New("UIDVALIDITY changed while watching")

// checkUIDValidity notices a folder deleted and recreated under a selected
// connection, which servers do not always announce.
func (w *Watcher) checkUIDValidity(c *imapclient.Client, want uint32) error {
	st, err := withWatchdog(w, c, func() (*imap.StatusData, error) {
		return c.Status(w.folder, &imap.StatusOptions{UIDValidity: true}).Wait()
	})
	if err != nil {
		return fmt.Errorf("status %s: %w", w.folder, err)
	}
	if st.UIDValidity != want {
		return errUIDValidityChanged
	}
	return nil
}

// jitter spreads reconnects of many watchers: d ± 20 %.
func jitter(d time.Duration) time.Duration {
	return d - d/5 + time.Duration(rand.Int64N(int64(d)/5*2+1))
}

// sleepCtx waits d or until ctx ends; it reports whether d elapsed.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
