package main

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// failedLog is a HealthRecorder keeping the failures it hears.
type failedLog struct {
	mu     sync.Mutex
	failed []string
}

func (*failedLog) Connected(string) {}

func (f *failedLog) Failed(account, _ string, _ error, _ time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failed = append(f.failed, account)
}

// supervisedEvents records the supervisor's starts and stops, in order.
type supervisedEvents struct {
	mu  sync.Mutex
	got []string
}

func (e *supervisedEvents) watch(ctx context.Context, acct mailbox.Account) {
	e.add("start " + acct.Name())
	<-ctx.Done()
	e.add("stop " + acct.Name())
}

func (e *supervisedEvents) add(s string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.got = append(e.got, s)
}

// take returns the events since the last take, once there are want of
// them (starts run on their own goroutines).
func (e *supervisedEvents) take(t *testing.T, want int) []string {
	t.Helper()
	var out []string
	waitFor(t, 10*time.Second, func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		if len(e.got) < want {
			return false
		}
		out, e.got = e.got, nil
		return true
	})
	slices.Sort(out)
	return out
}

// TestMailboxSupervisorFollowsTheTable passes the supervisor over the
// mailbox table as it changes: a mailbox added is started, one whose
// settings changed is stopped then started again, one removed is stopped
// and its health forgotten, one whose credentials do not open is reported
// once; the others are left alone.
func TestMailboxSupervisorFollowsTheTable(t *testing.T) {
	c := newCLI(t)
	db, pool := c.db(), c.sql()
	ctx := context.Background()
	add := func(name string) {
		t.Helper()
		code, out, errOut := c.run("secret\n", "mailbox", "add", "--user", name+"@office.example", "--host", "127.0.0.1:1",
			"--tls", "none", "--sent", "Sent", "--name", name, "--skip-test")
		if code != 0 {
			t.Fatalf("mailbox add %s: exit %d, stdout %q, stderr %q", name, code, out, errOut)
		}
	}
	events := &supervisedEvents{}
	health := &failedLog{}
	s := newMailboxSupervisor(&config.Config{DataDir: c.env["CLAIMDESK_DATA_DIR"]}, db, &outbox.SentFolders{}, health,
		slog.New(slog.DiscardHandler), events.watch)
	defer s.stopAll()

	add("a")
	add("b")
	s.sync(ctx)
	if got := events.take(t, 2); !slices.Equal(got, []string{"start a", "start b"}) {
		t.Fatalf("first pass: %v", got)
	}

	if _, err := pool.Exec(ctx, `UPDATE mailbox_accounts SET move_to = 'Archive' WHERE name = 'b'`); err != nil {
		t.Fatal(err)
	}
	s.sync(ctx)
	if got := events.take(t, 2); !slices.Equal(got, []string{"start b", "stop b"}) {
		t.Fatalf("after b's settings changed: %v; want b restarted, a left alone", got)
	}
	running := s.running["a"]
	s.sync(ctx)
	if got := events.take(t, 0); len(got) != 0 || s.running["a"] != running {
		t.Fatalf("a pass over an unchanged table: %v", got)
	}

	if err := db.DeleteMailboxAccount(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	// a's watcher reports once more before it is stopped.
	if err := db.RecordMailboxConnected(ctx, "a", time.Now()); err != nil {
		t.Fatal(err)
	}
	s.sync(ctx)
	if got := events.take(t, 1); !slices.Equal(got, []string{"stop a"}) {
		t.Fatalf("after removing a: %v", got)
	}
	healths, err := db.MailboxHealths(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(healths, func(h storage.MailboxHealth) bool { return h.Account == "a" }) {
		t.Errorf("a removed mailbox keeps its health: %+v", healths)
	}

	add("c")
	if _, err := pool.Exec(ctx, `UPDATE mailbox_accounts SET secret = 'not sealed' WHERE name = 'c'`); err != nil {
		t.Fatal(err)
	}
	s.sync(ctx)
	s.sync(ctx)
	if _, ok := s.running["c"]; ok {
		t.Errorf("a mailbox whose credentials do not open was started")
	}
	if !slices.Equal(health.failed, []string{"c"}) {
		t.Errorf("failures reported: %v; want c's, once", health.failed)
	}
}
