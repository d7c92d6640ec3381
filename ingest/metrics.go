package ingest

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimdesk/claimdesk/storage"
)

// dbCollector is a prometheus.Collector of a fixed set of metrics read from
// the database at each scrape, so the numbers are never stale and no
// process must keep them.
type dbCollector struct {
	descs   []*prometheus.Desc
	collect func(ctx context.Context, ch chan<- prometheus.Metric)
}

// Describe implements prometheus.Collector.
func (c dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

// Collect implements prometheus.Collector. A slow database costs a scrape
// its numbers, not a hung /metrics.
func (c dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c.collect(ctx, ch)
}

// SLACollector exports the acknowledgment clock to Prometheus. It reads the
// database at each scrape, so the numbers are never stale and no process
// must keep them.
type SLACollector struct {
	dbCollector
	db  *storage.DB
	now func() time.Time
	log *slog.Logger

	waiting, overdue, minutes *prometheus.Desc
}

var _ prometheus.Collector = (*SLACollector)(nil)

// ackBuckets are the histogram buckets of acknowledgment times, in business
// minutes, around the 30-minute target.
var ackBuckets = []float64{5, 10, 15, 20, 30, 45, 60, 120, 240, 480}

// NewSLACollector returns a collector over db; now is the clock.
func NewSLACollector(db *storage.DB, now func() time.Time, log *slog.Logger) *SLACollector {
	c := &SLACollector{
		db: db, now: now, log: log,
		waiting: prometheus.NewDesc("claimdesk_ack_waiting", "Messages owed an acknowledgment and not yet due.", nil, nil),
		overdue: prometheus.NewDesc("claimdesk_ack_overdue", "Messages owed an acknowledgment past their deadline.", nil, nil),
		minutes: prometheus.NewDesc("claimdesk_ack_business_minutes",
			"Business minutes acknowledgments took, over the last 30 days.", nil, nil),
	}
	c.dbCollector = dbCollector{descs: []*prometheus.Desc{c.waiting, c.overdue, c.minutes}, collect: c.collect}
	return c
}

func (c *SLACollector) collect(ctx context.Context, ch chan<- prometheus.Metric) {
	now := c.now()
	counts, err := c.db.CountAcks(ctx, now, now.AddDate(0, 0, -30))
	if err != nil {
		c.log.Warn("collect acknowledgment metrics", "err", err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.waiting, prometheus.GaugeValue, float64(counts.Waiting))
	ch <- prometheus.MustNewConstMetric(c.overdue, prometheus.GaugeValue, float64(counts.Overdue))
	buckets := make(map[float64]uint64, len(ackBuckets))
	var sum float64
	for _, m := range counts.Minutes {
		sum += float64(m)
		for _, b := range ackBuckets {
			if float64(m) <= b {
				buckets[b]++
			}
		}
	}
	ch <- prometheus.MustNewConstHistogram(c.minutes, uint64(len(counts.Minutes)), sum, buckets)
}
