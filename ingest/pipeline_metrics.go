package ingest

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/storage"
)

// PipelineCollector exports the pipeline's state, read from the database at
// each scrape: messages by status (ingested, filed, triaged, failed...), the
// job queue's depth and each mailbox's connection. Every claimdesk process sharing the database
// reports the same numbers; aggregate them with max, not sum.
type PipelineCollector struct {
	dbCollector
	db  *storage.DB
	log *slog.Logger

	messages, skipped, jobs, ocrUnread, ocrStuck, mailboxUp, mailboxFailures, mailboxSuccess, mailboxWatcher *prometheus.Desc
}

var _ prometheus.Collector = (*PipelineCollector)(nil)

// NewPipelineCollector returns a collector over db.
func NewPipelineCollector(db *storage.DB, log *slog.Logger) *PipelineCollector {
	c := &PipelineCollector{
		db: db, log: log,
		messages: prometheus.NewDesc("claimdesk_messages",
			"Messages stored, by direction (in: the inbox, out: the office's replies) and status (new, parsed, filed, triage, ignored, failed, rejected).",
			[]string{"direction", "status"}, nil),
		skipped: prometheus.NewDesc("claimdesk_messages_duplicates_skipped_total",
			"Deliveries not stored because the folder holds the same raw bytes already (a redelivery, a UIDVALIDITY rescan), by account and folder.",
			[]string{"account", "folder"}, nil),
		jobs: prometheus.NewDesc("claimdesk_jobs",
			"Jobs waiting, running or given up (discarded), by queue and state.",
			[]string{"queue", "state"}, nil),
		ocrUnread: prometheus.NewDesc("claimdesk_ocr_unread_files",
			"Pictures and scans OCR could not read (damaged, not a picture, or every attempt failed): their messages went on without their text.",
			nil, nil),
		ocrStuck: prometheus.NewDesc("claimdesk_ocr_stuck_messages",
			"Messages waiting five minutes or more for a picture or scan to be read: the sweep wakes those no job reads for, so one that stays counted is stuck.",
			nil, nil),
		mailboxUp: prometheus.NewDesc("claimdesk_mailbox_connected",
			"1 when the mailbox's last login succeeded, 0 while claimdesk retries it.", []string{"account"}, nil),
		mailboxFailures: prometheus.NewDesc("claimdesk_mailbox_failures",
			"Failed connections to the mailbox in a row since its last success.", []string{"account"}, nil),
		mailboxSuccess: prometheus.NewDesc("claimdesk_mailbox_last_success_timestamp_seconds",
			"When claimdesk last logged in to the mailbox (Unix time).", []string{"account"}, nil),
		mailboxWatcher: prometheus.NewDesc("claimdesk_mailbox_watched_by",
			"1 for the claimdesk process (host:pid) that watches the mailbox; a mailbox no live process watches has no series.",
			[]string{"account", "process"}, nil),
	}
	c.dbCollector = dbCollector{
		descs:   []*prometheus.Desc{c.messages, c.skipped, c.jobs, c.ocrUnread, c.ocrStuck, c.mailboxUp, c.mailboxFailures, c.mailboxSuccess, c.mailboxWatcher},
		collect: c.collect,
	}
	return c
}

func (c *PipelineCollector) collect(ctx context.Context, ch chan<- prometheus.Metric) {
	counts, err := c.db.CountPipeline(ctx)
	if err != nil {
		c.log.Warn("collect pipeline metrics", "err", err)
		return
	}
	for k, n := range counts.Messages {
		ch <- prometheus.MustNewConstMetric(c.messages, prometheus.GaugeValue, float64(n), k[0], k[1])
	}
	for _, k := range counts.Skipped {
		ch <- prometheus.MustNewConstMetric(c.skipped, prometheus.CounterValue, float64(k.N), k.Account, k.Folder)
	}
	for _, j := range counts.Jobs {
		ch <- prometheus.MustNewConstMetric(c.jobs, prometheus.GaugeValue, float64(j.N), j.Queue, j.State)
	}
	unread, err := c.db.CountOCRFailures(ctx)
	if err != nil {
		c.log.Warn("collect ocr metrics", "err", err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.ocrUnread, prometheus.GaugeValue, float64(unread))
	stuck, err := c.db.CountOCRWaitsOlderThan(ctx, ocrStrandedAfter)
	if err != nil {
		c.log.Warn("collect ocr metrics", "err", err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.ocrStuck, prometheus.GaugeValue, float64(stuck))
	healths, err := c.db.MailboxHealths(ctx)
	if err != nil {
		c.log.Warn("collect mailbox metrics", "err", err)
		return
	}
	for _, h := range healths {
		up := 0.0
		if h.State == storage.MailboxConnected {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(c.mailboxUp, prometheus.GaugeValue, up, h.Account)
		ch <- prometheus.MustNewConstMetric(c.mailboxFailures, prometheus.GaugeValue, float64(h.Failures), h.Account)
		if !h.LastSuccessAt.IsZero() {
			ch <- prometheus.MustNewConstMetric(c.mailboxSuccess, prometheus.GaugeValue, float64(h.LastSuccessAt.Unix()), h.Account)
		}
	}
	watchers, err := c.db.MailboxWatchers(ctx)
	if err != nil {
		c.log.Warn("collect mailbox watchers", "err", err)
		return
	}
	for _, w := range watchers {
		ch <- prometheus.MustNewConstMetric(c.mailboxWatcher, prometheus.GaugeValue, 1, w.Account, w.Process)
	}
}

// JobMetrics times the jobs this process finishes.
type JobMetrics struct {
	latency  *prometheus.HistogramVec
	finished *prometheus.CounterVec
}

// NewJobMetrics registers the job metrics with reg.
func NewJobMetrics(reg prometheus.Registerer) *JobMetrics {
	m := &JobMetrics{
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "claimdesk_job_latency_seconds",
			Help: "Time from a job's creation to its completion. For process_message that is the pipeline's latency: " +
				"from the raw message committed to it parsed, classified and filed or triaged.",
			Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800},
		}, []string{"kind"}),
		finished: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimdesk_jobs_finished_total",
			Help: "Jobs this process finished, by kind and outcome (completed, failed: to be retried or given up, cancelled).",
		}, []string{"kind", "outcome"}),
	}
	reg.MustRegister(m.latency, m.finished)
	return m
}

// Observe records the job events of a River client until events closes or
// ctx ends. Subscribe with JobEvents.
func (m *JobMetrics) Observe(ctx context.Context, events <-chan *river.Event) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			m.record(ev)
		}
	}
}

// JobEvents are the event kinds Observe records.
var JobEvents = []river.EventKind{river.EventKindJobCompleted, river.EventKindJobFailed, river.EventKindJobCancelled}

func (m *JobMetrics) record(ev *river.Event) {
	if ev.Job == nil {
		return
	}
	kind := ev.Job.Kind
	switch ev.Kind {
	case river.EventKindJobCompleted:
		m.finished.WithLabelValues(kind, "completed").Inc()
		if ev.Job.FinalizedAt != nil {
			m.latency.WithLabelValues(kind).Observe(ev.Job.FinalizedAt.Sub(ev.Job.CreatedAt).Seconds())
		}
	case river.EventKindJobFailed:
		m.finished.WithLabelValues(kind, "failed").Inc()
	case river.EventKindJobCancelled:
		m.finished.WithLabelValues(kind, "cancelled").Inc()
	}
}
