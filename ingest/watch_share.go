package ingest

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// WatchShareConfig tunes a WatchShare; zero values take the defaults.
type WatchShareConfig struct {
	// ProcessID names this process among those sharing the database's
	// mailboxes; unique, and new at every start.
	ProcessID string
	// ProcessName is what the API and the metrics show for this process
	// (host:pid); default ProcessID.
	ProcessName string
	// Interval: how often the process says it is alive and takes or hands
	// over mailboxes; default 5s.
	Interval time.Duration
	// TTL: a process silent this long is taken for dead, and its share
	// goes to the others, even while its connection lives on; default 30s.
	// A process that dies loses its connection, and is taken for dead at
	// the next pass of the others.
	TTL time.Duration
	// LockCheck: how often the connection holding the locks is checked;
	// default 1s. Its loss stops every watcher within this.
	LockCheck time.Duration
	// Settle: how long a starting process, once it has said it is alive,
	// waits for the processes starting with it to say so too before it
	// takes mailboxes; default Interval, at most 2s. Processes started
	// together then each take their share at once, instead of one taking
	// every mailbox and handing most of them over a pass later.
	Settle time.Duration
}

func (c WatchShareConfig) withDefaults() WatchShareConfig {
	c.ProcessName = cmp.Or(c.ProcessName, c.ProcessID)
	c.Interval = cmp.Or(c.Interval, 5*time.Second)
	c.TTL = cmp.Or(c.TTL, 30*time.Second)
	c.LockCheck = cmp.Or(c.LockCheck, time.Second)
	c.Settle = cmp.Or(c.Settle, min(c.Interval, 2*time.Second))
	return c
}

// WatchShare shares the mailboxes among the claimdesk processes of one
// database, fairly by count: each live process watches
// mailboxes / live processes of them (one more for the first few, when
// they do not divide), hands the rest over when
// another process joins, and takes its larger share when one leaves or
// dies. Which process watches a mailbox is decided by a session advisory
// lock per mailbox, all of a process's on one connection (a LockSession):
// the process holds one connection for its locks however many mailboxes
// it watches, and when that connection is lost every watcher stops at
// once, since another process may take its mailboxes now.
type WatchShare struct {
	db  *storage.DB
	cfg WatchShareConfig
	log *slog.Logger

	mu      sync.Mutex
	offered map[string]func(context.Context) // every mailbox known, by name: how to watch it
	held    map[string]*heldMailbox          // those this process watches
	session *storage.LockSession
	wake    chan struct{}
	// said is the share and process count last logged: logged again only
	// when they change.
	said [2]int

	// passed, when set, is called after each pass with the mailboxes held:
	// tests wait on it instead of sleeping.
	passed func(held []string)
}

// heldMailbox is a mailbox this process holds the lock of and watches.
type heldMailbox struct {
	stop context.CancelFunc
	done chan struct{}
}

// NewWatchShare makes the share of this process; Run runs it.
func NewWatchShare(db *storage.DB, cfg WatchShareConfig, log *slog.Logger) *WatchShare {
	cfg = cfg.withDefaults()
	return &WatchShare{db: db, cfg: cfg, log: log.With("component", "watch_share", "process", cfg.ProcessName),
		offered: map[string]func(context.Context){}, held: map[string]*heldMailbox{}, wake: make(chan struct{}, 1)}
}

// NotifyPass makes the share call fn after each pass with the names of the
// mailboxes it holds; call it before Run.
func (s *WatchShare) NotifyPass(fn func(held []string)) { s.passed = fn }

// Offer adds mailbox name to those shared: run watches it, until its
// context ends, whenever this process holds it. Offering a name again
// replaces its run, stopping the old one first.
func (s *WatchShare) Offer(name string, run func(context.Context)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.release(name)
	s.offered[name] = run
	s.signal()
}

// Withdraw takes mailbox name out of the share; once it returns, this
// process no longer watches it.
func (s *WatchShare) Withdraw(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.release(name)
	delete(s.offered, name)
	s.signal()
}

// Held lists the mailboxes this process watches, by name.
func (s *WatchShare) Held() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heldNames()
}

func (s *WatchShare) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run shares until ctx ends, then stops every watcher, lets go of the
// locks and leaves, so that the other processes take over at once.
func (s *WatchShare) Run(ctx context.Context) {
	defer s.leave(ctx)
	if !s.register(ctx) {
		return
	}
	tick := time.NewTicker(s.cfg.Interval)
	defer tick.Stop()
	for {
		s.pass(ctx)
		var lost <-chan struct{}
		if s.session != nil {
			lost = s.session.Lost()
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-s.wake:
		case <-lost:
			s.lose()
		}
	}
}

// register says this process is alive, then waits Settle for the
// processes starting with it; false when ctx ended first.
func (s *WatchShare) register(ctx context.Context) bool {
	s.mu.Lock()
	if s.connect(ctx) {
		if _, _, err := s.heartbeat(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("could not say this process is alive", "err", err)
		}
	}
	s.mu.Unlock()
	return sleepCtx(ctx, s.cfg.Settle)
}

// heartbeat ends the lock sessions of processes silent past the TTL,
// whose mailboxes are then free to take, and says this one is alive.
func (s *WatchShare) heartbeat(ctx context.Context) (rank, live int, err error) {
	if n, err := s.db.EndSilentWatchers(ctx, s.cfg.ProcessID, s.cfg.TTL); err != nil {
		if ctx.Err() == nil {
			s.log.Warn("could not end the lock sessions of silent processes", "err", err)
		}
	} else if n > 0 {
		s.log.Warn("ended the lock sessions of processes silent past the TTL: their mailboxes go to the others",
			"processes", n, "ttl", s.cfg.TTL)
	}
	return s.db.WatchHeartbeat(ctx, s.cfg.ProcessID, s.cfg.ProcessName, processKey(s.cfg.ProcessID), s.cfg.TTL)
}

// lose stops every watcher of a lost lock session: their locks are gone,
// and other processes may be watching the same mailboxes already.
func (s *WatchShare) lose() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log.Warn("lost the connection holding the mailbox locks: stopped watching", "err", s.session.Err(), "mailboxes", len(s.held))
	s.stopAll()
	s.session.Close()
	s.session = nil
}

// pass says this process is alive, then takes or hands over mailboxes until
// it holds its share.
func (s *WatchShare) pass(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.session == nil && !s.connect(ctx) {
		return
	}
	rank, live, err := s.heartbeat(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("could not say this process is alive; watching the mailboxes already held", "err", err)
		}
		return
	}
	share := fairShare(len(s.offered), rank, live)
	if said := [2]int{share, live}; said != s.said {
		s.said = said
		s.log.Info("sharing the mailboxes", "processes", live, "mailboxes", len(s.offered), "share", share)
	}
	s.handOver(share)
	s.take(ctx, share)
	held := s.heldNames()
	if err := s.db.SetMailboxWatchers(ctx, s.cfg.ProcessID, held); err != nil && ctx.Err() == nil {
		s.log.Warn("could not record the mailboxes watched", "err", err)
	}
	if s.passed != nil {
		s.passed(held)
	}
}

// connect opens the lock session and takes this process's own lock in it,
// by which the others know it alive; false when it could not.
func (s *WatchShare) connect(ctx context.Context) bool {
	session, err := s.db.OpenLockSession(ctx, s.cfg.LockCheck)
	if err == nil {
		var ok bool
		ok, err = session.TryLock(ctx, processKey(s.cfg.ProcessID))
		if err == nil && !ok {
			err = fmt.Errorf("process id %s is in use by another process", s.cfg.ProcessID)
		}
		if err != nil {
			session.Close()
		}
	}
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("could not connect for the mailbox locks; trying again", "err", err)
		}
		return false
	}
	s.session = session
	return true
}

// fairShare is how many of n mailboxes the process of rank (among live
// processes) watches: n/live, and one more for the first n%live, so that
// the shares add up to n and differ by one at most.
func fairShare(n, rank, live int) int {
	live = max(live, 1)
	share := n / live
	if rank < n%live {
		share++
	}
	return share
}

// handOver lets go of the mailboxes beyond share, those this process
// prefers least first.
func (s *WatchShare) handOver(share int) {
	if len(s.held) <= share {
		return
	}
	names := s.byPreference(s.heldNames())
	for _, name := range names[share:] {
		s.release(name)
	}
	s.log.Info("handed mailboxes over to other processes", "handed_over", len(names)-share, "share", share)
}

// take locks free mailboxes, those this process prefers first, until it
// holds share of them.
func (s *WatchShare) take(ctx context.Context, share int) {
	if len(s.held) >= share {
		return
	}
	var free []string
	for name := range s.offered {
		if s.held[name] == nil {
			free = append(free, name)
		}
	}
	took := 0
	for _, name := range s.byPreference(free) {
		if len(s.held) >= share || ctx.Err() != nil {
			break
		}
		ok, err := s.session.TryLock(ctx, shareKey(name))
		if err != nil {
			if ctx.Err() == nil {
				s.log.Warn("could not take a mailbox's lock", "mailbox", name, "err", err)
			}
			return
		}
		if ok {
			s.start(ctx, name)
			took++
		}
	}
	if took > 0 {
		s.log.Info("took mailboxes to watch", "took", took, "held", len(s.held), "share", share)
	}
}

// start runs the watchers of a mailbox whose lock this process holds.
func (s *WatchShare) start(ctx context.Context, name string) {
	ctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	h := &heldMailbox{stop: stop, done: make(chan struct{})}
	run := s.offered[name]
	go func() {
		defer close(h.done)
		run(ctx)
	}()
	s.held[name] = h
}

// release stops the watchers of mailbox name, if held, then unlocks it:
// never two processes at once on one mailbox.
func (s *WatchShare) release(name string) {
	h := s.held[name]
	if h == nil {
		return
	}
	h.stop()
	<-h.done
	delete(s.held, name)
	if s.session == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.session.Unlock(ctx, shareKey(name)); err != nil {
		s.log.Warn("could not release a mailbox's lock", "mailbox", name, "err", err)
	}
}

// stopAll stops every watcher, all at once, and waits for them.
func (s *WatchShare) stopAll() {
	for _, h := range s.held {
		h.stop()
	}
	for name, h := range s.held {
		<-h.done
		delete(s.held, name)
	}
}

// leave stops the watchers, closes the lock session and says this process
// is gone.
func (s *WatchShare) leave(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopAll()
	if s.session != nil {
		s.session.Close()
		s.session = nil
	}
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := s.db.LeaveWatch(lctx, s.cfg.ProcessID); err != nil {
		s.log.Warn("could not say this process left", "err", err)
	}
}

func (s *WatchShare) heldNames() []string {
	names := make([]string, 0, len(s.held))
	for name := range s.held {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// byPreference orders names by a hash of this process and the name: each
// process tries the free mailboxes in an order of its own, so that
// processes starting together rarely reach for the same lock.
func (s *WatchShare) byPreference(names []string) []string {
	rank := func(name string) uint64 {
		h := fnv.New64a()
		h.Write([]byte(s.cfg.ProcessID + "\x00" + name))
		return h.Sum64()
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(rank(a), rank(b)) })
	return names
}

// processKey is the advisory lock a process holds for as long as its lock
// session lives.
func processKey(id string) int64 {
	h := fnv.New64a()
	h.Write([]byte("claimdesk-process\x00" + id))
	return int64(h.Sum64())
}

// shareKey is the advisory lock of a mailbox shared among processes.
func shareKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("claimdesk-mailbox\x00" + name))
	return int64(h.Sum64())
}
