package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// Settings of BenchmarkScaleOut, as environment variables so that bench/run
// can size it: the backfill's messages and the mailboxes they are spread
// over.
const (
	scaleOutMessagesEnv  = "CLAIMDESK_BENCH_SCALEOUT_MESSAGES"
	scaleOutMailboxesEnv = "CLAIMDESK_BENCH_SCALEOUT_MAILBOXES"
)

// BenchmarkScaleOut measures what a second claimdesk serve process adds: a
// backfill of corpus mail (1,000 messages, CLAIMDESK_BENCH_SCALEOUT_MESSAGES,
// copies of the dev corpus' inbox under Message-IDs of their own) waits in
// several Dovecot mailboxes (8, CLAIMDESK_BENCH_SCALEOUT_MAILBOXES), and
// one serve process, then two started together, import and process it
// into a fresh database with the corpus' claims. It reports messages
// processed per second (from the processes' start until every message is
// filed, triaged or ignored and the job queue is empty) for one and two,
// their ratio, and checks that each run stores and processes every message
// exactly once: one row per Message-ID, one first processing job per
// message, none failed. OCR of the corpus' photos and scans is part of the
// processing (one OCR worker per process, serve's default). The figures are the machine's as much as
// claimdesk's: on two cores, two processes share the same two cores.
// One iteration is both runs: use -benchtime 1x.
func BenchmarkScaleOut(b *testing.B) {
	n := benchEnvInt(b, scaleOutMessagesEnv, 1000)
	boxes := benchEnvInt(b, scaleOutMailboxesEnv, 8)
	corpus := testenv.DevCorpus(b)
	b.Logf("bench corpus: %s (%s): %d messages", filepath.Base(corpus.Dir), corpus.Dir, len(corpus.Truth.Messages))
	mail := scaleOutMail(b, corpus, n)
	claimdeskBinary(b) // built before any clock starts

	var one, two scaleOutResult
	for b.Loop() {
		one = runScaleOut(b, corpus, mail, boxes, 1)
		two = runScaleOut(b, corpus, mail, boxes, 2)
	}
	b.StopTimer()
	for _, r := range []scaleOutResult{one, two} {
		b.Logf("%d process(es): stored in %s, processed in %s; %v; %d documents, %d links to messages; mailboxes by process %v; jobs: %s",
			r.procs, r.stored.Round(time.Millisecond), r.processed.Round(time.Millisecond), r.statuses, r.documents, r.links, r.watchers, r.jobs)
	}
	// Which of two related messages is classified first can change a
	// message's outcome (an assignment before or after the reply that
	// names its claim), and with several workers that order varies from
	// run to run, with one process as with two: a difference is shown, it
	// is not a duplicate.
	if one.outcome() != two.outcome() {
		b.Logf("two processes filed otherwise than one: %s; one: %s", two.outcome(), one.outcome())
	}
	b.ReportMetric(float64(n), "msgs")
	b.ReportMetric(float64(boxes), "mailboxes")
	b.ReportMetric(one.processed.Seconds(), "1proc-s")
	b.ReportMetric(two.processed.Seconds(), "2proc-s")
	b.ReportMetric(float64(n)/one.processed.Seconds(), "1proc-msg/s")
	b.ReportMetric(float64(n)/two.processed.Seconds(), "2proc-msg/s")
	b.ReportMetric(one.processed.Seconds()/two.processed.Seconds(), "2proc/1proc")
	b.ReportMetric(float64(n)/one.stored.Seconds(), "1proc-stored-msg/s")
	b.ReportMetric(float64(n)/two.stored.Seconds(), "2proc-stored-msg/s")
	b.ReportMetric(float64(two.statuses["filed"]), "filed")
	b.ReportMetric(float64(two.documents), "documents")
	b.ReportMetric(float64(one.duplicates+two.duplicates), "duplicates")
	b.ReportMetric(float64(two.ocrJobs), "ocr-jobs")
}

// scaleOutResult is what one run of BenchmarkScaleOut measured and found.
type scaleOutResult struct {
	procs      int
	stored     time.Duration  // from start until every message had its row
	processed  time.Duration  // from start until all were processed and the queue was empty
	statuses   map[string]int // messages by status
	documents  int            // documents filed
	links      int            // document_messages rows: which messages brought each document
	duplicates int            // rows or first processings beyond one per message
	watchers   map[string]int // mailboxes by process, at the end
	jobs       string         // jobs by kind: how many, and the time they ran
	ocrJobs    int            // files read by OCR
}

// outcome is the part of a run that must not depend on how many processes
// did the work.
func (r scaleOutResult) outcome() string {
	return fmt.Sprintf("filed %d, triage %d, ignored %d, %d documents, %d links",
		r.statuses["filed"], r.statuses["triage"], r.statuses["ignored"], r.documents, r.links)
}

// scaleOutMail is the backfill: the corpus' inbox over and over, message i
// with a Message-ID of its own, since claimdesk would store a repeated one
// once.
func scaleOutMail(b *testing.B, corpus *testenv.Corpus, n int) []testenv.AppendMessage {
	b.Helper()
	inbox := corpus.Inbox(b)
	out := make([]testenv.AppendMessage, n)
	for i := range out {
		m := inbox[i%len(inbox)]
		out[i] = testenv.AppendMessage{Raw: freshMessageID(m.Raw, i), InternalDate: m.InternalDate}
	}
	return out
}

// messageIDHeader is a Message-ID field, folded or not.
var messageIDHeader = regexp.MustCompile(`(?im)^message-id:\s*<[^>]*>`)

// freshMessageID replaces the Message-ID of raw's header (or adds one) with
// one made of i.
func freshMessageID(raw []byte, i int) []byte {
	fresh := fmt.Appendf(nil, "Message-ID: <scaleout-%d@claimdesk.bench>", i)
	end := bytes.Index(raw, []byte("\n\r\n"))
	if e := bytes.Index(raw, []byte("\n\n")); end < 0 || (e >= 0 && e < end) {
		end = e
	}
	if end < 0 {
		end = len(raw)
	}
	header := raw[:end]
	if loc := messageIDHeader.FindIndex(header); loc != nil {
		return bytes.Join([][]byte{raw[:loc[0]], fresh, raw[loc[1]:]}, nil)
	}
	return bytes.Join([][]byte{fresh, []byte("\r\n"), raw}, nil)
}

// runScaleOut fills fresh mailboxes with mail, then runs procs serve
// processes on them and a fresh database holding the corpus' claims until
// everything is processed, and checks that each message was stored and
// processed once.
func runScaleOut(b *testing.B, corpus *testenv.Corpus, mail []testenv.AppendMessage, boxes, procs int) scaleOutResult {
	b.Helper()
	servers := make([]testenv.DovecotServer, boxes)
	urls := make([]string, boxes)
	for k := range servers {
		servers[k] = testenv.Dovecot(b)
		urls[k] = servers[k].URL("INBOX")
		var share []testenv.AppendMessage
		for i := k; i < len(mail); i += boxes {
			share = append(share, mail[i])
		}
		testenv.AppendFiles(b, servers[k].Addr, servers[k].User, servers[k].Password, "INBOX", share)
	}
	env := []string{
		"CLAIMDESK_IMAP_URL=" + strings.Join(urls, ","),
		"CLAIMDESK_DATABASE_URL=" + testenv.Postgres(b),
		"CLAIMDESK_BLOB_URL=file://" + b.TempDir(),
		"CLAIMDESK_DATA_DIR=" + b.TempDir(),
		"CLAIMDESK_HTTP_ADDR=127.0.0.1:0",
		"CLAIMDESK_OFFICE_DOMAIN=" + officeDomain(corpus.Truth.Office),
		"CLAIMDESK_TIMEZONE=America/Chicago",
		"CLAIMDESK_LOG_LEVEL=warn",
	}
	scaleOutClaims(b, env, filepath.Join(corpus.Dir, "claims.csv"))
	sql := testenv.SQL(b, envValue(env, "CLAIMDESK_DATABASE_URL"))

	r := scaleOutResult{procs: procs}
	start := time.Now()
	running := make([]*proc, procs)
	for k := range running {
		running[k] = startProc(b, env, "serve")
	}
	scaleOutWait(b, sql, "stored", func() bool { return scaleOutCount(b, sql, `SELECT count(*) FROM messages`) >= len(mail) })
	r.stored = time.Since(start)
	scaleOutWait(b, sql, "processed", func() bool {
		return scaleOutCount(b, sql, `SELECT count(*) FROM messages WHERE status NOT IN ('filed', 'triage', 'ignored', 'failed')`) == 0 &&
			scaleOutCount(b, sql, scaleOutPipelineLeft) == 0
	})
	r.processed = time.Since(start)
	r.watchers = watchers(b, sql)
	for k, p := range running {
		if p.exited() {
			b.Fatalf("process %d of %d exited: %v", k+1, procs, p.err)
		}
		p.kill() // the next run has the machine to itself
	}
	r.check(b, sql, len(mail))
	return r
}

// scaleOutPipelineLeft counts the pipeline's jobs not yet done: processing,
// OCR, stamping and publishing. The periodic jobs of serve (the SLA and
// reminder sweeps, the digest) wait for their hour and are no part of the
// backfill.
const scaleOutPipelineLeft = `SELECT count(*) FROM river_job WHERE finalized_at IS NULL
	AND kind IN ('process_message', 'ocr_file', 'stamp_document', 'publish_documents')`

// scaleOutWait polls done until it holds, for at most 10 minutes; then it
// fails the benchmark with what is left in the queue and the messages by
// status.
func scaleOutWait(b *testing.B, sql *pgxpool.Pool, what string, done func() bool) {
	b.Helper()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Minute)
	for !done() {
		select {
		case <-tick.C:
		case <-deadline:
			var left string
			if err := sql.QueryRow(context.Background(), `SELECT
				(SELECT coalesce(string_agg(kind || ' ' || state || ' ' || n, ', '), '') FROM
					(SELECT kind, state, count(*) AS n FROM river_job WHERE finalized_at IS NULL GROUP BY 1, 2) j) || '; messages ' ||
				(SELECT coalesce(string_agg(status || ' ' || n, ', '), '') FROM
					(SELECT status, count(*) AS n FROM messages GROUP BY 1) m)`).Scan(&left); err != nil {
				b.Fatal(err)
			}
			b.Fatalf("not %s within 10 minutes: jobs left %s", what, left)
		}
	}
}

// check counts what the run left in the database and fails the benchmark
// on any message stored or first processed more than once, or not
// processed.
func (r *scaleOutResult) check(b *testing.B, sql *pgxpool.Pool, want int) {
	b.Helper()
	rowsOver := scaleOutCount(b, sql, `SELECT count(*) - count(DISTINCT message_id) FROM messages`)
	// A message's first processing is its job without rematch or
	// after_ocr: those later runs are the pipeline's own.
	firstRuns := `SELECT count(*) FROM river_job WHERE kind = 'process_message' AND NOT args ? 'rematch' AND NOT args ? 'after_ocr'`
	runs := scaleOutCount(b, sql, firstRuns)
	distinct := scaleOutCount(b, sql, strings.Replace(firstRuns, "count(*)", "count(DISTINCT args->>'message_id')", 1))
	r.duplicates = rowsOver + runs - distinct
	if rowsOver > 0 || runs != want || distinct != want {
		b.Errorf("%d processes: %d messages stored more than once; %d first processings of %d messages, want %d of %d",
			r.procs, rowsOver, runs, distinct, want, want)
	}
	r.statuses = map[string]int{}
	rows, err := sql.Query(context.Background(), `SELECT status, count(*) FROM messages GROUP BY status`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var status string
		var c int
		if err := rows.Scan(&status, &c); err != nil {
			b.Fatal(err)
		}
		r.statuses[status] = c
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	if total := scaleOutCount(b, sql, `SELECT count(*) FROM messages`); total != want || r.statuses["failed"] > 0 {
		b.Errorf("%d processes: %d messages stored, want %d; %d failed", r.procs, total, want, r.statuses["failed"])
	}
	r.documents = scaleOutCount(b, sql, `SELECT count(*) FROM documents`)
	r.links = scaleOutCount(b, sql, `SELECT count(*) FROM document_messages`)
	r.jobs = scaleOutJobs(b, sql)
	r.ocrJobs = scaleOutCount(b, sql, `SELECT count(*) FROM river_job WHERE kind = 'ocr_file'`)
}

// scaleOutJobs sums up the queue's work by kind of job: how many ran, and
// for how long in all (their run times, not the time they waited).
func scaleOutJobs(b *testing.B, sql *pgxpool.Pool) string {
	b.Helper()
	rows, err := sql.Query(context.Background(), `SELECT kind, count(*),
		coalesce(sum(extract(epoch FROM finalized_at - attempted_at)), 0)::float8
		FROM river_job GROUP BY kind ORDER BY kind`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var parts []string
	for rows.Next() {
		var kind string
		var n int
		var secs float64
		if err := rows.Scan(&kind, &n, &secs); err != nil {
			b.Fatal(err)
		}
		parts = append(parts, fmt.Sprintf("%s %d (%.1f s)", kind, n, secs))
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return strings.Join(parts, ", ")
}

// scaleOutCount runs a query of one number.
func scaleOutCount(b *testing.B, sql *pgxpool.Pool, query string) int {
	b.Helper()
	var n int
	if err := sql.QueryRow(context.Background(), query).Scan(&n); err != nil {
		b.Fatalf("%s: %v", query, err)
	}
	return n
}

// scaleOutClaims loads the claims an office knows before its mail arrives,
// with claimdesk claims import (which migrates the fresh database first).
func scaleOutClaims(b *testing.B, env []string, csv string) {
	b.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string { return envValue(env, k) }
	if code := run(context.Background(), []string{"claims", "import", csv}, getenv, &stdout, &stderr); code != 0 {
		b.Fatalf("claims import exit %d: %s", code, stderr.String())
	}
}

// envValue is the value of variable k in env (KEY=value entries).
func envValue(env []string, k string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, k+"="); ok {
			return v
		}
	}
	return ""
}
