package outbox

import (
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// BenchmarkReminderSweep runs the reminder sweep over 3,000 open water
// claims, each with a technician to remind, equipment placed, photos in
// and a drying log every day up to this morning's: nothing is due, so a
// sweep is the reading that decides so, as most sweeps of a day are.
func BenchmarkReminderSweep(b *testing.B) {
	ctx := b.Context()
	dsn := testenv.Postgres(b)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	now := time.Date(2026, 3, 11, 14, 0, 0, 0, time.UTC) // a Wednesday afternoon
	seedDryingClaims(b, testenv.SQL(b, dsn), 3000, now)
	jobs, err := storage.NewQueueClient(db, nil)
	if err != nil {
		b.Fatal(err)
	}
	w := NewReminderWorker(db, OutboxConfig{From: mail.Address{Address: "claims@office.example"}, Now: func() time.Time { return now }},
		ReminderRules{Calendar: sla.NewCalendar(time.UTC, sla.DefaultHours())}, testenv.Logger(b))
	b.ResetTimer()
	for b.Loop() {
		n, err := w.Sweep(ctx, jobs)
		if err != nil || n != 0 {
			b.Fatalf("sweep sent %d reminders: %v", n, err)
		}
	}
}

// seedDryingClaims stores n open water claims opened three days before
// now and dried since the next morning, each with a technician, a photo,
// and a drying log every morning since, the last one today's.
func seedDryingClaims(tb testing.TB, pool *pgxpool.Pool, n int, now time.Time) {
	tb.Helper()
	for _, q := range []string{
		`INSERT INTO claims (job_number, status, loss_type, created_at, work_started_at, office_id)
		 SELECT '26-' || i || '-WTR', 'open', 'water', @now::timestamptz - interval '3 days',
		        @now::timestamptz - interval '2 days 4 hours', 1
		 FROM generate_series(1, @n::int) i`,
		`INSERT INTO claim_participants (claim_id, role, name, email)
		 SELECT c.id, 'technician', 'Tech ' || c.id, 'tech' || c.id || '@field.example' FROM claims c`,
		`INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		 SELECT c.id, encode(sha256((c.id || '/' || d.n)::bytea), 'hex'), 100, d.n || '.pdf',
		        CASE WHEN d.n = 0 THEN 'photo' ELSE 'drying_log' END, 'Drying Logs', c.job_number || '/' || d.n,
		        @now::timestamptz - make_interval(days => 3 - d.n, hours => 4), c.office_id
		 FROM claims c CROSS JOIN generate_series(0, 3) d(n)`,
		`ANALYZE`,
	} {
		if _, err := pool.Exec(tb.Context(), q, pgx.NamedArgs{"now": now, "n": n}); err != nil {
			tb.Fatalf("seed: %v\n%s", err, q)
		}
	}
}
