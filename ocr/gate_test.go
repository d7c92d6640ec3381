package ocr

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/ocr/ocrtest"
)

// stepGate is a Gate whose every wait takes step on the reader's clock,
// and which keeps the limits it was given.
type stepGate struct {
	mu     sync.Mutex
	now    time.Time
	step   time.Duration
	limits []time.Duration
	err    error
}

func (g *stepGate) clock() time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.now
}

func (g *stepGate) Wait(_ context.Context, limit time.Duration) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.limits = append(g.limits, limit)
	g.now = g.now.Add(min(g.step, limit+time.Second))
	return g.err
}

// TestGateWaitIsBoundedAndOutsideBudget reads a three-page scan through a
// gate that holds each page back three minutes: the time waited does not
// spend the one-minute budget, and once MaxWait (five minutes) is spent
// the last page is read without waiting.
func TestGateWaitIsBoundedAndOutsideBudget(t *testing.T) {
	t.Parallel()
	needOCR(t, PDF)
	gate := &stepGate{now: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC), step: 3 * time.Minute}
	r := &Reader{TempDir: t.TempDir(), Budget: time.Minute, Gate: gate, MaxWait: 5 * time.Minute, now: gate.clock}
	text, err := r.Read(t.Context(), PDF, bytes.NewReader(threePageScan(t)))
	if err != nil {
		t.Fatal(err)
	}
	if text.Truncated || len(text.Pages) != 3 {
		t.Errorf("read %d pages (truncated %v) after waits of %v; want all 3: waiting spends no budget", len(text.Pages), text.Truncated, gate.limits)
	}
	// 5 minutes to wait, then the 2 left; the third page waits no more.
	if want := []time.Duration{5 * time.Minute, 2 * time.Minute}; !slices.Equal(gate.limits, want) {
		t.Errorf("waited with limits %v, want %v", gate.limits, want)
	}
}

// TestGateStopsRead stops a read at its gate: the read ends with
// ErrHeldBack before tesseract is run.
func TestGateStopsRead(t *testing.T) {
	t.Parallel()
	needOCR(t, Image)
	var buf bytes.Buffer
	if err := png.Encode(&buf, ocrtest.RenderPage(t, formLines, 200)); err != nil {
		t.Fatal(err)
	}
	stopped := errors.New("stopping")
	gate := &stepGate{err: stopped}
	r := &Reader{TempDir: t.TempDir(), Gate: gate, MaxWait: time.Minute, now: gate.clock}
	text, err := r.Read(t.Context(), Image, &buf)
	if !errors.Is(err, ErrHeldBack) || !errors.Is(err, stopped) || len(text.Pages) != 0 {
		t.Errorf("read stopped at its gate gave %q, %v; want no text and ErrHeldBack", text.Pages, err)
	}
}
