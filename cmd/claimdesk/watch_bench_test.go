package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// Settings of BenchmarkWatchManyMailboxes, as environment variables so that
// bench/run can size it: how many mailboxes one process watches, how many
// arrivals are timed while it does, and their spacing.
const (
	watchBenchMailboxesEnv = "CLAIMDESK_BENCH_WATCH_MAILBOXES"
	watchBenchMessagesEnv  = "CLAIMDESK_BENCH_WATCH_MESSAGES"
	watchBenchIntervalEnv  = "CLAIMDESK_BENCH_WATCH_INTERVAL"
)

// BenchmarkWatchManyMailboxes runs one claimdesk serve process watching
// hundreds of Dovecot mailboxes (500 unless CLAIMDESK_BENCH_WATCH_MAILBOXES
// says otherwise) and reports what that costs: the database connections it
// holds, its IMAP connections, resident memory, goroutines and Go heap per
// mailbox, and the time from an APPEND to any of the watched inboxes to the
// message's row.
// One iteration is the whole scenario: run it with -benchtime 1x.
func BenchmarkWatchManyMailboxes(b *testing.B) {
	n := benchEnvInt(b, watchBenchMailboxesEnv, 500)
	msgs := benchEnvInt(b, watchBenchMessagesEnv, 200)
	interval := 100 * time.Millisecond
	if v := os.Getenv(watchBenchIntervalEnv); v != "" {
		var err error
		if interval, err = time.ParseDuration(v); err != nil {
			b.Fatalf("%s=%q: %v", watchBenchIntervalEnv, v, err)
		}
	}
	r := startWatching(b, n)
	b.Logf("%d mailboxes watched and caught up %s after start", n, r.ready.Round(time.Millisecond))
	steady := readMetrics(b, r.base)
	rss := procStatusKiB(b, r.proc.cmd.Process.Pid, "VmRSS")
	imap := imapConns(b, r.proc.cmd.Process.Pid, r.boxes)

	b.ResetTimer()
	var lat []float64
	for i := range b.N {
		lat = timeArrivals(b, r.sql, r.boxes, msgs, interval, i)
	}
	b.StopTimer()

	slices.Sort(lat)
	peak := procStatusKiB(b, r.proc.cmd.Process.Pid, "VmHWM")
	b.ReportMetric(float64(n), "mailboxes")
	b.ReportMetric(float64(r.conns.stop()), "pg-conns-max")
	b.ReportMetric(float64(imap), "imap-conns")
	b.ReportMetric(float64(imap)/float64(n), "imap-conns/mailbox")
	b.ReportMetric(rss/1024, "RSS-MiB")
	b.ReportMetric(peak/1024, "peak-RSS-MiB")
	b.ReportMetric(rss/float64(n), "RSS-KiB/mailbox")
	b.ReportMetric(steady["go_goroutines"], "goroutines")
	b.ReportMetric(steady["go_goroutines"]/float64(n), "goroutines/mailbox")
	b.ReportMetric(steady["go_memstats_heap_inuse_bytes"]/1024/float64(n), "heap-KiB/mailbox")
	b.ReportMetric(steady["go_memstats_stack_inuse_bytes"]/1024/float64(n), "stack-KiB/mailbox")
	b.ReportMetric(float64(len(lat)), "msgs")
	b.ReportMetric(percentile(lat, 0.50), "stored-p50-ms")
	b.ReportMetric(percentile(lat, 0.99), "stored-p99-ms")
	b.ReportMetric(lat[len(lat)-1], "stored-max-ms")
	if r.proc.exited() {
		b.Fatalf("claimdesk serve exited: %v", r.proc.err)
	}
	if c := r.proc.logs.count("too many clients"); c > 0 {
		b.Errorf("claimdesk was refused a database connection %d times", c)
	}
}

// watching is one claimdesk serve process watching Dovecot mailboxes,
// every one of them caught up.
type watching struct {
	proc  *proc
	base  string // the dashboard's URL
	sql   *pgxpool.Pool
	boxes []testenv.DovecotServer
	conns connWatch     // claimdesk's database connections
	ready time.Duration // from start until all were watched and caught up
}

// startWatching starts one serve process on n fresh Dovecot mailboxes and
// a fresh database, and returns once every mailbox is watched and one
// message delivered to each is stored and processed: each watcher has
// logged in, caught up and waits for more, the steady state.
func startWatching(t testing.TB, n int) watching {
	t.Helper()
	pg := testenv.PrivatePostgres(t)
	r := watching{boxes: make([]testenv.DovecotServer, n)}
	urls := make([]string, n)
	for i := range r.boxes {
		r.boxes[i] = testenv.Dovecot(t)
		urls[i] = r.boxes[i].URL("INBOX")
	}
	testDSN := pg.DSN + " application_name=" + scaleTestApp
	r.conns = connectionWatch(t, testDSN)
	r.sql = testenv.SQL(t, testDSN)
	start := time.Now()
	r.proc = startProc(t, []string{
		"CLAIMDESK_IMAP_URL=" + strings.Join(urls, ","),
		"CLAIMDESK_DATABASE_URL=" + pg.DSN,
		"CLAIMDESK_BLOB_URL=file://" + t.TempDir(),
		"CLAIMDESK_DATA_DIR=" + t.TempDir(),
		"CLAIMDESK_HTTP_ADDR=127.0.0.1:0",
		"CLAIMDESK_OFFICE_DOMAIN=office.example",
	}, "serve")
	r.proc.logs.waitFor(t, "dashboard: ", 3*time.Minute)
	r.base = regexp.MustCompile(`dashboard: (\S+)`).FindStringSubmatch(r.proc.logs.String())[1]
	waitFor(t, 5*time.Minute, func() bool {
		total := 0
		for _, c := range watchers(t, r.sql) {
			total += c
		}
		return total == n
	})
	deliverEach(t, r.boxes, 1)
	waitStored(t, r.sql, n, 5*time.Minute)
	r.ready = time.Since(start)
	// The queue's workers are busy with those messages a while longer;
	// memory and goroutines are measured once they are done.
	waitFor(t, 5*time.Minute, func() bool {
		var waiting int
		if err := r.sql.QueryRow(context.Background(), `SELECT count(*) FROM messages WHERE status = 'new'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		return waiting == 0
	})
	return r
}

// timeArrivals appends msgs messages, interval apart, each to an inbox
// picked at random, waits until all are stored, and returns in
// milliseconds how long each took from its APPEND's completion to its row's
// received_at (the same machine's clock).
func timeArrivals(b *testing.B, sql *pgxpool.Pool, boxes []testenv.DovecotServer, msgs int, interval time.Duration, round int) []float64 {
	b.Helper()
	var before int
	if err := sql.QueryRow(context.Background(), `SELECT count(*) FROM messages`).Scan(&before); err != nil {
		b.Fatal(err)
	}
	appended := make(map[string]time.Time, msgs)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for k := range msgs {
		box := boxes[rand.IntN(len(boxes))]
		id := fmt.Sprintf("watch-%d-%d@carrier.example", round, k)
		raw := fmt.Sprintf("From: Adjuster <adj@carrier.example>\r\nTo: claims@office.example\r\n"+
			"Subject: Claim update %d\r\nDate: Tue, 03 Nov 2026 09:00:00 -0600\r\nMessage-ID: <%s>\r\n\r\n"+
			"Please send the moisture readings for claim 0683449786.\r\n", k, id)
		testenv.AppendFiles(b, box.Addr, box.User, box.Password, "INBOX", []testenv.AppendMessage{{Raw: []byte(raw)}})
		appended[id] = time.Now()
		<-tick.C
	}
	waitStored(b, sql, before+msgs, 2*time.Minute)
	rows, err := sql.Query(context.Background(),
		`SELECT message_id, received_at FROM messages WHERE message_id LIKE $1`, fmt.Sprintf("%%watch-%d-%%", round))
	if err != nil {
		b.Fatal(err)
	}
	var lat []float64
	for rows.Next() {
		var id string
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			b.Fatal(err)
		}
		sent, ok := appended[strings.Trim(id, "<>")]
		if !ok {
			b.Fatalf("stored %q, never appended", id)
		}
		lat = append(lat, float64(at.Sub(sent).Microseconds())/1000)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	if len(lat) != msgs {
		b.Fatalf("%d of %d timed messages stored", len(lat), msgs)
	}
	return lat
}

// percentile returns the p-th quantile of sorted values (nearest rank).
func percentile(sorted []float64, p float64) float64 {
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// benchEnvInt reads a positive number from the environment, def when unset.
func benchEnvInt(b *testing.B, name string, def int) int {
	b.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// readMetrics fetches the process's /metrics and returns its unlabelled
// samples by name.
func readMetrics(b testing.TB, base string) map[string]float64 {
	b.Helper()
	resp, err := http.Get(strings.TrimSuffix(base, "/") + "/metrics")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		b.Fatalf("GET /metrics: %s: %s", resp.Status, body)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") || strings.Contains(name, "{") {
			continue
		}
		if f, err := strconv.ParseFloat(val, 64); err == nil {
			out[name] = f
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}

// procStatusKiB reads a memory figure (VmRSS, VmHWM) of a process, in KiB.
func procStatusKiB(b testing.TB, pid int, field string) float64 {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^` + field + `:\s+(\d+) kB`).FindSubmatch(data)
	if m == nil {
		b.Fatalf("/proc/%d/status has no %s", pid, field)
	}
	kib, _ := strconv.ParseFloat(string(m[1]), 64)
	return kib
}
