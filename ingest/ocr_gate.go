package ingest

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// OCRWaitAllowance bounds the time one OCR job waits for mail processing to
// go idle, in all its pages: under a backlog that never ends, scans are
// still read, this much late.
const OCRWaitAllowance = 2 * time.Minute

// errGateClosed ends the waits of a process that stops.
var errGateClosed = errors.New("processing gate closed: the process is stopping")

// ProcessingSettle bounds how long this process's mail processing must have
// been idle before OCR reads a page: as long as processing had kept the
// gate closed, up to this. In a backlog the queue runs dry for a few
// milliseconds between jobs, and a page begun in such a gap runs for a
// second or more beside the processing that resumes: tesseract then takes
// a share of the processor and its caches from the mail. The short runs
// that follow OCR itself (the messages waiting for the text read) hold it
// back only as long as they ran.
const ProcessingSettle = time.Second

// ProcessingGate holds OCR back while this process's workers process mail.
// Tesseract at the lowest priority still takes a core whenever processing
// blocks for a moment on the database or the disk, and its page-long runs
// then delay it; waiting for processing to go idle, and stay idle for
// ProcessingSettle, keeps mail first. Each process has its own gate: it
// yields to its own workers.
type ProcessingGate struct {
	mu   sync.Mutex
	busy int // processing jobs running
	// idle is closed once processing has been idle for settle, and
	// replaced when a job starts; open says it is closed.
	idle     chan struct{}
	open     bool
	closedAt time.Time
	settle   time.Duration
	// settling counts the busy spells begun: an idle spell's opening is
	// stale once a job has started since.
	settling   uint64
	stopSettle func() bool
	closed     chan struct{}
	closing    sync.Once
	waiting    int // OCR reads waiting, for tests
	// timer starts a wait's limit; time.NewTimer unless a test sets it.
	timer func(time.Duration) (<-chan time.Time, func() bool)
	// after runs f once d has passed, and now reads the clock: time's
	// unless a test sets them.
	after func(d time.Duration, f func()) (stop func() bool)
	now   func() time.Time
}

// NewProcessingGate returns an open gate with no processing running.
func NewProcessingGate() *ProcessingGate {
	idle := make(chan struct{})
	close(idle)
	return &ProcessingGate{idle: idle, open: true, settle: ProcessingSettle, closed: make(chan struct{}),
		timer: func(d time.Duration) (<-chan time.Time, func() bool) {
			t := time.NewTimer(d)
			return t.C, t.Stop
		},
		after: func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop },
		now:   time.Now,
	}
}

// Wait returns nil once processing has settled (no job has run for
// ProcessingSettle), or limit has passed; an error when ctx ends or the
// gate is closed.
func (g *ProcessingGate) Wait(ctx context.Context, limit time.Duration) error {
	g.mu.Lock()
	idle := g.idle
	g.waiting++
	g.mu.Unlock()
	defer g.leaveWait()
	select {
	case <-g.closed:
		return errGateClosed
	case <-idle:
		return nil
	default:
	}
	expired, stop := g.timer(limit)
	defer stop()
	select {
	case <-idle:
		return nil
	case <-expired:
		return nil
	case <-g.closed:
		return errGateClosed
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func (g *ProcessingGate) leaveWait() {
	g.mu.Lock()
	g.waiting--
	g.mu.Unlock()
}

// Close ends every wait, now and later, with an error: a stopping process
// gives its waiting OCR jobs back to the queue rather than start reading.
func (g *ProcessingGate) Close() {
	g.closing.Do(func() { close(g.closed) })
}

// start marks a processing job running: the gate closes, or stays closed
// if processing had not settled yet.
func (g *ProcessingGate) start() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.busy == 0 {
		g.settling++
		if g.stopSettle != nil {
			g.stopSettle()
			g.stopSettle = nil
		}
		if g.open {
			g.idle, g.open, g.closedAt = make(chan struct{}), false, g.now()
		}
	}
	g.busy++
}

// finish marks a processing job done; once the last one has finished and
// no other has started for as long as the gate was closed (settle at
// most), the gate opens.
func (g *ProcessingGate) finish() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.busy--
	if g.busy > 0 || g.open {
		return
	}
	wait := min(g.settle, g.now().Sub(g.closedAt))
	if wait <= 0 {
		g.openLocked()
		return
	}
	spell := g.settling
	g.stopSettle = g.after(wait, func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.settling == spell && g.busy == 0 {
			g.openLocked()
		}
	})
}

// openLocked lets OCR read; g.mu is held.
func (g *ProcessingGate) openLocked() {
	if !g.open {
		close(g.idle)
		g.open, g.stopSettle = true, nil
	}
}

// Middleware marks the jobs of the default queue, mail processing's, as
// running while they run.
func (g *ProcessingGate) Middleware() rivertype.Middleware {
	return &processingMarker{gate: g}
}

type processingMarker struct {
	river.MiddlewareDefaults
	gate *ProcessingGate
}

func (m *processingMarker) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	if job.Queue != river.QueueDefault {
		return doInner(ctx)
	}
	m.gate.start()
	defer m.gate.finish()
	return doInner(ctx)
}
