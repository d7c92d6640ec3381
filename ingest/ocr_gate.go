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

// ProcessingGate holds OCR back while this process's workers process mail.
// Tesseract at the lowest priority still takes a core whenever processing
// blocks for a moment on the database or the disk, and its page-long runs
// then delay it; waiting for processing to go idle keeps mail first. Each
// process has its own gate: it yields to its own workers.
type ProcessingGate struct {
	mu   sync.Mutex
	busy int // processing jobs running
	// idle is closed while busy is 0, and replaced when a job starts.
	idle    chan struct{}
	closed  chan struct{}
	closing sync.Once
	waiting int // OCR reads waiting, for tests
	// timer starts a wait's limit; time.NewTimer unless a test sets it.
	timer func(time.Duration) (<-chan time.Time, func() bool)
}

// NewProcessingGate returns an open gate with no processing running.
func NewProcessingGate() *ProcessingGate {
	idle := make(chan struct{})
	close(idle)
	return &ProcessingGate{idle: idle, closed: make(chan struct{}), timer: func(d time.Duration) (<-chan time.Time, func() bool) {
		t := time.NewTimer(d)
		return t.C, t.Stop
	}}
}

// Wait returns nil once no processing job runs, or limit has passed; an
// error when ctx ends or the gate is closed.
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

// start marks a processing job running.
func (g *ProcessingGate) start() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.busy == 0 {
		g.idle = make(chan struct{})
	}
	g.busy++
}

// finish marks a processing job done; the last one opens the gate.
func (g *ProcessingGate) finish() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.busy--
	if g.busy == 0 {
		close(g.idle)
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
