package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// These tests run the real binary as separate processes, so that a process
// can be killed with SIGKILL the way a crash or an OOM kill would.

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

func claimdeskBinary(t testing.TB) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "claimdesk-bin-")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "claimdesk")
		out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			binaryErr = fmt.Errorf("go build: %v: %s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

// proc is a claimdesk process under test.
type proc struct {
	cmd  *exec.Cmd
	logs *lineLog
	done chan struct{} // closed when the process has exited
	err  error         // Wait's result, once done is closed
}

// startProc runs claimdesk with args and env; it is killed when the test ends.
func startProc(t testing.TB, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(claimdeskBinary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	// A test binary that dies (a timeout) takes its claimdesk with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	logs := newLineLog()
	cmd.Stdout = logs
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, logs: logs, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			t.Logf("claimdesk %s output (last %d lines):\n%s", strings.Join(args, " "), failureLogLines, logs.tail(failureLogLines))
		}
	})
	return p
}

// failureLogLines is how much of a process's output a failed test shows.
const failureLogLines = 80

// kill ends the process with SIGKILL, as a crash or the OOM killer would,
// and waits for it.
func (p *proc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// wait waits for the process to exit on its own and returns Wait's result.
func (p *proc) wait() error {
	<-p.done
	return p.err
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// lineLog collects a process's output and lets a test wait for a line.
type lineLog struct {
	mu    sync.Mutex
	buf   strings.Builder
	grown chan struct{}
}

func newLineLog() *lineLog { return &lineLog{grown: make(chan struct{})} }

func (l *lineLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(b)
	close(l.grown)
	l.grown = make(chan struct{})
	return len(b), nil
}

func (l *lineLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// count returns how many times s occurs in the output.
func (l *lineLog) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.buf.String(), s)
}

// tail returns the last n lines of the output.
func (l *lineLog) tail(n int) string {
	lines := strings.Split(strings.TrimRight(l.String(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// waitFor waits until the output contains s.
func (l *lineLog) waitFor(t testing.TB, s string, limit time.Duration) {
	t.Helper()
	deadline := time.After(limit)
	for {
		l.mu.Lock()
		found, grown := strings.Contains(l.buf.String(), s), l.grown
		l.mu.Unlock()
		if found {
			return
		}
		select {
		case <-grown:
		case <-deadline:
			t.Fatalf("output never contained %q within %v", s, limit)
		}
	}
}

func countMessages(t *testing.T, pool *pgxpool.Pool) (total, distinct int) {
	t.Helper()
	err := pool.QueryRow(context.Background(),
		`SELECT count(*), count(DISTINCT message_id) FROM messages`).Scan(&total, &distinct)
	if err != nil {
		t.Fatal(err)
	}
	return total, distinct
}

func manyMessages(from, n int) []testenv.AppendMessage {
	var out []testenv.AppendMessage
	for i := from; i < from+n; i++ {
		out = append(out, testenv.AppendMessage{Raw: []byte(fmt.Sprintf(
			"From: Adjuster %d <adj%d@carrier.example>\r\nTo: claims@office.example\r\nSubject: Claim update %d\r\n"+
				"Date: Tue, 03 Nov 2026 09:00:00 -0600\r\nMessage-ID: <m%d@carrier.example>\r\n\r\n"+
				"Please send the moisture readings for claim 0683449786. %s\r\n",
			i, i, i, i, strings.Repeat("Readings follow. ", 200)))})
	}
	return out
}

// TestTwoServersOneWatcher runs two claimdesk serve processes on one
// database and mailbox: one watches, nothing is stored twice, and when the
// watching one is killed the other takes over.
func TestTwoServersOneWatcher(t *testing.T) {
	srv := testenv.Dovecot(t)
	dsn := testenv.Postgres(t)
	blobs := t.TempDir()
	env := func(port string) []string {
		return []string{
			"CLAIMDESK_IMAP_URL=" + srv.URL("INBOX"),
			"CLAIMDESK_DATABASE_URL=" + dsn,
			"CLAIMDESK_BLOB_URL=file://" + blobs,
			"CLAIMDESK_DATA_DIR=" + t.TempDir(),
			"CLAIMDESK_HTTP_ADDR=127.0.0.1:0",
			"CLAIMDESK_POLL_INTERVAL=1s",
			"CLAIMDESK_LOG_LEVEL=debug",
		}
	}
	first := startProc(t, env("a"), "serve")
	first.logs.waitFor(t, `folder=INBOX uidvalidity=`, 60*time.Second)
	second := startProc(t, env("b"), "serve")
	// One mailbox for two: either may hold it once both count each other.
	second.logs.waitFor(t, `msg="sharing the mailboxes" component=watch_share`, 60*time.Second)
	second.logs.waitFor(t, `processes=2`, 60*time.Second)

	testenv.AppendFiles(t, srv.Addr, srv.User, srv.Password, "INBOX", manyMessages(1, 20))
	pool := testenv.SQL(t, dsn)
	waitFor(t, 60*time.Second, func() bool { n, _ := countMessages(t, pool); return n >= 20 })

	first.kill()
	testenv.AppendFiles(t, srv.Addr, srv.User, srv.Password, "INBOX", manyMessages(21, 20))
	waitFor(t, 60*time.Second, func() bool { n, _ := countMessages(t, pool); return n >= 40 })
	total, distinct := countMessages(t, pool)
	if total != 40 || distinct != 40 {
		t.Fatalf("%d messages stored, %d distinct; want 40 once each", total, distinct)
	}
	if !strings.Contains(second.logs.String(), "folder=INBOX uidvalidity=") {
		t.Error("the process left never took over the folder")
	}
}

// TestKilledMidImportRestartsExactlyOnce kills claimdesk with SIGKILL while
// it imports, restarts it, and checks every message is stored exactly once.
func TestKilledMidImportRestartsExactlyOnce(t *testing.T) {
	srv := testenv.Dovecot(t)
	dsn := testenv.Postgres(t)
	const n = 300
	testenv.AppendFiles(t, srv.Addr, srv.User, srv.Password, "INBOX", manyMessages(1, n))
	env := []string{
		"CLAIMDESK_IMAP_URL=" + srv.URL("INBOX"),
		"CLAIMDESK_DATABASE_URL=" + dsn,
		"CLAIMDESK_BLOB_URL=file://" + t.TempDir(),
		"CLAIMDESK_DATA_DIR=" + t.TempDir(),
	}
	pool := testenv.SQL(t, dsn)

	for kills := 0; kills < 3; kills++ {
		p := startProc(t, env, "backfill")
		// Kill it once some, but not all, of the mail is in.
		target := (kills + 1) * n / 4
		waitFor(t, 60*time.Second, func() bool { c, _ := countMessages(t, pool); return c >= target })
		p.kill()
	}
	p := startProc(t, env, "backfill")
	if err := p.wait(); err != nil {
		t.Fatalf("final backfill: %v\n%s", err, p.logs.String())
	}
	total, distinct := countMessages(t, pool)
	if total != n || distinct != n {
		t.Fatalf("%d messages stored, %d distinct; want %d once each", total, distinct, n)
	}
	var jobs int
	if err := pool.QueryRow(context.Background(),
		`SELECT count(DISTINCT (args->>'message_id')) FROM river_job WHERE kind = 'process_message'`).Scan(&jobs); err != nil {
		t.Fatal(err)
	}
	if jobs != n {
		t.Errorf("%d messages have a processing job, want %d", jobs, n)
	}
}
