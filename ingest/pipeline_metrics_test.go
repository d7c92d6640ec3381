package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

func TestPipelineCollector(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, dsn := openDB(t)
	pool := testenv.SQL(t, dsn)
	if _, err := pool.Exec(ctx, `INSERT INTO mailboxes (account, folder, role, office_id) VALUES ('a@h', 'INBOX', 'inbox', 1)`); err != nil {
		t.Fatal(err)
	}
	for uid, m := range []struct{ dir, status string }{
		{"in", "filed"}, {"in", "filed"}, {"in", "triage"}, {"in", "failed"}, {"out", "filed"},
	} {
		if _, err := pool.Exec(ctx, `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, status, office_id)
			VALUES ((SELECT id FROM mailboxes), 1, $1, $2, $3, 1, $4, 1)`, uid+1, m.dir, fmt.Sprintf("%064x", uid+1), m.status); err != nil {
			t.Fatal(err)
		}
	}
	inserter, err := storage.NewQueueClient(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	for id := int64(1); id <= 3; id++ {
		if _, err := inserter.Insert(ctx, ProcessArgs{MessageID: id}, nil); err != nil {
			t.Fatal(err)
		}
	}

	at := time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC)
	if err := db.RecordMailboxConnected(ctx, "claims@office.example", at); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordMailboxFailure(ctx, "claims@office.example", "INBOX", "", "login: refused", at.Add(time.Minute), at.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordMailboxConnected(ctx, "other@office.example", at); err != nil {
		t.Fatal(err)
	}

	if _, _, err := db.WatchHeartbeat(ctx, "process-1", "host-a:4242", 1, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMailboxWatchers(ctx, "process-1", []string{"claims@office.example", "other@office.example"}); err != nil {
		t.Fatal(err)
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(NewPipelineCollector(db, testenv.Logger(t)))
	want := `
# HELP claimdesk_jobs Jobs waiting, running or given up (discarded), by queue and state.
# TYPE claimdesk_jobs gauge
claimdesk_jobs{queue="default",state="available"} 3
# HELP claimdesk_messages Messages stored, by direction (in: the inbox, out: the office's replies) and status (new, parsed, filed, triage, ignored, failed, rejected).
# TYPE claimdesk_messages gauge
claimdesk_messages{direction="in",status="failed"} 1
claimdesk_messages{direction="in",status="filed"} 2
claimdesk_messages{direction="in",status="triage"} 1
claimdesk_messages{direction="out",status="filed"} 1
# HELP claimdesk_mailbox_connected 1 when the mailbox's last login succeeded, 0 while claimdesk retries it.
# TYPE claimdesk_mailbox_connected gauge
claimdesk_mailbox_connected{account="claims@office.example"} 0
claimdesk_mailbox_connected{account="other@office.example"} 1
# HELP claimdesk_mailbox_failures Failed connections to the mailbox in a row since its last success.
# TYPE claimdesk_mailbox_failures gauge
claimdesk_mailbox_failures{account="claims@office.example"} 1
claimdesk_mailbox_failures{account="other@office.example"} 0
# HELP claimdesk_mailbox_watched_by 1 for the claimdesk process (host:pid) that watches the mailbox; a mailbox no live process watches has no series.
# TYPE claimdesk_mailbox_watched_by gauge
claimdesk_mailbox_watched_by{account="claims@office.example",process="host-a:4242"} 1
claimdesk_mailbox_watched_by{account="other@office.example",process="host-a:4242"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "claimdesk_jobs", "claimdesk_messages",
		"claimdesk_mailbox_connected", "claimdesk_mailbox_failures", "claimdesk_mailbox_watched_by"); err != nil {
		t.Error(err)
	}
}

func TestJobMetrics(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	m := NewJobMetrics(reg)
	created := time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC)
	done := func(d time.Duration) *time.Time { t := created.Add(d); return &t }
	events := make(chan *river.Event, 4)
	events <- &river.Event{Kind: river.EventKindJobCompleted, Job: &rivertype.JobRow{Kind: "process_message", CreatedAt: created, FinalizedAt: done(300 * time.Millisecond)}}
	events <- &river.Event{Kind: river.EventKindJobCompleted, Job: &rivertype.JobRow{Kind: "process_message", CreatedAt: created, FinalizedAt: done(1500 * time.Millisecond)}}
	events <- &river.Event{Kind: river.EventKindJobFailed, Job: &rivertype.JobRow{Kind: "stamp_document", CreatedAt: created}}
	events <- &river.Event{Kind: river.EventKindJobCompleted, Job: &rivertype.JobRow{Kind: "stamp_document", CreatedAt: created, FinalizedAt: done(time.Second)}}
	close(events)
	m.Observe(context.Background(), events)

	want := `
# HELP claimdesk_jobs_finished_total Jobs this process finished, by kind and outcome (completed, failed: to be retried or given up, cancelled).
# TYPE claimdesk_jobs_finished_total counter
claimdesk_jobs_finished_total{kind="process_message",outcome="completed"} 2
claimdesk_jobs_finished_total{kind="stamp_document",outcome="completed"} 1
claimdesk_jobs_finished_total{kind="stamp_document",outcome="failed"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "claimdesk_jobs_finished_total"); err != nil {
		t.Error(err)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "claimdesk_job_latency_seconds" {
			continue
		}
		for _, metric := range mf.GetMetric() {
			if metric.GetLabel()[0].GetValue() != "process_message" {
				continue
			}
			h := metric.GetHistogram()
			if h.GetSampleCount() != 2 || h.GetSampleSum() != 1.8 {
				t.Errorf("process_message latency: %d samples summing to %v, want 2 and 1.8", h.GetSampleCount(), h.GetSampleSum())
			}
			// 0.3 s falls in the 0.5 s bucket, 1.5 s only from the 2 s one.
			for _, b := range h.GetBucket() {
				if (b.GetUpperBound() == 0.5 && b.GetCumulativeCount() != 1) || (b.GetUpperBound() == 2 && b.GetCumulativeCount() != 2) {
					t.Errorf("bucket %v holds %d", b.GetUpperBound(), b.GetCumulativeCount())
				}
			}
			return
		}
	}
	t.Error("no process_message latency histogram")
}
