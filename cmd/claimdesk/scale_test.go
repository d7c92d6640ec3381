package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// scaleMailboxes is how many mailboxes TestManyMailboxesTwoProcesses
// watches; CLAIMDESK_SCALE_MAILBOXES sets another number.
const scaleMailboxes = 300

// scaleMaxConnections is the most database connections the two processes
// may hold between them, of the server's max_connections of 100.
const scaleMaxConnections = 40

// TestManyMailboxesTwoProcesses is the scale-out acceptance: two claimdesk
// serve processes, started together on one fresh database whose server
// allows 100 connections, watch hundreds of Dovecot mailboxes. Every
// message is stored exactly once within a minute, both processes live on,
// nobody is refused a connection, and the processes hold few connections
// between them. Then one is killed: the other takes its mailboxes over
// within a minute, and new mail is still stored once. Last, a third joins
// and the survivor is stopped (SIGSTOP) with its connections open: the
// third takes its mailboxes over within a minute too.
func TestManyMailboxesTwoProcesses(t *testing.T) {
	n := scaleMailboxes
	if v := os.Getenv("CLAIMDESK_SCALE_MAILBOXES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 2 {
			t.Fatalf("CLAIMDESK_SCALE_MAILBOXES=%q: want a number of at least 2", v)
		}
	}
	pg := testenv.PrivatePostgres(t)
	boxes := make([]testenv.DovecotServer, n)
	urls := make([]string, n)
	for i := range boxes {
		boxes[i] = testenv.Dovecot(t)
		urls[i] = boxes[i].URL("INBOX")
	}
	// The test's own connections name themselves, to be left out of the
	// count of claimdesk's.
	testDSN := pg.DSN + " application_name=" + scaleTestApp
	watch := connectionWatch(t, testDSN)
	blobs := t.TempDir()
	env := func() []string {
		return []string{
			"CLAIMDESK_IMAP_URL=" + strings.Join(urls, ","),
			"CLAIMDESK_DATABASE_URL=" + pg.DSN,
			"CLAIMDESK_BLOB_URL=file://" + blobs,
			"CLAIMDESK_DATA_DIR=" + t.TempDir(),
			"CLAIMDESK_HTTP_ADDR=127.0.0.1:0",
			"CLAIMDESK_OFFICE_DOMAIN=office.example",
		}
	}
	start := time.Now()
	procs := []*proc{startProc(t, env(), "serve"), startProc(t, env(), "serve")}
	for _, p := range procs {
		p.logs.waitFor(t, "claimdesk is running", 2*time.Minute)
	}
	t.Logf("%d mailboxes: both processes serving after %s", n, time.Since(start).Round(time.Millisecond))

	sql := testenv.SQL(t, testDSN)
	deliverEach(t, boxes, 1)
	delivered := time.Now()
	waitStored(t, sql, n, time.Minute)
	t.Logf("%d messages stored once each %s after delivery", n, time.Since(delivered).Round(time.Millisecond))
	// Each process waits for the other before it takes its share.
	waitFor(t, time.Minute, func() bool {
		h := watchers(t, sql)
		return len(h) == 2 && min(h[firstKey(h)], n-h[firstKey(h)]) == n/2
	})
	t.Logf("mailboxes by process: %v, %s after start", watchers(t, sql), time.Since(start).Round(time.Millisecond))

	for i, p := range procs {
		if p.exited() {
			t.Fatalf("process %d exited: %v", i+1, p.err)
		}
	}
	victim, survivor := procs[0], procs[1]
	victim.kill()
	killed := time.Now()
	survivorName := fmt.Sprintf(":%d", survivor.cmd.Process.Pid)
	waitFor(t, time.Minute, func() bool {
		h := watchers(t, sql)
		return len(h) == 1 && h[firstKey(h)] == n && strings.HasSuffix(firstKey(h), survivorName)
	})
	t.Logf("the survivor watches all %d mailboxes %s after the kill", n, time.Since(killed).Round(time.Millisecond))
	deliverEach(t, boxes, 2)
	delivered = time.Now()
	waitStored(t, sql, 2*n, time.Minute)
	t.Logf("%d more messages stored once each %s after delivery", n, time.Since(delivered).Round(time.Millisecond))
	procs = append(procs, takeOverStopped(t, sql, boxes, survivor, env(), 2*n))

	if survivor.exited() {
		t.Error("the surviving process exited")
	}
	for i, p := range procs {
		if c := p.logs.count("too many clients"); c > 0 {
			t.Errorf("process %d was refused a database connection %d times", i+1, c)
		}
	}
	if most := watch.stop(); most > scaleMaxConnections {
		t.Errorf("claimdesk held %d database connections at most, want at most %d", most, scaleMaxConnections)
	} else {
		t.Logf("claimdesk held %d database connections at most", most)
	}
}

// takeOverStopped starts a newcomer beside running and waits for them to
// share the mailboxes, then stops running with SIGSTOP, its connections
// open: the newcomer counts it out after 30 s of silence, ends its lock
// session and watches every mailbox within a minute, new mail stored once.
// Resumed, the stopped process finds its locks gone and stops its
// watchers; mail is still stored once.
func takeOverStopped(t *testing.T, sql *pgxpool.Pool, boxes []testenv.DovecotServer, running *proc, env []string, stored int) *proc {
	t.Helper()
	n := len(boxes)
	newcomer := startProc(t, env, "serve")
	newcomer.logs.waitFor(t, "claimdesk is running", 2*time.Minute)
	waitFor(t, time.Minute, func() bool {
		h := watchers(t, sql)
		return len(h) == 2 && min(h[firstKey(h)], n-h[firstKey(h)]) == n/2
	})
	// One IMAP connection per mailbox, once the newcomer has logged in to
	// its share (a few at a time).
	waitFor(t, time.Minute, func() bool {
		return imapConns(t, running.cmd.Process.Pid, boxes)+imapConns(t, newcomer.cmd.Process.Pid, boxes) == n
	})
	t.Logf("IMAP connections: %d and %d, for %d mailboxes between the two processes",
		imapConns(t, running.cmd.Process.Pid, boxes), imapConns(t, newcomer.cmd.Process.Pid, boxes), n)
	if err := running.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	stopped := time.Now()
	name := fmt.Sprintf(":%d", newcomer.cmd.Process.Pid)
	waitFor(t, 2*time.Minute, func() bool {
		h := watchers(t, sql)
		return len(h) == 1 && h[firstKey(h)] == n && strings.HasSuffix(firstKey(h), name)
	})
	took := time.Since(stopped)
	t.Logf("the newcomer watches all %d mailboxes %s after the other was stopped", n, took.Round(time.Millisecond))
	if took > time.Minute {
		t.Errorf("a stopped process's mailboxes taken over after %s, want within a minute", took.Round(time.Millisecond))
	}
	deliverEach(t, boxes, 3)
	waitStored(t, sql, stored+n, time.Minute)
	if err := running.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	running.logs.waitFor(t, "lost the connection holding the mailbox locks", time.Minute)
	deliverEach(t, boxes, 4)
	waitStored(t, sql, stored+2*n, time.Minute)
	return newcomer
}

// deliverEach appends one message, the round-th, to every mailbox, a few
// mailboxes at a time.
func deliverEach(t testing.TB, boxes []testenv.DovecotServer, round int) {
	t.Helper()
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range 8 {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(boxes); i = int(next.Add(1)) - 1 {
				b := boxes[i]
				raw := fmt.Sprintf("From: Adjuster <adj%d@carrier.example>\r\nTo: claims@office.example\r\n"+
					"Subject: Claim update %d-%d\r\nDate: Tue, 03 Nov 2026 09:00:00 -0600\r\nMessage-ID: <scale-%d-%d@carrier.example>\r\n\r\n"+
					"Please send the moisture readings for claim 0683449786.\r\n", i, i, round, i, round)
				testenv.AppendFiles(t, b.Addr, b.User, b.Password, "INBOX", []testenv.AppendMessage{{Raw: []byte(raw)}})
			}
		})
	}
	wg.Wait()
}

// waitStored waits until want messages are stored, each once.
func waitStored(t testing.TB, sql interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, want int, limit time.Duration) {
	t.Helper()
	var total, distinct int
	deadline := time.Now().Add(limit)
	for {
		if err := sql.QueryRow(context.Background(),
			`SELECT count(*), count(DISTINCT message_id) FROM messages`).Scan(&total, &distinct); err != nil {
			t.Fatal(err)
		}
		if total > distinct {
			t.Fatalf("%d messages stored, %d distinct: some twice", total, distinct)
		}
		if total >= want || time.Now().After(deadline) {
			break
		}
		tick := time.NewTimer(100 * time.Millisecond)
		<-tick.C
	}
	if total != want || distinct != want {
		t.Fatalf("%d messages stored (%d distinct) within %s, want %d once each", total, distinct, limit, want)
	}
}

// watchers counts the mailboxes each process watches, by its name.
func watchers(t testing.TB, sql interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}) map[string]int {
	t.Helper()
	rows, err := sql.Query(context.Background(), `SELECT p.name, count(*) FROM mailbox_watchers w
		JOIN watch_processes p ON p.id = w.process GROUP BY p.name`)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for rows.Next() {
		var name string
		var c int
		if err := rows.Scan(&name, &c); err != nil {
			t.Fatal(err)
		}
		out[name] = c
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func firstKey(m map[string]int) string {
	for k := range m {
		return k
	}
	return ""
}

// scaleTestApp is the application name of the test's own connections.
const scaleTestApp = "claimdesk-scale-test"

// connWatch samples how many connections others hold to the database.
type connWatch struct {
	stop func() int // ends the sampling, returns the most seen
}

// connectionWatch counts, every 50 ms, the connections to the database at
// dsn other than the test's own: claimdesk's.
func connectionWatch(t testing.TB, dsn string) connWatch {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var most atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			var c int64
			if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
				WHERE datname = current_database() AND application_name <> $1`, scaleTestApp).Scan(&c); err == nil && c > most.Load() {
				most.Store(c)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	w := connWatch{stop: sync.OnceValue(func() int {
		cancel()
		<-done
		conn.Close(context.Background())
		return int(most.Load())
	})}
	t.Cleanup(func() { w.stop() })
	return w
}
