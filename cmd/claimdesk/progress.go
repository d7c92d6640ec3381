package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/claimdesk/claimdesk/ingest"
)

// progressReporter shows how far a backfill has come: a progress bar on a
// terminal, and a plain line every few seconds anywhere else (a log file, a
// pipe). On a terminal the log lines of the running workers reach the same
// screen, so they go through logWriter, which writes each above the bar.
type progressReporter struct {
	out      io.Writer // where the progress goes
	logs     io.Writer // where log lines go
	terminal bool

	mu      sync.Mutex // one writer at a time on the terminal: the bar, or a log line
	bar     *progressbar.ProgressBar
	last    time.Time
	current ingest.Progress
}

// newProgressReporter reports on out, drawing a bar when terminal says out
// is one; logs is where log lines go.
func newProgressReporter(out, logs io.Writer, terminal bool) *progressReporter {
	return &progressReporter{out: out, logs: logs, terminal: terminal}
}

// isTerminal reports whether w is a terminal a person watches.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// logWriter returns where the logger should write: straight to the log
// destination, unless a bar is drawn, when each line goes above the bar.
func (r *progressReporter) logWriter() io.Writer {
	if !r.terminal {
		return r.logs
	}
	return barLogWriter{r}
}

// barLogWriter writes log lines above the progress bar.
type barLogWriter struct{ r *progressReporter }

// Write clears the bar's line, writes the log line (slog writes one whole
// line per call), and draws the bar again below it.
func (w barLogWriter) Write(p []byte) (int, error) {
	r := w.r
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bar == nil || r.bar.IsFinished() {
		return r.logs.Write(p)
	}
	_ = r.bar.Clear()
	n, err := r.logs.Write(p)
	_ = r.bar.RenderBlank()
	return n, err
}

// update is the backfill's progress callback.
func (r *progressReporter) update(p ingest.Progress) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.current = p
	now := time.Now()
	every := 5 * time.Second
	if r.terminal {
		every = 100 * time.Millisecond
	}
	if p.Done != 0 && p.Done != p.Total && now.Sub(r.last) < every {
		return
	}
	r.last = now
	switch {
	case !r.terminal:
		fmt.Fprintln(r.out, formatProgress(p, now))
	case p.Total == 0:
		// Nothing to import: finish says so in a plain line.
	default:
		if r.bar == nil {
			r.bar = r.newBar(p)
		}
		_ = r.bar.Set(p.Done)
	}
}

// newBar starts the bar of one folder. The bar is redrawn on every call:
// update throttles, so that a redraw after a log line is never skipped.
func (r *progressReporter) newBar(p ingest.Progress) *progressbar.ProgressBar {
	return progressbar.NewOptions(p.Total,
		progressbar.OptionSetWriter(r.out),
		progressbar.OptionSetDescription(p.Folder),
		progressbar.OptionSetWidth(20),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("msg"),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(r.out) }),
	)
}

// finish ends one folder's progress: a bar stays on its own line, whether
// it was filled or the import stopped early.
func (r *progressReporter) finish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.bar != nil && !r.bar.IsFinished():
		_ = r.bar.Exit() // ends the line through OptionOnCompletion
	case r.terminal && r.bar == nil && r.current.Folder != "":
		fmt.Fprintln(r.out, formatProgress(r.current, time.Now()))
	}
	r.bar = nil
	r.current = ingest.Progress{}
}
