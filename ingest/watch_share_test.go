package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// shareRig runs WatchShares on one database with stand-in watchers that
// record who watches each mailbox, failing the test when two watch one at
// once.
type shareRig struct {
	t     *testing.T
	db    *storage.DB
	sql   *pgxpool.Pool
	names []string

	mu       sync.Mutex
	watching map[string]string // mailbox -> process watching it
	starts   int               // watchers started, each a login to a mailbox
	ended    chan string       // a mailbox whose watcher stopped
}

func newShareRig(t *testing.T, mailboxes int) *shareRig {
	db, dsn := openDB(t)
	r := &shareRig{t: t, db: db, sql: testenv.SQL(t, dsn), watching: map[string]string{}, ended: make(chan string, 1000)}
	for i := range mailboxes {
		r.names = append(r.names, fmt.Sprintf("office-%02d@example.com", i))
	}
	return r
}

// runningShare is one process's share and what it reports.
type runningShare struct {
	*WatchShare
	passes chan []string
	stop   func()
}

// start runs a share as process id; cfg's zero fields take test speeds.
func (r *shareRig) start(id string, cfg WatchShareConfig) *runningShare {
	cfg.ProcessID = id
	cfg.Interval = cmpDur(cfg.Interval, 20*time.Millisecond)
	cfg.TTL = cmpDur(cfg.TTL, time.Hour)
	cfg.LockCheck = cmpDur(cfg.LockCheck, 20*time.Millisecond)
	s := NewWatchShare(r.db, cfg, slog.New(slog.DiscardHandler))
	rs := &runningShare{WatchShare: s, passes: make(chan []string, 1)}
	s.NotifyPass(func(held []string) {
		// Only the latest pass matters to the tests.
		select {
		case <-rs.passes:
		default:
		}
		rs.passes <- held
	})
	for _, name := range r.names {
		s.Offer(name, func(ctx context.Context) {
			r.mu.Lock()
			if other, ok := r.watching[name]; ok {
				r.t.Errorf("%s watched by %s and %s at once", name, other, id)
			}
			r.watching[name] = id
			r.starts++
			r.mu.Unlock()
			<-ctx.Done()
			r.mu.Lock()
			delete(r.watching, name)
			r.mu.Unlock()
			select {
			case r.ended <- name:
			default:
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Run(ctx)
	}()
	rs.stop = func() { cancel(); <-done }
	r.t.Cleanup(rs.stop)
	return rs
}

// waitHeld waits until a pass of s ends holding want mailboxes.
func (r *shareRig) waitHeld(s *runningShare, want int) []string {
	r.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case held := <-s.passes:
			if len(held) == want {
				return held
			}
		case <-deadline:
			r.t.Fatalf("%s holds %v, not %d mailboxes, after 30s", s.cfg.ProcessID, s.Held(), want)
		}
	}
}

// watchedBy counts the mailboxes each process watches now.
func (r *shareRig) watchedBy() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := map[string]int{}
	for _, p := range r.watching {
		n[p]++
	}
	return n
}

// waitWatching waits until the stand-in watchers running are want, by
// process: a watcher starts on a goroutine of its own, a moment after the
// pass that took its mailbox.
func (r *shareRig) waitWatching(want map[string]int) {
	r.t.Helper()
	deadline := time.After(30 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !maps.Equal(r.watchedBy(), want) {
		select {
		case <-deadline:
			r.t.Fatalf("watching %v, want %v", r.watchedBy(), want)
		case <-tick.C:
		}
	}
}

// Processes share the mailboxes by count: one alone watches them all, a
// second joining takes half, one leaving hands its share back.
func TestWatchShareSplitsMailboxesByCount(t *testing.T) {
	t.Parallel()
	r := newShareRig(t, 10)
	a := r.start("a", WatchShareConfig{})
	r.waitHeld(a, 10)
	b := r.start("b", WatchShareConfig{})
	r.waitHeld(b, 5)
	r.waitHeld(a, 5)
	r.waitWatching(map[string]int{"a": 5, "b": 5})
	ws, err := r.db.MailboxWatchers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 10 {
		t.Fatalf("recorded watchers %v, want all 10 mailboxes", ws)
	}
	c := r.start("c", WatchShareConfig{})
	// 10 by 3: the first by id (a) takes one more.
	r.waitHeld(c, 3)
	r.waitHeld(b, 3)
	r.waitHeld(a, 4)
	r.waitWatching(map[string]int{"a": 4, "b": 3, "c": 3})
	b.stop()
	c.stop()
	r.waitHeld(a, 10)
}

// Processes started together each log in to their share of the
// mailboxes only: none takes every mailbox for a pass before it sees the
// others, to hand most of them over (and log in to them twice) a pass
// later.
func TestWatchSharesStartingTogetherTakeOnlyTheirShare(t *testing.T) {
	t.Parallel()
	r := newShareRig(t, 10)
	cfg := WatchShareConfig{Settle: 500 * time.Millisecond}
	a := r.start("a", cfg)
	b := r.start("b", cfg)
	r.waitHeld(a, 5)
	r.waitHeld(b, 5)
	r.waitWatching(map[string]int{"a": 5, "b": 5})
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.starts != 10 {
		t.Errorf("%d logins to 10 mailboxes: mailboxes taken by one process were handed to the other", r.starts)
	}
}

// A process killed without leaving has its mailboxes taken over at the
// next pass: its connection, and its own lock, went with it.
func TestWatchShareTakesOverFromKilledProcess(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := newShareRig(t, 6)
	ghost := r.ghost(ctx, "ghost", r.names[:3])
	a := r.start("a", WatchShareConfig{})
	held := r.waitHeld(a, 3)
	if !slices.Equal(held, r.names[3:]) {
		t.Fatalf("held %v, want the ghost's others %v", held, r.names[3:])
	}
	// The ghost is killed: its connection ends, its heartbeat row stays
	// (the TTL is an hour).
	ghost.Close()
	r.waitHeld(a, 6)
}

// A process that stops saying it is alive (stopped with SIGSTOP, hung),
// its connection open, is counted out once its silence passes the TTL, and
// its lock session is ended: the others take its mailboxes, and the
// silent process, should it run again, finds its session lost (which
// stops its watchers, as TestWatchShareStopsAllWatchersWhenLockConnectionIsLost
// shows).
func TestWatchShareTakesOverFromSilentProcess(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := newShareRig(t, 6)
	ghost := r.ghost(ctx, "ghost", r.names[:3])
	a := r.start("a", WatchShareConfig{TTL: time.Second})
	r.waitHeld(a, 6)
	select {
	case <-ghost.Lost():
	case <-time.After(10 * time.Second):
		t.Error("the silent process's lock session still lives 10s after the takeover")
	}
}

// ghost stands for another process: it says it is alive once, holds its own
// lock and those of mailboxes, and never passes again.
func (r *shareRig) ghost(ctx context.Context, id string, mailboxes []string) *storage.LockSession {
	r.t.Helper()
	s, err := r.db.OpenLockSession(ctx, time.Second)
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(s.Close)
	for _, key := range append([]int64{processKey(id)}, mapKeys(mailboxes)...) {
		if ok, err := s.TryLock(ctx, key); !ok || err != nil {
			r.t.Fatalf("ghost lock %x: %v %v", key, ok, err)
		}
	}
	if _, _, err := r.db.WatchHeartbeat(ctx, id, "elsewhere:1", processKey(id), time.Hour); err != nil {
		r.t.Fatal(err)
	}
	return s
}

func mapKeys(names []string) []int64 {
	keys := make([]int64, len(names))
	for i, n := range names {
		keys[i] = shareKey(n)
	}
	return keys
}

// Losing the connection that holds the locks stops every watcher of the
// process at once; the process then connects again and takes its share
// back.
func TestWatchShareStopsAllWatchersWhenLockConnectionIsLost(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := newShareRig(t, 8)
	a := r.start("a", WatchShareConfig{})
	r.waitHeld(a, 8)
	a.mu.Lock()
	pid := a.session.BackendPID()
	a.mu.Unlock()

	if _, err := r.sql.Exec(ctx, "SELECT pg_terminate_backend($1)", pid); err != nil {
		t.Fatal(err)
	}
	terminated := time.Now()
	deadline := time.After(10 * time.Second)
	for range 8 {
		select {
		case <-r.ended:
		case <-deadline:
			t.Fatalf("watchers still running 10s after the lock connection was lost: %v", r.watchedBy())
		}
	}
	if d := time.Since(terminated); d > 2*time.Second {
		t.Errorf("watchers stopped %s after the loss, want within a few checks (20ms)", d)
	}
	// A pass from before the loss may be waiting: the next one counts.
	select {
	case <-a.passes:
	default:
	}
	r.waitHeld(a, 8)
	a.mu.Lock()
	again := a.session.BackendPID()
	a.mu.Unlock()
	if again == pid {
		t.Error("the share kept using the lost connection")
	}
}

// A backfill leaves alone a mailbox that a serve process's share holds,
// and a share does not take a mailbox while a backfill imports it.
func TestBackfillAndShareNeverImportOneMailboxAtOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setupWatch(t)
	w := NewWatcher(b.acct, "INBOX", storage.RoleInbox, b.db, b.blobs, b.queue, WatcherConfig{TempDir: t.TempDir()}, testenv.Logger(t))
	session, err := b.db.OpenLockSession(ctx, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	if ok, err := session.TryLock(ctx, shareKey(b.acct.Name())); !ok || err != nil {
		t.Fatalf("lock: %v, %v", ok, err)
	}
	if _, err := w.Backfill(ctx, time.Time{}, func(Progress) {}); !errors.Is(err, ErrWatched) {
		t.Fatalf("backfill of a mailbox a share holds: %v, want ErrWatched", err)
	}
	if err := session.Unlock(ctx, shareKey(b.acct.Name())); err != nil {
		t.Fatal(err)
	}
	// While the backfill runs, the share is refused the mailbox.
	_, err = w.Backfill(ctx, time.Time{}, func(Progress) {
		if ok, err := session.TryLock(ctx, shareKey(b.acct.Name())); ok || err != nil {
			t.Errorf("a share took the mailbox during a backfill: %v, %v", ok, err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}
