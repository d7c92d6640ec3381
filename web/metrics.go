package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the HTTP request counters, by route pattern (never by path,
// which would make a series per claim).
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := &metrics{registry: reg}
	_ = register(reg, collectors.NewGoCollector())
	_ = register(reg, collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.requests = register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "claimdesk_http_requests_total",
		Help: "HTTP requests answered, by route pattern, method and status code.",
	}, []string{"route", "method", "code"}))
	m.duration = register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "claimdesk_http_request_duration_seconds",
		Help:    "Time to answer HTTP requests, by route pattern and method.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method"}))
	return m
}

// register adds c to reg, or returns the collector already there: two
// servers may share one registry.
func register[C prometheus.Collector](reg *prometheus.Registry, c C) C {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
		panic(err)
	}
	return c
}

// instrument counts and times the requests h answers under route.
func (m *metrics) instrument(route string, h http.Handler) http.Handler {
	labels := prometheus.Labels{"route": route}
	h = promhttp.InstrumentHandlerDuration(m.duration.MustCurryWith(labels), h)
	return promhttp.InstrumentHandlerCounter(m.requests.MustCurryWith(labels), h)
}

// handleMetrics serves the Prometheus metrics; with Options.MetricsToken
// set, only to a scraper sending it as a bearer token (the counts say how
// busy the office is and how its mailboxes fare).
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	if want := s.opts.MetricsToken; want != "" {
		scheme, got, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(want)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="claimdesk metrics"`)
			http.Error(w, "metrics need Authorization: Bearer <CLAIMDESK_METRICS_TOKEN>", http.StatusUnauthorized)
			return
		}
	}
	promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}
