package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// TestJobQueueLoggerDemotesRoutineNews: the job queue's Info lines show
// only when the server logs at debug, as debug; its warnings always.
func TestJobQueueLoggerDemotesRoutineNews(t *testing.T) {
	for _, tc := range []struct {
		level    slog.Level
		want     []string
		withheld []string
	}{
		{slog.LevelInfo, []string{"level=WARN msg=stuck"}, []string{"job counts"}},
		{slog.LevelDebug, []string{"level=DEBUG msg=\"job counts\" component=jobs", "level=WARN msg=stuck"}, nil},
	} {
		var out bytes.Buffer
		log := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: tc.level}))
		q := jobQueueLogger(log).With("component", "jobs")
		q.Info("job counts")
		q.Warn("stuck")
		for _, w := range tc.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("at %v the log lacks %q:\n%s", tc.level, w, out.String())
			}
		}
		for _, w := range tc.withheld {
			if strings.Contains(out.String(), w) {
				t.Errorf("at %v the log has %q:\n%s", tc.level, w, out.String())
			}
		}
	}
}
