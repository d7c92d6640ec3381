package ingest

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestStepTimesExportsEachStep(t *testing.T) {
	t.Parallel()
	s := NewStepTimes()
	s.Add(StepParse, 1500*time.Millisecond)
	s.Add(StepParse, 500*time.Millisecond)
	s.Add(StepStamp, time.Second)
	var none *StepTimes
	none.Add(StepParse, time.Second) // a pipeline without step times records nothing, and does not panic
	reg := prometheus.NewRegistry()
	reg.MustRegister(s)
	want := `
# HELP claimdesk_pipeline_step_runs_total Times this process ran each pipeline step.
# TYPE claimdesk_pipeline_step_runs_total counter
claimdesk_pipeline_step_runs_total{step="classify"} 0
claimdesk_pipeline_step_runs_total{step="fetch"} 0
claimdesk_pipeline_step_runs_total{step="ocr"} 0
claimdesk_pipeline_step_runs_total{step="order"} 0
claimdesk_pipeline_step_runs_total{step="parse"} 2
claimdesk_pipeline_step_runs_total{step="stamp"} 1
claimdesk_pipeline_step_runs_total{step="store"} 0
claimdesk_pipeline_step_runs_total{step="text"} 0
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "claimdesk_pipeline_step_runs_total"); err != nil {
		t.Error(err)
	}
	if d, n := s.Total(StepParse); d != 2*time.Second || n != 2 {
		t.Errorf("parse: %v in %d runs, want 2s in 2", d, n)
	}
}

// TestProcessingTimesItsSteps checks that a processed message's time is
// counted in the steps it went through.
func TestProcessingTimesItsSteps(t *testing.T) {
	t.Parallel()
	db, blobs := openStores(t)
	id := storeRawMessageUID(t, db, blobs, sampleMessage(1), 1)
	steps := NewStepTimes()
	p := NewProcessor(db, blobs, ProcessorConfig{TempDir: t.TempDir(), Steps: steps}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := p.Process(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	for _, step := range []Step{StepParse, StepClassify, StepStore} {
		if d, n := steps.Total(step); n != 1 || d <= 0 {
			t.Errorf("%s: %v in %d runs, want one run that took time", step, d, n)
		}
	}
	if _, n := steps.Total(StepOrder); n != 0 {
		t.Errorf("order ran %d times for a message that creates no claim", n)
	}
}
