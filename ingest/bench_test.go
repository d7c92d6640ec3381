package ingest

// The benchmarks of ingest's performance goals, against the real Dovecot and
// Postgres of internal/testenv. Each reports its figures with
// b.ReportMetric; bench/run runs them once each (-benchtime 1x) and prints
// the table kept in bench/RESULTS.md.
//
//   BenchmarkIdleLatency         APPEND to committed row, and to filed or triaged, with IDLE
//   BenchmarkBackfillVsMbsync    a whole mailbox: claimdesk's import against mbsync's download
//   BenchmarkLargeAttachmentRSS  peak memory of one message with a 100 MiB attachment
//   BenchmarkTextLatencyDuringOCR  text mail to filed, queue quiet and while scans are read (ocr_bench_test.go)

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/officerules"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// Settings of the benchmarks, as environment variables so that bench/run
// and a developer can size a run to the machine.
const (
	benchMessagesEnv     = "CLAIMDESK_BENCH_MESSAGES"      // mailbox size of BenchmarkBackfillVsMbsync; default 2000
	benchIdleMessagesEnv = "CLAIMDESK_BENCH_IDLE_MESSAGES" // messages per BenchmarkIdleLatency run; default 200
	benchIdleIntervalEnv = "CLAIMDESK_BENCH_IDLE_INTERVAL" // mean time between their arrivals; default 150ms
	benchWorkersEnv      = "CLAIMDESK_BENCH_WORKERS"       // processing workers; default 8, claimdesk's default
	benchRoundsEnv       = "CLAIMDESK_BENCH_ROUNDS"        // mbsync/claimdesk pairs per BenchmarkBackfillVsMbsync op; default 3
	benchCorpusEnv       = "CLAIMDESK_CORPUS_DIR"          // the dev corpus, as for the tests
	benchPGStatsEnv      = "CLAIMDESK_BENCH_PGSTATS"       // set: Postgres keeps per-statement statistics of the workers, and the backfill logs them
	benchCPUProfileEnv   = "CLAIMDESK_BENCH_CPUPROFILE"    // a file: the Go CPU profile of the backfill's import with processing, last round
	benchSettleEnv       = "CLAIMDESK_BENCH_SETTLE"        // seconds the file system rests, after a sync, before the backfill's rounds; default 65
)

// benchSeed makes every run generate the same mailbox and arrival times, so
// that two runs differ only in how fast the code is.
const benchSeed = 2026

// benchBundle is what an ingest benchmark works with: a fresh database,
// blob store and Dovecot account, and a job queue whose workers run the
// processing pipeline once started.
type benchBundle struct {
	db      *storage.DB
	sql     *pgxpool.Pool // for the benchmarks' own checks
	blobs   blob.Store
	blobDir string
	river   *river.Client[pgx.Tx]
	queue   *Queue
	server  testenv.DovecotServer
	acct    mailbox.Account
	tempDir string
	log     *slog.Logger
	steps   *StepTimes // where the import's and the workers' time goes
}

// setupBench prepares the database as an office would before importing
// its mailbox: the claims of the corpus' claims.csv, when there is one.
func setupBench(b *testing.B, mbox *benchMailbox) *benchBundle {
	b.Helper()
	ctx := context.Background()
	dsn := testenv.Postgres(b)
	// Workers and their connections as claimdesk serve has them.
	processWorkers, stampWorkers, ocrWorkers := benchEnvInt(b, benchWorkersEnv, 8), 2, 1
	db, err := storage.OpenConns(ctx, workersDSN(dsn), PoolConns(processWorkers))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	blobDir := b.TempDir()
	blobs, err := blob.NewLocalStore(blobDir)
	if err != nil {
		b.Fatal(err)
	}
	if len(mbox.claims) > 0 {
		if _, _, errs := db.ImportClaims(ctx, mbox.claims, nil); len(errs) > 0 {
			b.Fatalf("import claims: %v", errors.Join(errs...))
		}
	}
	log := benchLogger(b)
	tempDir := b.TempDir()
	steps := NewStepTimes()
	// Workers and queues as claimdesk serve sets them up with its default
	// settings (cmd/claimdesk's startWorkers), so the processing figures
	// are the product's: parse, classify, file, SLA clock, then stamping
	// in its own queue. The client can enqueue before it is started: a
	// benchmark decides when the workers run.
	inserter, err := storage.NewQueueClient(db, nil)
	if err != nil {
		b.Fatal(err)
	}
	calendar := sla.NewCalendar(time.Local, sla.DefaultHours())
	// The offices do not change while it runs: loaded once, not watched.
	offices, err := officerules.Load(ctx, db, sla.OfficeRules{Calendar: calendar}, log)
	if err != nil {
		b.Fatal(err)
	}
	workers := river.NewWorkers()
	ocrGate := NewProcessingGate()
	river.AddWorker(workers, NewProcessor(db, blobs, ProcessorConfig{
		Classify: classify.Config{OfficeDomain: mbox.officeDomain},
		TempDir:  tempDir,
		Calendar: calendar,
		Offices:  offices,
		Filer:    NewFiler(db, blobs, NewQueue(inserter), time.Local, log),
		Steps:    steps,
	}, log))
	river.AddWorker(workers, NewStampWorker(db, blobs, StampConfig{TempDir: tempDir, Steps: steps}, log))
	river.AddWorker(workers, NewPublishWorker(db, blobs))
	river.AddWorker(workers, NewOCRWorker(db, blobs, tempDir, log).WithSteps(steps).WithGate(ocrGate))
	rc, err := storage.NewQueueClient(db, &river.Config{
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: processWorkers},
			StampQueue:         {MaxWorkers: stampWorkers},
			OCRQueue:           {MaxWorkers: ocrWorkers},
		},
		Workers:              workers,
		Middleware:           []rivertype.Middleware{ocrGate.Middleware()},
		Logger:               log,
		RescueStuckJobsAfter: max(ProcessTimeout, DefaultStampTimeout) + time.Minute,
		FetchCooldown:        FetchCooldown,
		FetchPollInterval:    FetchPollInterval,
	})
	if err != nil {
		b.Fatal(err)
	}
	srv := testenv.Dovecot(b)
	return &benchBundle{
		db: db, sql: testenv.SQL(b, dsn), blobs: blobs, blobDir: blobDir, river: rc, queue: NewQueue(rc), server: srv, tempDir: tempDir, log: log, steps: steps,
		acct: mailbox.Account{Host: srv.Addr, User: srv.User, Password: srv.Password, TLS: "none", Inbox: "INBOX", Sent: "Sent"},
	}
}

// startWorkers runs the job queue's workers and returns the jobs'
// completions, and a function that stops the workers (called at the latest
// when the benchmark ends). The channel holds room for every job expected:
// River drops the events a full channel cannot take.
func (bb *benchBundle) startWorkers(b *testing.B, jobs int) (<-chan *river.Event, func()) {
	b.Helper()
	events, unsubscribe := bb.river.SubscribeConfig(&river.SubscribeConfig{
		Kinds:    []river.EventKind{river.EventKindJobCompleted, river.EventKindJobFailed},
		ChanSize: 4*jobs + 64, // stamping and publishing jobs too
	})
	if err := bb.river.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	stop := sync.OnceFunc(func() {
		unsubscribe()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := bb.river.Stop(ctx); err != nil {
			b.Errorf("stop workers: %v", err)
		}
	})
	b.Cleanup(stop)
	return events, stop
}

// benchLogger keeps the benchmark output to the figures: only warnings and
// errors of the code under test are shown.
func benchLogger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tbWriter{tb}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(b []byte) (int, error) { w.tb.Log(string(b)); return len(b), nil }

func benchEnvInt(b *testing.B, name string, def int) int {
	b.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s: want a positive number, got %q", name, v)
	}
	return n
}

func benchEnvDuration(b *testing.B, name string, def time.Duration) time.Duration {
	b.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		b.Fatalf("%s: want a duration like 150ms, got %q", name, v)
	}
	return d
}

// benchMailbox generates the messages of a realistic claims inbox: the dev
// corpus' messages replicated under fresh Message-IDs, and one message in
// ten a photo, estimate or video of 50 KB–2 MB attached in base64, as
// phones and Xactimate send them (bench_corpus_test.go reads the corpus).
// Message i is the same in every run.
type benchMailbox struct {
	templates    [][]byte
	claims       []storage.ClaimRow // the corpus' claims.csv
	officeDomain string
	source       string // which corpus, where, how many messages and claims
}

// message returns message i of the mailbox.
func (m *benchMailbox) message(i int) []byte {
	rng := rand.New(rand.NewPCG(benchSeed, uint64(i)))
	switch {
	case i%10 == 9:
		return benchAttachmentMessage(i, rng)
	default:
		return withMessageID(m.templates[i%len(m.templates)], i)
	}
}

// withMessageID gives a copy of a corpus message a Message-ID of its own, so
// that claimdesk stores it as a new message (it drops a repeated one).
func withMessageID(raw []byte, i int) []byte {
	fresh := fmt.Appendf(nil, "Message-ID: <bench-%d@claimdesk.bench>\r\n", i)
	for start := 0; start < len(raw); {
		eol := bytes.IndexByte(raw[start:], '\n')
		if eol < 0 || len(bytes.TrimRight(raw[start:start+eol], "\r")) == 0 {
			break // the end of the header
		}
		next := start + eol + 1
		if len(raw[start:]) > 11 && strings.EqualFold(string(raw[start:start+11]), "message-id:") {
			// A folded Message-ID goes on over lines that start with
			// white space.
			for next < len(raw) && (raw[next] == ' ' || raw[next] == '\t') {
				k := bytes.IndexByte(raw[next:], '\n')
				if k < 0 {
					next = len(raw)
					break
				}
				next += k + 1
			}
			return slices.Concat(raw[:start], fresh, raw[next:])
		}
		start = next
	}
	return slices.Concat(fresh, raw)
}

// benchAttachmentMessage is a technician's or estimator's message with one
// attachment of 50 KB–2 MB (log-uniform: small photos are the most common),
// of random bytes, as compressed images and archives are.
func benchAttachmentMessage(i int, rng *rand.Rand) []byte {
	size := int(50e3 * math.Pow(40, rng.Float64()))
	kinds := []struct{ name, ctype string }{
		{"IMG_%04d.jpg", "image/jpeg"},
		{"Estimate_%04d.pdf", "application/pdf"},
		{"Estimate_%04d.esx", "application/octet-stream"},
		{"Walkthrough_%04d.mp4", "video/mp4"},
	}
	kind := kinds[rng.IntN(len(kinds))]
	var seed [32]byte
	for k := range seed {
		seed[k] = byte(rng.Uint32())
	}
	data := make([]byte, size)
	rand.NewChaCha8(seed).Read(data)

	var msg bytes.Buffer
	filename := fmt.Sprintf(kind.name, i)
	fmt.Fprintf(&msg, "From: Marco Ruiz <mruiz@smrestore.example>\r\nTo: claims@smrestore.example\r\n"+
		"Subject: %s for claim 0683449786\r\nDate: Tue, 03 Nov 2026 %02d:%02d:00 -0600\r\n"+
		"Message-ID: <bench-att-%d@smrestore.example>\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n"+
		"--b%d\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAttached from the loss site, 1423 Elm St.\r\n\r\nMarco\r\n"+
		"--b%d\r\nContent-Type: %s; name=\"%s\"\r\nContent-Disposition: attachment; filename=\"%s\"\r\n"+
		"Content-Transfer-Encoding: base64\r\n\r\n",
		filename, 8+i/60%10, i%60, i, i, i, i, kind.ctype, filename, filename)
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		msg.WriteString(enc[:76])
		msg.WriteString("\r\n")
		enc = enc[76:]
	}
	msg.WriteString(enc)
	fmt.Fprintf(&msg, "\r\n--b%d--\r\n", i)
	return msg.Bytes()
}

// appender delivers messages to a mailbox over one IMAP connection, as a
// mail server's delivery agent would.
type appender struct {
	c       *imapclient.Client
	mailbox string
	lastUID imap.UID
}

func newAppender(b *testing.B, s testenv.DovecotServer, mailbox string) *appender {
	b.Helper()
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	if err := c.Login(s.User, s.Password).Wait(); err != nil {
		b.Fatal(err)
	}
	return &appender{c: c, mailbox: mailbox}
}

// append stores one message, from r of size bytes, and returns its UID.
func (a *appender) append(r io.Reader, size int64) (imap.UID, error) {
	cmd := a.c.Append(a.mailbox, size, nil)
	if _, err := io.Copy(cmd, r); err != nil {
		cmd.Close()
		return 0, fmt.Errorf("append: %w", err)
	}
	if err := cmd.Close(); err != nil {
		return 0, fmt.Errorf("append: %w", err)
	}
	data, err := cmd.Wait()
	if err != nil {
		return 0, fmt.Errorf("append: %w", err)
	}
	// Dovecot offers UIDPLUS; without it UIDs still follow arrival order
	// in a mailbox only this appender writes to.
	uid := data.UID
	if uid == 0 {
		uid = a.lastUID + 1
	}
	a.lastUID = uid
	return uid, nil
}

// fill appends messages [from, to) of the mailbox and returns their bytes.
func (a *appender) fill(b *testing.B, mbox *benchMailbox, from, to int) int64 {
	b.Helper()
	var total int64
	for i := from; i < to; i++ {
		raw := mbox.message(i)
		if _, err := a.append(bytes.NewReader(raw), int64(len(raw))); err != nil {
			b.Fatalf("message %d: %v", i, err)
		}
		total += int64(len(raw))
	}
	return total
}

// latencyLog records, as they happen, the watcher's catch-up passes and the
// processing jobs' completions, so that the benchmark can match each
// appended message with the moment it was stored and the moment it was
// processed (parsed, classified and filed or sent to triage).
type latencyLog struct {
	mu        sync.Mutex
	passes    []pass
	processed map[int64]time.Time // message row id → its first processing job completed
	jobs      int                 // every job finished, stamping and re-matches included
	failed    []string
	changed   chan struct{} // signalled after every record
}

type pass struct {
	at      time.Time
	lastUID uint32
}

func newLatencyLog() *latencyLog {
	return &latencyLog{processed: map[int64]time.Time{}, changed: make(chan struct{}, 1)}
}

func (l *latencyLog) signal() {
	select {
	case l.changed <- struct{}{}:
	default:
	}
}

// follow records from both channels until ctx ends; each event is stamped
// when it arrives, never when the benchmark gets round to looking.
func (l *latencyLog) follow(ctx context.Context, passes <-chan CatchUp, events <-chan *river.Event) {
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-passes:
			now := time.Now()
			l.mu.Lock()
			l.passes = append(l.passes, pass{now, c.LastUID})
			l.mu.Unlock()
			l.signal()
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			now := jobEnd(ev.Job)
			var args ProcessArgs
			var argsErr error
			if ev.Job.Kind == args.Kind() {
				argsErr = json.Unmarshal(ev.Job.EncodedArgs, &args)
			}
			l.mu.Lock()
			l.jobs++
			switch {
			case ev.Kind == river.EventKindJobFailed || argsErr != nil:
				msg := fmt.Sprintf("%s job %d", ev.Job.Kind, ev.Job.ID)
				if k := len(ev.Job.Errors); k > 0 {
					msg += ": " + ev.Job.Errors[k-1].Error
				}
				l.failed = append(l.failed, msg)
			case ev.Job.Kind != args.Kind() || args.Rematch:
				// Stamping, publishing, and triaged mail matched
				// again after a later message made its claim: not a
				// message's first processing.
			default:
				if _, seen := l.processed[args.MessageID]; !seen {
					l.processed[args.MessageID] = now
				}
			}
			l.mu.Unlock()
			l.signal()
		}
	}
}

// jobEnd is when job's worker finished with it. River's completer records
// finished jobs, and tells of them, in batches every 250 ms: the time an
// event arrives would add up to that to every job, though nothing the
// coordinator sees waits for it (the worker's transaction has committed).
func jobEnd(job *rivertype.JobRow) time.Time {
	if job.FinalizedAt != nil {
		return *job.FinalizedAt
	}
	return time.Now()
}

// storedAt returns when the first pass that reached uid ended.
func (l *latencyLog) storedAt(uid imap.UID) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range l.passes {
		if p.lastUID >= uint32(uid) {
			return p.at, true
		}
	}
	return time.Time{}, false
}

// waitFor returns when cond (called with the log locked) holds, or fails
// the benchmark after limit.
func (l *latencyLog) waitFor(b *testing.B, limit time.Duration, what string, cond func() bool) {
	b.Helper()
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		ok, failed := cond(), slices.Clone(l.failed)
		l.mu.Unlock()
		if len(failed) > 0 {
			b.Fatalf("processing jobs failed: %s", strings.Join(failed, "; "))
		}
		if ok {
			return
		}
		select {
		case <-l.changed:
		case <-deadline.C:
			b.Fatalf("%s: not done within %s", what, limit)
		}
	}
}

// percentile returns the q-quantile (0 < q ≤ 1) of sorted, nearest rank.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	k := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(k, 0)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkIdleLatency measures how long mail takes to reach claimdesk: a
// watcher IDLEs on the inbox while messages arrive one at a time at random
// intervals (a Poisson stream, the same in every run), and for each message
// the time from its APPEND completing to the end of the watcher's pass that
// committed its row (and marked it on the server), and to the end of its
// processing job (parsed, attachments stored, classified, filed to its
// claim or sent to triage; see jobEnd). One op is 200 arrivals
// (CLAIMDESK_BENCH_IDLE_MESSAGES) at a mean interval of 150 ms
// (CLAIMDESK_BENCH_IDLE_INTERVAL). Goal: p99 to the committed row ≤ 2 s.
//
// A second IMAP client idles on the same inbox and notes when the server
// announces each message: no IDLE client can learn of mail sooner, so that
// figure is the server's share of the latency (Dovecot holds change
// notifications back for up to half a second, to announce them together).
func BenchmarkIdleLatency(b *testing.B) {
	n := benchEnvInt(b, benchIdleMessagesEnv, 200)
	mean := benchEnvDuration(b, benchIdleIntervalEnv, 150*time.Millisecond)
	mbox := newBenchMailbox(b)
	bb := setupBench(b, mbox)
	ops := 0

	events, _ := bb.startWorkers(b, 100*n) // room for many ops' jobs
	passes := make(chan CatchUp)
	w := NewWatcher(bb.acct, "INBOX", storage.RoleInbox, bb.db, bb.blobs, bb.queue, WatcherConfig{TempDir: bb.tempDir}, bb.log)
	w.NotifyCatchUp(passes)
	log := newLatencyLog()
	ctx, cancel := context.WithCancel(context.Background())
	var running sync.WaitGroup
	running.Go(func() { w.RunHeld(ctx) })
	running.Go(func() { log.follow(ctx, passes, events) })
	b.Cleanup(func() { cancel(); running.Wait() })
	// Mail arrives once the watcher idles, as it would in the day.
	log.waitFor(b, time.Minute, "first pass", func() bool { return len(log.passes) > 0 })
	announced := watchExists(b, bb.server, "INBOX")

	app := newAppender(b, bb.server, "INBOX")
	rng := rand.New(rand.NewPCG(benchSeed, 0))
	appended := map[imap.UID]time.Time{}
	var bytesIn int64
	for b.Loop() {
		arrival := time.Now()
		for i := range n {
			raw := mbox.message(ops*n + i)
			// Exponential gaps (capped, to bound the run) make bursts as
			// well as lulls: some mail lands while the watcher is still
			// fetching the previous one.
			arrival = arrival.Add(time.Duration(min(rng.ExpFloat64(), 8) * float64(mean)))
			if d := time.Until(arrival); d > 0 {
				t := time.NewTimer(d)
				<-t.C
			}
			uid, err := app.append(bytes.NewReader(raw), int64(len(raw)))
			if err != nil {
				b.Fatal(err)
			}
			appended[uid] = time.Now()
			bytesIn += int64(len(raw))
		}
		ops++
		last := app.lastUID
		want := ops * n
		log.waitFor(b, 2*time.Minute, "storing and processing the appended mail", func() bool {
			return len(log.passes) > 0 && log.passes[len(log.passes)-1].lastUID >= uint32(last) && len(log.processed) >= want
		})
	}
	b.StopTimer()

	rows, err := bb.sql.Query(context.Background(), `SELECT id, uid FROM messages`)
	if err != nil {
		b.Fatal(err)
	}
	idOf := map[imap.UID]int64{}
	for rows.Next() {
		var id int64
		var uid uint32
		if err := rows.Scan(&id, &uid); err != nil {
			b.Fatal(err)
		}
		idOf[imap.UID(uid)] = id
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	if len(idOf) != len(appended) {
		b.Fatalf("%d messages stored, %d appended", len(idOf), len(appended))
	}
	announced.waitFor(len(appended), time.Minute)
	var notified, stored, processed []time.Duration
	for uid, done := range appended {
		if at, ok := announced.at(uid); ok {
			notified = append(notified, max(at.Sub(done), 0))
		}
		at, ok := log.storedAt(uid)
		if !ok {
			b.Fatalf("uid %d: never stored", uid)
		}
		// The watcher may commit before the APPEND's reply reaches the
		// appender; such a message waited no time at all.
		stored = append(stored, max(at.Sub(done), 0))
		log.mu.Lock()
		p, ok := log.processed[idOf[uid]]
		log.mu.Unlock()
		if !ok {
			b.Fatalf("uid %d: never processed", uid)
		}
		processed = append(processed, max(p.Sub(done), 0))
	}
	if len(notified) != len(appended) {
		b.Fatalf("the server announced %d of %d messages to the idling client", len(notified), len(appended))
	}
	slices.Sort(notified)
	slices.Sort(stored)
	slices.Sort(processed)
	b.ReportMetric(float64(len(appended)), "msgs")
	b.ReportMetric(float64(bytesIn)/1e6, "MB")
	b.ReportMetric(ms(percentile(notified, 0.5)), "announced-p50-ms")
	b.ReportMetric(ms(percentile(notified, 0.99)), "announced-p99-ms")
	b.ReportMetric(ms(percentile(stored, 0.5)), "stored-p50-ms")
	b.ReportMetric(ms(percentile(stored, 0.99)), "stored-p99-ms")
	b.ReportMetric(ms(stored[len(stored)-1]), "stored-max-ms")
	b.ReportMetric(ms(percentile(processed, 0.5)), "processed-p50-ms")
	b.ReportMetric(ms(percentile(processed, 0.99)), "processed-p99-ms")
	b.ReportMetric(ms(processed[len(processed)-1]), "processed-max-ms")
}

// existsLog records when an idling client hears of each new message.
type existsLog struct {
	mu      sync.Mutex
	times   []time.Time   // times[k]: when the server first said it held k+1 messages
	changed chan struct{} // signalled after each announcement
}

// watchExists idles on an empty mailbox until the benchmark ends. Nothing
// is expunged from it meanwhile, so message k has UID k.
func watchExists(b *testing.B, s testenv.DovecotServer, mailbox string) *existsLog {
	b.Helper()
	l := &existsLog{changed: make(chan struct{}, 1)}
	c, err := imapclient.DialInsecure(s.Addr, &imapclient.Options{
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(data *imapclient.UnilateralDataMailbox) {
				if data.NumMessages == nil {
					return
				}
				now := time.Now()
				l.mu.Lock()
				for uint32(len(l.times)) < *data.NumMessages {
					l.times = append(l.times, now)
				}
				l.mu.Unlock()
				select {
				case l.changed <- struct{}{}:
				default:
				}
			},
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	if err := c.Login(s.User, s.Password).Wait(); err != nil {
		b.Fatal(err)
	}
	sel, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		b.Fatal(err)
	}
	if sel.NumMessages != 0 {
		b.Fatalf("%s holds %d messages; want it empty", mailbox, sel.NumMessages)
	}
	if _, err := c.Idle(); err != nil {
		b.Fatal(err)
	}
	return l
}

// waitFor returns once the server has announced n messages, or after
// timeout: Dovecot may tell one idling client of the last arrival only at
// its next check, after the watcher has already filed it.
func (l *existsLog) waitFor(n int, timeout time.Duration) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		have := len(l.times)
		l.mu.Unlock()
		if have >= n {
			return
		}
		select {
		case <-l.changed:
		case <-deadline.C:
			return
		}
	}
}

func (l *existsLog) at(uid imap.UID) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if uid == 0 || int(uid) > len(l.times) {
		return time.Time{}, false
	}
	return l.times[uid-1], true
}

// BenchmarkBackfillVsMbsync imports a whole mailbox (2,000 messages,
// CLAIMDESK_BENCH_MESSAGES) from the local Dovecot three ways in each round:
//
//	(a) mbsync (isync) downloads it to a local Maildir: the yardstick;
//	(b) claimdesk's raw import alone, Watcher.Backfill into a fresh database
//	    and local blob store with no worker running: fetch, raw archive, row
//	    and job committed;
//	(c) claimdesk as it imports a mailbox: the workers of claimdesk serve
//	    running before the import starts (into another fresh database), the
//	    clock stopped at the end of the last job once every message is
//	    processed (parsed, classified, filed or triaged) and the job queue
//	    holds nothing but OCR work (stamps and re-matches done too; see
//	    jobEnd). Processing overlaps the import: a
//	    batch's jobs run as soon as its rows commit. Mail whose pictures or
//	    scans only OCR can read waits for the OCR queue (one worker, as in
//	    claimdesk serve), which goes on; with-ocr-s is the time until it is
//	    done too and the queue is empty.
//
// Rounds (3, CLAIMDESK_BENCH_ROUNDS) repeat (a)–(c), (a) and (b) in turns
// leading, because on a shared machine one round can land in a busy spell;
// the times are medians. raw/mbsync ((b) against (a), goal ≤ 2) and
// overlapped/mbsync ((c) against the same round's (a), goal ≤ 3: the whole
// wall time of import and processing) are the medians of the rounds'
// ratios, with the best and worst beside them. The step-* metrics say where
// (c)'s time goes: each pipeline step's time (StepTimes) per round, summed
// over the workers running it. mbsync must be installed (Debian: isync);
// without it the benchmark skips, except in CI.
//
// Nothing is deleted until the benchmark ends: on ext4 without a journal a
// new file skips the inodes freed in the last minute (six while their inode
// table block is unwritten), reading each of them, so deleting one
// contestant's 2,000 files would slow the file creation of whichever ran
// next. For the same reason bench/run runs it first, in a process of its
// own, once the file system has rested from compiling and from what ran
// before: run alone shortly after other work deleted many files, the
// import's new files (three for each of mbsync's) can spend a quarter of
// its CPU in that search.
func BenchmarkBackfillVsMbsync(b *testing.B) {
	mbsync, err := exec.LookPath("mbsync")
	if err != nil {
		msg := "mbsync not found (Debian: apt-get install isync; bench/run installs it)"
		if testenv.InCI() {
			b.Fatal(msg)
		}
		b.Skip(msg)
	}
	n := benchEnvInt(b, benchMessagesEnv, 2000)
	mbox := newBenchMailbox(b)
	srv := testenv.Dovecot(b)
	start := time.Now()
	app := newAppender(b, srv, "INBOX")
	size := app.fill(b, mbox, 0, n)
	b.Logf("mailbox: %d messages, %.1f MB, appended in %s", n, float64(size)/1e6, time.Since(start).Round(time.Millisecond))
	// The first download of freshly appended mail can take several times
	// the next (Dovecot fills its index cache as clients first read each
	// message, and the mail may still be being written back to disk): an
	// untimed download first, so that neither contestant pays for it.
	b.Logf("warm-up: mbsync %s", runMbsync(b, mbsync, srv, n).Round(time.Millisecond))
	settleFileSystem(b)

	rounds := benchEnvInt(b, benchRoundsEnv, 3)
	var mbsyncRuns, rawRuns, rawCPU []time.Duration
	var overlaps []overlapRun
	var rawRatios, overlapRatios []float64
	for b.Loop() {
		for r := range rounds {
			// mbsync and the raw import one after the other, first one
			// then the other leading, so that a busy spell on the machine
			// touches both.
			bb := setupBench(b, mbox)
			var mbsyncTook, rawTook, cpu time.Duration
			if r%2 == 0 {
				mbsyncTook = runMbsync(b, mbsync, srv, n)
				rawTook, cpu = rawImportCPU(b, bb, srv, n)
			} else {
				rawTook, cpu = rawImportCPU(b, bb, srv, n)
				mbsyncTook = runMbsync(b, mbsync, srv, n)
			}
			rawCPU = append(rawCPU, cpu)
			o := overlappedImport(b, setupBench(b, mbox), srv, n)
			b.Logf("round %d: mbsync %s, claimdesk raw import %s (Go CPU %s), import with processing %s (import part %s; OCR done %s; Go CPU %s)", r+1,
				mbsyncTook.Round(time.Millisecond), rawTook.Round(time.Millisecond), cpu.Round(time.Millisecond), o.took.Round(time.Millisecond),
				o.importTook.Round(time.Millisecond), o.withOCR.Round(time.Millisecond), o.goCPU.Round(time.Millisecond))
			mbsyncRuns = append(mbsyncRuns, mbsyncTook)
			rawRuns = append(rawRuns, rawTook)
			overlaps = append(overlaps, o)
			rawRatios = append(rawRatios, rawTook.Seconds()/mbsyncTook.Seconds())
			overlapRatios = append(overlapRatios, o.took.Seconds()/mbsyncTook.Seconds())
		}
	}
	b.StopTimer()
	reportBackfill(b, n, size, mbsyncRuns, rawRuns, overlaps, rawRatios, overlapRatios)
	b.ReportMetric(median(rawCPU).Seconds(), "raw-go-cpu-s")
}

// settleFileSystem syncs the disk and waits CLAIMDESK_BENCH_SETTLE
// seconds (65 unless set) before the rounds. ext4 without a journal (the
// root of the machines the benchmarks run on) does not reuse an inode freed
// in the last minute, or in the last six while its inode table block is
// unwritten (recently_deleted in fs/ext4/ialloc.c), and each new file's
// search for a free inode reads every such inode of its block group. The
// mail server frees thousands while the mailbox is filled (a lock file for
// each APPEND), and compiling frees more: unsettled, they add a tax to
// every new file of both contestants, mbsync's download most of all, as it
// is little else. Synced, a minute is enough.
func settleFileSystem(b *testing.B) {
	b.Helper()
	secs := 65
	if v := os.Getenv(benchSettleEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			b.Fatalf("%s: want a number of seconds, got %q", benchSettleEnv, v)
		}
		secs = n
	}
	wait := time.Duration(secs) * time.Second
	syscall.Sync()
	b.Logf("file system synced; resting %s so that the inodes freed before are reusable", wait)
	time.Sleep(wait)
}

// rawImportCPU is rawImport with the CPU time this process spent on it:
// the Go side of the import, without mbsync's or Postgres' share.
func rawImportCPU(b *testing.B, bb *benchBundle, srv testenv.DovecotServer, n int) (took, cpu time.Duration) {
	b.Helper()
	before := ownCPU(b)
	took = rawImport(b, bb, srv, n)
	return took, ownCPU(b) - before
}

// ownCPU is the CPU time (user and system) this process has used, without
// its children's (tesseract, pdftotext): the Go side of the pipeline.
func ownCPU(tb testing.TB) time.Duration {
	var self syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &self); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(self.Utime.Nano() + self.Stime.Nano())
}

// overlapRun is what one import with the workers running measured.
type overlapRun struct {
	took                               time.Duration // from the import's start to all processed, OCR aside
	goCPU                              time.Duration // this process' CPU time over took
	withOCR                            time.Duration // from the import's start to the queue empty
	importTook                         time.Duration // the import's own part of it
	ocrJobs                            int64
	steps                              [numSteps]time.Duration
	failed, filed, docs, stamped, jobs int
}

// overlappedImport starts bb's workers, then imports the account's INBOX
// and waits until every message is processed and the queue is empty.
func overlappedImport(b *testing.B, bb *benchBundle, srv testenv.DovecotServer, n int) overlapRun {
	b.Helper()
	log := newLatencyLog()
	pgStats := resetPostgresStats(b, bb.sql)
	cpuBefore, cpuKnown := postgresCPU(b, bb.sql)
	busyBefore, idleBefore, machineKnown := machineCPU()
	kernelBefore, kernelKnown := kernelThreadsCPU()
	events, stopWorkers := bb.startWorkers(b, n)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); log.follow(ctx, nil, events) }()
	stopProfile := startWindowProfile(b)
	cpus := startCPUSampler(100 * time.Millisecond)
	defer cpus.Stop() // a benchmark failing midway leaves no sampler behind
	var waits *backendWaits
	if pgStats {
		waits = startBackendWaits(bb.sql, 20*time.Millisecond)
		defer waits.cancel()
	}
	start, cpu := time.Now(), ownCPU(b)
	importTook := rawImport(b, bb, srv, n)
	log.mu.Lock()
	processedAtImport := len(log.processed)
	log.mu.Unlock()
	// The share processed while the import ran says how far the two
	// overlap: the rest is processed after the last message is stored.
	b.Logf("import stored all %d messages at %.2f s, %d of them processed by then", n, importTook.Seconds(), processedAtImport)
	log.waitFor(b, 10*time.Minute, "processing", func() bool { return len(log.processed) >= n })
	end := waitAllButOCR(b, bb.sql, log)
	stopProfile()
	cpus.Stop()
	logIdleByPhase(b, cpus, start, start.Add(importTook), end)
	if waits != nil {
		b.Logf("postgres: %s", waits.Stop())
	}
	o := overlapRun{took: end.Sub(start), goCPU: ownCPU(b) - cpu, importTook: importTook}
	// Cores left idle in the window are time the pipeline waited on
	// something other than the CPU: locks, the disk, the queue.
	if busy, idle, ok := machineCPU(); ok && machineKnown {
		busy, idle = busy-busyBefore, idle-idleBefore
		b.Logf("machine: cores idle %.0f %% of the import with processing (%.1f s busy, %.1f s idle)",
			100*idle.Seconds()/(busy+idle).Seconds(), busy.Seconds(), idle.Seconds())
	}
	if after, ok := kernelThreadsCPU(); ok && kernelKnown {
		b.Logf("kernel threads: %.1f s of CPU during the import with processing (writing files back to the disk, mostly)",
			(after - kernelBefore).Seconds())
	}
	if cpuAfter, ok := postgresCPU(b, bb.sql); ok && cpuKnown {
		pgCPU := cpuAfter - cpuBefore
		b.Logf("postgres: %.1f s of CPU during the import with processing, OCR aside (%.2f ms a message)",
			pgCPU.Seconds(), float64(pgCPU.Milliseconds())/float64(n))
	}
	// Postgres' statistics cover the same phase as its CPU: OCR, on its own
	// queue, is not a message row's cost.
	if pgStats {
		logPostgresTop(b, bb.sql)
	}
	o.withOCR = waitQueueEmpty(b, bb.sql, log).Sub(start)
	cancel()
	<-done
	stopWorkers()
	for _, s := range Steps() {
		o.steps[s], _ = bb.steps.Total(s)
	}
	_, o.ocrJobs = bb.steps.Total(StepOCR)
	if err := bb.sql.QueryRow(context.Background(), `SELECT
		(SELECT count(*) FROM messages WHERE status NOT IN ('filed', 'triage', 'ignored')),
		(SELECT count(*) FROM messages WHERE status = 'filed'),
		(SELECT count(*) FROM documents),
		(SELECT count(*) FROM documents WHERE stamped_sha256 IS NOT NULL)`).Scan(&o.failed, &o.filed, &o.docs, &o.stamped); err != nil {
		b.Fatal(err)
	}
	log.mu.Lock()
	o.jobs = log.jobs
	log.mu.Unlock()
	logJobTimes(b, bb.sql, start, end)
	return o
}

// startWindowProfile starts the Go CPU profile of the import with
// processing when CLAIMDESK_BENCH_CPUPROFILE names a file (each round
// writes it again: the last round's stays), and returns what stops it.
func startWindowProfile(b *testing.B) (stop func()) {
	b.Helper()
	path := os.Getenv(benchCPUProfileEnv)
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// logJobTimes logs, per kind of job, how many ran and how long they took
// (which queue the wall time waits for), and how many of them ran in the
// timed window from start to end (which took the window's CPU).
func logJobTimes(b *testing.B, pool *pgxpool.Pool, start, end time.Time) {
	b.Helper()
	// Processing runs that type a filed message's pictures again, once OCR
	// has read them, are counted apart from the others.
	rows, err := pool.Query(context.Background(), `SELECT
			kind || CASE WHEN (args->>'refine')::boolean THEN ' (refine)' ELSE '' END, count(*),
			coalesce(sum(extract(epoch FROM finalized_at - attempted_at)), 0),
			coalesce(max(extract(epoch FROM finalized_at - attempted_at)), 0),
			coalesce(extract(epoch FROM max(finalized_at) - min(created_at)), 0),
			count(*) FILTER (WHERE attempted_at < $2 AND finalized_at > $1),
			coalesce(sum(extract(epoch FROM least(finalized_at, $2) - greatest(attempted_at, $1)))
				FILTER (WHERE attempted_at < $2 AND finalized_at > $1), 0)
		FROM river_job GROUP BY 1 ORDER BY 1`, start, end)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var n int
		var sum, longest, span, inWindow float64
		var nWindow int
		if err := rows.Scan(&kind, &n, &sum, &longest, &span, &nWindow, &inWindow); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: %d jobs, %.1f s of workers (longest %.2f s), first created to last done %.1f s; in the timed window %d jobs, %.1f s of workers",
			kind, n, sum, longest, span, nWindow, inWindow)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
}

// reportBackfill reports BenchmarkBackfillVsMbsync's figures: times are
// medians of the rounds, counts and step times means per round.
func reportBackfill(b *testing.B, n int, size int64, mbsyncRuns, rawRuns []time.Duration, overlaps []overlapRun, rawRatios, overlapRatios []float64) {
	mbsyncTime, rawTime := median(mbsyncRuns), median(rawRuns)
	var tookRuns, importRuns, ocrRuns, cpuRuns []time.Duration
	var steps [numSteps]time.Duration
	var failed, filed, docs, stamped, jobs int
	var ocrJobs int64
	for _, o := range overlaps {
		tookRuns = append(tookRuns, o.took)
		cpuRuns = append(cpuRuns, o.goCPU)
		ocrRuns = append(ocrRuns, o.withOCR)
		ocrJobs += o.ocrJobs
		importRuns = append(importRuns, o.importTook)
		for s, d := range o.steps {
			steps[s] += d
		}
		failed, filed, docs, stamped, jobs = failed+o.failed, filed+o.filed, docs+o.docs, stamped+o.stamped, jobs+o.jobs
	}
	took := median(tookRuns)
	runs := float64(len(overlaps))
	mb := float64(size) / 1e6
	b.ReportMetric(float64(n), "msgs")
	b.ReportMetric(mb, "MB")
	b.ReportMetric(runs, "rounds")
	b.ReportMetric(mbsyncTime.Seconds(), "mbsync-s")
	b.ReportMetric(float64(n)/mbsyncTime.Seconds(), "mbsync-msg/s")
	b.ReportMetric(mb/mbsyncTime.Seconds(), "mbsync-MB/s")
	b.ReportMetric(rawTime.Seconds(), "raw-s")
	b.ReportMetric(float64(n)/rawTime.Seconds(), "raw-msg/s")
	b.ReportMetric(mb/rawTime.Seconds(), "raw-MB/s")
	b.ReportMetric(median(rawRatios), "raw/mbsync")
	b.ReportMetric(slices.Min(rawRatios), "raw/mbsync-min")
	b.ReportMetric(slices.Max(rawRatios), "raw/mbsync-max")
	b.ReportMetric(took.Seconds(), "overlap-s")
	b.ReportMetric(median(importRuns).Seconds(), "overlap-import-s")
	b.ReportMetric(median(cpuRuns).Seconds(), "overlap-go-cpu-s")
	b.ReportMetric(float64(n)/took.Seconds(), "overlap-msg/s")
	b.ReportMetric(median(overlapRatios), "overlapped/mbsync")
	b.ReportMetric(slices.Min(overlapRatios), "overlapped/mbsync-min")
	b.ReportMetric(slices.Max(overlapRatios), "overlapped/mbsync-max")
	b.ReportMetric(median(ocrRuns).Seconds(), "with-ocr-s")
	b.ReportMetric(median(ocrRuns).Seconds()/mbsyncTime.Seconds(), "with-ocr/mbsync")
	b.ReportMetric(float64(ocrJobs)/runs, "ocr-jobs")
	for _, s := range Steps() {
		b.ReportMetric(steps[s].Seconds()/runs, "step-"+s.String()+"-s")
	}
	b.ReportMetric(float64(filed)/runs, "filed")
	b.ReportMetric(float64(failed)/runs, "not-processed")
	b.ReportMetric(float64(docs)/runs, "documents")
	b.ReportMetric(float64(stamped)/runs, "stamped")
	b.ReportMetric(float64(jobs)/runs, "jobs")
}

// rawImport runs claimdesk's import of the account's INBOX into the
// bundle's empty database and blob store, and returns how long it took.
func rawImport(b *testing.B, bb *benchBundle, srv testenv.DovecotServer, n int) time.Duration {
	b.Helper()
	w := NewWatcher(mailbox.Account{Host: srv.Addr, User: srv.User, Password: srv.Password, TLS: "none"},
		"INBOX", storage.RoleInbox, bb.db, bb.blobs, bb.queue, WatcherConfig{TempDir: bb.tempDir, Steps: bb.steps}, bb.log)
	start := time.Now()
	stored, err := w.Backfill(context.Background(), time.Time{}, func(Progress) {})
	took := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	if stored != n {
		b.Fatalf("backfill stored %d messages, want %d", stored, n)
	}
	return took
}

// median returns the middle value of xs (the mean of the middle two when
// their number is even).
func median[T time.Duration | float64](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// waitQueueEmpty returns when the job queue has nothing left to run (the
// re-matches that processing enqueued have run too), and when its last job
// ended.
func waitQueueEmpty(b *testing.B, pool *pgxpool.Pool, log *latencyLog) time.Time {
	b.Helper()
	return waitJobs(b, pool, log, "true")
}

// waitAllButOCR returns when the job queue has nothing left to run but the
// reading of pictures and scans and the processing of the mail read (the
// mail that needs no OCR is done), and when the last of the others ended.
func waitAllButOCR(b *testing.B, pool *pgxpool.Pool, log *latencyLog) time.Time {
	b.Helper()
	return waitJobs(b, pool, log, `queue <> '`+OCRQueue+`' AND coalesce(args->>'after_ocr', '') = ''`)
}

// waitJobs returns when no job that jobs (a condition on river_job's rows)
// selects is left to run, and when the last of them ended (see jobEnd):
// finished jobs are recorded in batches, up to 250 ms after their end.
func waitJobs(b *testing.B, pool *pgxpool.Pool, log *latencyLog, jobs string) time.Time {
	b.Helper()
	deadline := time.NewTimer(5 * time.Minute)
	defer deadline.Stop()
	for {
		var left int
		var end *time.Time
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE finalized_at IS NULL), max(finalized_at)
			FROM river_job WHERE `+jobs).Scan(&left, &end); err != nil {
			b.Fatal(err)
		}
		if left == 0 {
			if end == nil { // none ever queued
				return time.Now()
			}
			return *end
		}
		// Every job that finishes is an event, which signals.
		select {
		case <-log.changed:
		case <-deadline.C:
			b.Fatalf("%d jobs still queued after 5m", left)
		}
	}
}

// runMbsync downloads the account's INBOX into a new Maildir and returns
// how long mbsync took, checking it got all n messages. The Maildir is
// deleted when the benchmark ends.
func runMbsync(b *testing.B, bin string, srv testenv.DovecotServer, n int) time.Duration {
	b.Helper()
	dir := b.TempDir()
	host, port, _ := strings.Cut(srv.Addr, ":")
	maildir := filepath.Join(dir, "Maildir") + "/"
	conf := fmt.Sprintf(`IMAPAccount bench
Host %s
Port %s
User %s
Pass %s
SSLType None
AuthMechs LOGIN

IMAPStore far
Account bench

MaildirStore near
Path %s
Inbox %sINBOX

Channel bench
Far :far:
Near :near:
Patterns INBOX
Sync Pull
Create Near
SyncState *
`, host, port, srv.User, srv.Password, maildir, maildir)
	// mbsync creates the mailbox (Create Near) but not the store's root.
	if err := os.MkdirAll(maildir, 0o700); err != nil {
		b.Fatal(err)
	}
	confPath := filepath.Join(dir, "mbsyncrc")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, "-c", confPath, "bench")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if err != nil {
		b.Fatalf("mbsync: %v\n%s", err, out.Bytes())
	}
	got := 0
	for _, sub := range []string{"cur", "new"} {
		entries, err := os.ReadDir(filepath.Join(maildir, "INBOX", sub))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			b.Fatal(err)
		}
		got += len(entries)
	}
	if got != n {
		b.Fatalf("mbsync downloaded %d messages, want %d\n%s", got, n, out.Bytes())
	}
	return took
}

// Settings of the helper process of BenchmarkLargeAttachmentRSS.
const (
	rssHelperEnv    = "CLAIMDESK_BENCH_RSS_HELPER" // JSON rssHelperConfig: run the helper
	rssResultPrefix = "claimdesk-rss-result "
	largeAttachment = 100 << 20
)

type rssHelperConfig struct {
	DSN      string `json:"dsn"`
	Addr     string `json:"addr"`
	User     string `json:"user"`
	Password string `json:"password"`
	BlobDir  string `json:"blob_dir"`
	TempDir  string `json:"temp_dir"`
}

// rssResult is what the helper measured, in bytes and seconds.
type rssResult struct {
	StartPeak int64   `json:"start_peak"` // peak resident during start-up
	BaseRSS   int64   `json:"base_rss"`   // resident after start-up, before the message
	FetchPeak int64   `json:"fetch_peak"` // peak resident while fetching and storing the raw message
	ParsePeak int64   `json:"parse_peak"` // peak resident while parsing it and storing the attachment
	PeakReset bool    `json:"peak_reset"` // false: the kernel would not reset the peak, so ParsePeak covers both steps
	FetchSecs float64 `json:"fetch_secs"`
	ParseSecs float64 `json:"parse_secs"`
}

// BenchmarkLargeAttachmentRSS measures the memory claimdesk needs for one
// message with a 100 MiB attachment (about 137 MiB of base64 mail): the
// watcher fetches it and stores it raw, then the processor parses it and
// stores the attachment. The ingest runs in a child process (this test
// binary again, running TestHelperIngestLarge), so that the peak resident
// set measured is the ingest's alone and not the benchmark's, which
// generates and appends the message. Goal: peak RSS < 150 MB.
func BenchmarkLargeAttachmentRSS(b *testing.B) {
	dir := b.TempDir()
	eml := filepath.Join(dir, "large.eml")
	f, err := os.Create(eml)
	if err != nil {
		b.Fatal(err)
	}
	size, err := io.Copy(f, testenv.LargeMail(largeAttachment))
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		b.Fatal(err)
	}

	var worst rssResult
	for b.Loop() {
		srv := testenv.Dovecot(b)
		app := newAppender(b, srv, "INBOX")
		f, err := os.Open(eml)
		if err != nil {
			b.Fatal(err)
		}
		_, err = app.append(bufio.NewReaderSize(f, 1<<20), size)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		cfg := rssHelperConfig{
			DSN: testenv.Postgres(b), Addr: srv.Addr, User: srv.User, Password: srv.Password,
			BlobDir: b.TempDir(), TempDir: b.TempDir(),
		}
		res := runRSSHelper(b, cfg)
		worst.StartPeak = max(worst.StartPeak, res.StartPeak)
		worst.BaseRSS = max(worst.BaseRSS, res.BaseRSS)
		worst.FetchPeak = max(worst.FetchPeak, res.FetchPeak)
		worst.ParsePeak = max(worst.ParsePeak, res.ParsePeak)
		worst.FetchSecs = max(worst.FetchSecs, res.FetchSecs)
		worst.ParseSecs = max(worst.ParseSecs, res.ParseSecs)
	}
	b.StopTimer()
	mib := func(n int64) float64 { return float64(n) / (1 << 20) }
	b.ReportMetric(mib(size), "message-MiB")
	b.ReportMetric(mib(worst.BaseRSS), "base-RSS-MiB")
	b.ReportMetric(mib(worst.FetchPeak), "fetch-peak-RSS-MiB")
	b.ReportMetric(mib(worst.ParsePeak), "parse-peak-RSS-MiB")
	peak := max(worst.StartPeak, worst.FetchPeak, worst.ParsePeak)
	b.ReportMetric(mib(max(worst.FetchPeak, worst.ParsePeak)-worst.BaseRSS), "peak-growth-MiB")
	b.ReportMetric(mib(peak), "peak-RSS-MiB")
	b.ReportMetric(worst.FetchSecs, "fetch-s")
	b.ReportMetric(worst.ParseSecs, "parse-s")
}

// runRSSHelper runs the ingest in a child process and returns what it
// measured. The child reads its own VmHWM: the rusage of a child is no
// good here, because Linux counts in its ru_maxrss the resident set of the
// parent it was forked from (exec keeps the old address space's high-water
// mark), so the child of a large benchmark process would look large.
func runRSSHelper(b *testing.B, cfg rssHelperConfig) rssResult {
	b.Helper()
	enc, err := json.Marshal(cfg)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperIngestLarge$", "-test.count=1")
	cmd.Env = append(os.Environ(), rssHelperEnv+"="+string(enc))
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("ingest helper: %v\n%s", err, out)
	}
	var res rssResult
	found := false
	for line := range strings.Lines(string(out)) {
		if rest, ok := strings.CutPrefix(line, rssResultPrefix); ok {
			if err := json.Unmarshal([]byte(rest), &res); err != nil {
				b.Fatalf("ingest helper result %q: %v", rest, err)
			}
			found = true
		}
	}
	if !found {
		b.Fatalf("ingest helper printed no result:\n%s", out)
	}
	return res
}

// TestHelperIngestLarge is BenchmarkLargeAttachmentRSS's child process: it
// does nothing unless the benchmark started it.
func TestHelperIngestLarge(t *testing.T) {
	raw := os.Getenv(rssHelperEnv)
	if raw == "" {
		return
	}
	var cfg rssHelperConfig
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	db, err := storage.Open(ctx, cfg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pool := testenv.SQL(t, cfg.DSN)
	blobs, err := blob.NewLocalStore(cfg.BlobDir)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	log := benchLogger(t)
	acct := mailbox.Account{Host: cfg.Addr, User: cfg.User, Password: cfg.Password, TLS: "none"}
	// A 100 MiB attachment is a 137 MiB message, over the default limit
	// of 100 MiB: an office that takes such mail raises the limit.
	w := NewWatcher(acct, "INBOX", storage.RoleInbox, db, blobs, NewQueue(rc),
		WatcherConfig{TempDir: cfg.TempDir, MaxMessageBytes: 200 << 20}, log)
	p := NewProcessor(db, blobs, ProcessorConfig{TempDir: cfg.TempDir}, log)

	var res rssResult
	res.StartPeak = procStatus(t, "VmHWM")
	res.BaseRSS = procStatus(t, "VmRSS")
	res.PeakReset = resetPeakRSS()
	start := time.Now()
	if n, err := w.Backfill(ctx, time.Time{}, func(Progress) {}); err != nil || n != 1 {
		t.Fatalf("backfill: stored %d, err %v", n, err)
	}
	res.FetchSecs = time.Since(start).Seconds()
	res.FetchPeak = procStatus(t, "VmHWM")

	var id int64
	var status string
	if err := pool.QueryRow(ctx, `SELECT id, status FROM messages`).Scan(&id, &status); err != nil {
		t.Fatal(err)
	}
	if status != storage.StatusNew {
		t.Fatalf("message stored as %s, want new", status)
	}
	if res.PeakReset {
		resetPeakRSS()
	}
	start = time.Now()
	if err := p.Process(ctx, id); err != nil {
		t.Fatal(err)
	}
	res.ParseSecs = time.Since(start).Seconds()
	res.ParsePeak = procStatus(t, "VmHWM")

	var size int64
	var sum string
	if err := pool.QueryRow(ctx, `SELECT m.status, p.size, p.sha256 FROM messages m
		JOIN message_parts p ON p.message_id = m.id WHERE p.is_attachment`).Scan(&status, &size, &sum); err != nil {
		t.Fatal(err)
	}
	processed := status == storage.StatusFiled || status == storage.StatusTriage || status == storage.StatusIgnored
	if !processed || size != largeAttachment || sum != testenv.LargeMailSum(largeAttachment) {
		t.Fatalf("after processing: status %s, attachment of %d bytes with sha256 %s", status, size, sum)
	}
	enc, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("%s%s\n", rssResultPrefix, enc)
}

// procStatus reads a memory figure (VmRSS, VmHWM) of this process, in bytes.
func procStatus(t *testing.T, field string) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatalf("%s: %q", field, line)
			}
			return kb << 10
		}
	}
	t.Fatalf("/proc/self/status has no %s", field)
	return 0
}

// resetPeakRSS sets this process's VmHWM back to its current resident set,
// so the next reading is the peak of one step alone. It reports whether the
// kernel allowed it.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}
