package ingest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/ocr/ocrtest"
	"github.com/claimdesk/claimdesk/storage"
)

// Sizes of BenchmarkTextLatencyDuringOCR: text messages timed in each
// phase, the scans waiting for OCR below which another one arrives during
// the second, and the pages of each scan.
const (
	benchTextMessages = 100
	benchScansWaiting = 3
	benchScanPages    = 2
)

// BenchmarkTextLatencyDuringOCR times text mail from its arrival (its
// APPEND to the inbox a watcher idles on) to filed, first with the OCR
// queue idle, then while image-only scans are being read: before each
// text message, scans arrive until benchScansWaiting wait for OCR, so the
// queue is busy however fast the machine reads. Queues and worker counts
// are claimdesk serve's defaults (8 processing, 2 stamping, 1 OCR). OCR has a queue of its own
// so that the second figure is the first: it reports both medians and
// 99th percentiles (and 95th) and their ratios (busy/quiet), and the pages
// per second the OCR worker read meanwhile.
func BenchmarkTextLatencyDuringOCR(b *testing.B) {
	if !ocr.Available(ocr.PDF) {
		b.Skip("tesseract not installed: scripts/test installs it")
	}
	ctx := context.Background()
	bb := setupBench(b, &benchMailbox{})
	if _, err := bb.sql.Exec(ctx, `INSERT INTO claims (job_number, claim_number, job_number_norm, claim_number_norm, office_id) VALUES ('26-1001-WTR', 'LA920-967489-27', '261001WTR', 'LA92096748927', 1)`); err != nil {
		b.Fatal(err)
	}
	a := startArrivals(b, bb)
	var quiet, busy []time.Duration
	var pagesPerSec []float64
	for b.Loop() {
		quiet = append(quiet, a.textLatencies(benchTextMessages, func() {})...)

		start := time.Now()
		scans := 0
		busy = append(busy, a.textLatencies(benchTextMessages, func() {
			// Each is a different scan: the same one would be read once.
			for a.ocrLeft() < benchScansWaiting {
				a.processedAt(a.arrive(benchScanMail(b, a.next())))
				scans++
			}
		})...)
		a.log.waitFor(b, 10*time.Minute, "reading the scans", func() bool { return a.ocrLeft() == 0 })
		pagesPerSec = append(pagesPerSec, float64(scans*benchScanPages)/time.Since(start).Seconds())
	}
	slices.Sort(quiet)
	slices.Sort(busy)
	for _, p := range []struct {
		name string
		q    float64
	}{{"p50", 0.5}, {"p95", 0.95}, {"p99", 0.99}} {
		q, bz := percentile(quiet, p.q), percentile(busy, p.q)
		b.ReportMetric(ms(q), "quiet-"+p.name+"-ms")
		b.ReportMetric(ms(bz), "busy-"+p.name+"-ms")
		b.ReportMetric(float64(bz)/float64(q), p.name+"-ratio")
	}
	b.ReportMetric(float64(len(busy)), "msgs-per-phase")
	b.ReportMetric(median(pagesPerSec), "ocr-pages/s")
}

// arrivals is mail arriving in an inbox that a watcher idles on, and the
// log of when each message was stored and first processed.
type arrivals struct {
	b   *testing.B
	bb  *benchBundle
	app *appender
	log *latencyLog
	n   uint32 // messages made so far
}

// startArrivals starts the workers and a watcher idling on the inbox, and
// returns once the watcher's first pass is done, as mail arrives in the
// day.
func startArrivals(b *testing.B, bb *benchBundle) *arrivals {
	b.Helper()
	events, _ := bb.startWorkers(b, 1000)
	passes := make(chan CatchUp)
	w := NewWatcher(bb.acct, "INBOX", storage.RoleInbox, bb.db, bb.blobs, bb.queue, WatcherConfig{TempDir: bb.tempDir}, bb.log)
	w.NotifyCatchUp(passes)
	log := newLatencyLog()
	ctx, cancel := context.WithCancel(context.Background())
	var running sync.WaitGroup
	running.Go(func() { w.RunHeld(ctx) })
	running.Go(func() { log.follow(ctx, passes, events) })
	b.Cleanup(func() { cancel(); running.Wait() })
	log.waitFor(b, time.Minute, "first pass", func() bool { return len(log.passes) > 0 })
	return &arrivals{b: b, bb: bb, app: newAppender(b, bb.server, "INBOX"), log: log}
}

// next numbers a new message.
func (a *arrivals) next() uint32 {
	a.n++
	return a.n
}

// arrive appends raw to the inbox and returns its UID.
func (a *arrivals) arrive(raw []byte) imap.UID {
	uid, err := a.app.append(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		a.b.Fatal(err)
	}
	return uid
}

// processedAt waits until the message of uid is stored and its first
// processing run has ended, and returns its row id and when that run
// ended.
func (a *arrivals) processedAt(uid imap.UID) (int64, time.Time) {
	a.log.waitFor(a.b, time.Minute, "storing a message", func() bool {
		return len(a.log.passes) > 0 && a.log.passes[len(a.log.passes)-1].lastUID >= uint32(uid)
	})
	var id int64
	if err := a.bb.sql.QueryRow(context.Background(), `SELECT id FROM messages WHERE uid = $1`, uint32(uid)).Scan(&id); err != nil {
		a.b.Fatalf("uid %d: %v", uid, err)
	}
	var at time.Time
	a.log.waitFor(a.b, 2*time.Minute, "processing a message", func() bool {
		var ok bool
		at, ok = a.log.processed[id]
		return ok
	})
	return id, at
}

// textLatencies has n text messages arrive one after another, each naming
// the claim in its subject, before calls before each, and returns how long
// each took from its APPEND's end to filed.
func (a *arrivals) textLatencies(n int, before func()) []time.Duration {
	var lat []time.Duration
	for range n {
		before()
		raw := fmt.Appendf(nil, "From: Adjuster <a@carrier.example>\r\nTo: claims@office.example\r\n"+
			"Subject: Claim LA920-967489-27 status\r\nMessage-ID: <text-%d@carrier.example>\r\n\r\nAny update?\r\n", a.next())
		uid := a.arrive(raw)
		appended := time.Now()
		id, filed := a.processedAt(uid)
		// The run may end before the APPEND's reply reaches the appender.
		lat = append(lat, max(filed.Sub(appended), 0))
		if m, err := a.bb.db.GetMessage(context.Background(), id); err != nil || m.Status != storage.StatusFiled {
			a.b.Fatalf("text message %d: %+v (%v), want filed", id, m, err)
		}
	}
	return lat
}

// ocrLeft is how many OCR jobs are not finished.
func (a *arrivals) ocrLeft() int {
	var n int
	if err := a.bb.sql.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE queue = $1 AND state NOT IN ('completed', 'discarded', 'cancelled')`, OCRQueue).Scan(&n); err != nil {
		a.b.Fatal(err)
	}
	return n
}

// benchScanMail is message n, whose only evidence is on an image-only scan
// of benchScanPages pages of its own.
func benchScanMail(b *testing.B, n uint32) []byte {
	b.Helper()
	var pages [][]byte
	for i := range benchScanPages {
		pages = append(pages, scanPage(b, []string{fmt.Sprintf("DRYING LOG %d", n), fmt.Sprintf("Day %d", i+1), "Claim # LA920-967489-27", "Readings taken in the kitchen and hall."}))
	}
	return pdfMail(fmt.Sprintf("scan-%d", n), map[string][]byte{"scan0001.pdf": ocrtest.ImagePDF(pages, 1275, 1650)})
}
