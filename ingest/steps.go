package ingest

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Step is a part of the pipeline whose time StepTimes adds up: where a
// message's time goes, to know what to make faster.
type Step int

// The steps, in the order a message meets them.
const (
	StepFetch    Step = iota // IMAP fetch into spool files (the import's download)
	StepParse                // raw message read and MIME parse, attachments' puts not counted
	StepText                 // PDF text layers (pdftotext) and the look for scanned pages
	StepOCR                  // OCR jobs: scans and photos read by tesseract
	StepClassify             // claim matching and document types, texts not counted
	StepOrder                // an assignment reading the earlier unprocessed mail of its mailbox (job numbers' order)
	StepStore                // attachments put in the blob store, the filing transaction, publishing
	StepStamp                // stamp jobs: received stamps on filed PDFs
	numSteps
)

var stepNames = [numSteps]string{"fetch", "parse", "text", "ocr", "classify", "order", "store", "stamp"}

// String is the step's name in metrics.
func (s Step) String() string { return stepNames[s] }

// StepTimes adds up the time spent in each step, over every message and
// every worker of a process: a step's total is worker time, which exceeds
// the wall time when workers run in parallel. Safe for concurrent use; a
// nil *StepTimes records nothing, so code paths need no checks.
type StepTimes struct {
	mu    sync.Mutex
	total [numSteps]time.Duration
	count [numSteps]int64

	seconds, runs *prometheus.Desc
}

var _ prometheus.Collector = (*StepTimes)(nil)

// NewStepTimes returns an empty set of step times.
func NewStepTimes() *StepTimes {
	return &StepTimes{
		seconds: prometheus.NewDesc("claimdesk_pipeline_step_seconds_total",
			"Time this process spent in each pipeline step (fetch, parse, text, ocr, classify, order, store, stamp), summed over its workers.",
			[]string{"step"}, nil),
		runs: prometheus.NewDesc("claimdesk_pipeline_step_runs_total",
			"Times this process ran each pipeline step.", []string{"step"}, nil),
	}
}

// Add records d spent in step.
func (s *StepTimes) Add(step Step, d time.Duration) {
	if s == nil || d < 0 {
		return
	}
	s.mu.Lock()
	s.total[step] += d
	s.count[step]++
	s.mu.Unlock()
}

// since records the time from start to now in step and returns it.
func (s *StepTimes) since(step Step, start time.Time) time.Duration {
	d := time.Since(start)
	s.Add(step, d)
	return d
}

// Total returns the time spent in step so far and how many times it ran.
func (s *StepTimes) Total(step Step) (time.Duration, int64) {
	if s == nil {
		return 0, 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total[step], s.count[step]
}

// Steps lists every step, in pipeline order.
func Steps() []Step {
	out := make([]Step, numSteps)
	for i := range out {
		out[i] = Step(i)
	}
	return out
}

// Describe implements prometheus.Collector.
func (s *StepTimes) Describe(ch chan<- *prometheus.Desc) {
	ch <- s.seconds
	ch <- s.runs
}

// Collect implements prometheus.Collector.
func (s *StepTimes) Collect(ch chan<- prometheus.Metric) {
	for _, step := range Steps() {
		d, n := s.Total(step)
		ch <- prometheus.MustNewConstMetric(s.seconds, prometheus.CounterValue, d.Seconds(), step.String())
		ch <- prometheus.MustNewConstMetric(s.runs, prometheus.CounterValue, float64(n), step.String())
	}
}
