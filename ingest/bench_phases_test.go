package ingest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// cpuSampler records the machine's busy and idle CPU time at a steady
// interval, so that the cores a backfill leaves idle can be told apart by
// phase: while the import runs beside processing, and after it, when
// processing alone is left. A single figure for the whole window hides
// which of the two waits.
type cpuSampler struct {
	mu       sync.Mutex
	samples  []cpuSample
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

type cpuSample struct {
	at         time.Time
	busy, idle time.Duration // since boot, all cores
}

// startCPUSampler samples every interval until stopped; it records
// nothing where /proc/stat cannot be read.
func startCPUSampler(interval time.Duration) *cpuSampler {
	s := &cpuSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			s.sample()
			select {
			case <-s.stop:
				s.sample()
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *cpuSampler) sample() {
	busy, idle, ok := machineCPU()
	if !ok {
		return
	}
	s.mu.Lock()
	s.samples = append(s.samples, cpuSample{at: time.Now(), busy: busy, idle: idle})
	s.mu.Unlock()
}

// Stop takes a last sample and ends the sampling; again, it does nothing.
func (s *cpuSampler) Stop() {
	s.stopOnce.Do(func() { close(s.stop) })
	<-s.done
}

// idleShare is the share of the cores' time left idle between the samples
// nearest from and to; false when fewer than two samples fall there.
func (s *cpuSampler) idleShare(from, to time.Time) (float64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	first := slices.IndexFunc(s.samples, func(c cpuSample) bool { return !c.at.Before(from) })
	last := slices.IndexFunc(s.samples, func(c cpuSample) bool { return c.at.After(to) })
	if last < 0 {
		last = len(s.samples)
	}
	if first < 0 || last-1 <= first {
		return 0, false
	}
	a, z := s.samples[first], s.samples[last-1]
	busy, idle := z.busy-a.busy, z.idle-a.idle
	if busy+idle <= 0 {
		return 0, false
	}
	return float64(idle) / float64(busy+idle), true
}

// logIdleByPhase logs the idle share of the cores while the import ran
// (start to imported) and after it (imported to end).
func logIdleByPhase(b *testing.B, s *cpuSampler, start, imported, end time.Time) {
	b.Helper()
	during, ok1 := s.idleShare(start, imported)
	after, ok2 := s.idleShare(imported, end)
	if ok1 && ok2 {
		b.Logf("machine: cores idle %.0f %% while the import ran beside processing (%.1f s), %.0f %% once processing was left alone (%.1f s)",
			100*during, imported.Sub(start).Seconds(), 100*after, end.Sub(imported).Seconds())
	}
}

// backendWaits samples, at a steady interval, what the database's busy
// client backends are doing: on the CPU, or waiting, and for what (a lock,
// the disk, the write-ahead log). It is a second connection's polling, so
// it runs only when benchPGStatsEnv asks for Postgres' statistics.
type backendWaits struct {
	mu     sync.Mutex
	counts map[string]int // wait_event_type ("CPU" when none) → samples
	polls  int
	cancel context.CancelFunc
	done   chan struct{}
}

func startBackendWaits(pool *pgxpool.Pool, interval time.Duration) *backendWaits {
	ctx, cancel := context.WithCancel(context.Background())
	w := &backendWaits{counts: map[string]int{}, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				w.poll(ctx, pool)
			}
		}
	}()
	return w
}

func (w *backendWaits) poll(ctx context.Context, pool *pgxpool.Pool) {
	rows, err := pool.Query(ctx, `SELECT coalesce(wait_event_type, 'CPU') || coalesce(': ' || wait_event, '')
		FROM pg_stat_activity
		WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
		  AND datname = current_database()`)
	if err != nil {
		return // the sampling ends with the window; a poll cut short counts nothing
	}
	defer rows.Close()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.polls++
	for rows.Next() {
		var what string
		if rows.Scan(&what) == nil {
			w.counts[what]++
		}
	}
}

// Stop ends the sampling and returns its summary: how many backends were
// busy on average, and the shares of what they were doing, the eight
// largest.
func (w *backendWaits) Stop() string {
	w.cancel()
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	total := 0
	for _, n := range w.counts {
		total += n
	}
	if w.polls == 0 || total == 0 {
		return "no busy backend sampled"
	}
	keys := slices.SortedFunc(maps.Keys(w.counts), func(a, b string) int { return w.counts[b] - w.counts[a] })
	var shares []string
	for _, k := range keys[:min(len(keys), 8)] {
		shares = append(shares, fmt.Sprintf("%s %.0f %%", k, 100*float64(w.counts[k])/float64(total)))
	}
	return fmt.Sprintf("%.2f busy backends on average over %d samples: %s",
		float64(total)/float64(w.polls), w.polls, strings.Join(shares, ", "))
}

func TestIdleShareSplitsTheWindowByPhase(t *testing.T) {
	t0 := time.Date(2026, 12, 8, 3, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	s := &cpuSampler{samples: []cpuSample{
		{at: at(0), busy: 0, idle: 0},
		{at: at(100), busy: 190 * time.Millisecond, idle: 10 * time.Millisecond},
		{at: at(200), busy: 380 * time.Millisecond, idle: 20 * time.Millisecond},
		{at: at(300), busy: 500 * time.Millisecond, idle: 100 * time.Millisecond},
		{at: at(400), busy: 620 * time.Millisecond, idle: 180 * time.Millisecond},
	}}
	if got, ok := s.idleShare(at(0), at(200)); !ok || got != 0.05 {
		t.Errorf("idle while importing = %v, %v; want 0.05", got, ok)
	}
	if got, ok := s.idleShare(at(200), at(400)); !ok || got != 0.4 {
		t.Errorf("idle after the import = %v, %v; want 0.4", got, ok)
	}
	if _, ok := s.idleShare(at(350), at(390)); ok {
		t.Error("a span with one sample gave a share")
	}
}
