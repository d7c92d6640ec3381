package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// updatesTextBenchClaims is how many claims got a note on the benchmark's
// day: a busy office's round of daily updates.
const updatesTextBenchClaims = 200

// BenchmarkUpdatesText answers GET /api/updates.txt through the server's
// handler on a day when each of 200 claims got a note, each claim with a
// month of earlier notes and mailed updates (their mails' text a few
// kilobytes) and a few documents: what the day's text must not read.
//
//	go test -run '^$' -bench UpdatesText ./web/
func BenchmarkUpdatesText(b *testing.B) {
	ctx := context.Background()
	dsn := testenv.Postgres(b)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		b.Fatal(err)
	}
	now := apiNow(loc)
	seedDayNotes(ctx, b, db, testenv.SQL(b, dsn), now)
	srv := New(Options{DB: db, Calendar: sla.NewCalendar(loc, sla.DefaultHours()), Location: loc,
		Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }})
	handler := srv.Handler()
	token, hash := NewAPIToken()
	if _, err := db.CreateAPIToken(ctx, "bench", hash, 0, now); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/api/updates.txt", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		handler.ServeHTTP(rec, req)
		if n := strings.Count(rec.Body.String(), "Note: Drying day 3"); rec.Code != http.StatusOK || n != updatesTextBenchClaims {
			b.Fatalf("updates: %d, %d notes of today", rec.Code, n)
		}
	}
}

// seedDayNotes stores updatesTextBenchClaims claims, each with a note at
// 10:00 on now's day, 20 notes and 10 mailed updates on the 30 days
// before, and 5 documents.
func seedDayNotes(ctx context.Context, b *testing.B, db *storage.DB, pool *pgxpool.Pool, now time.Time) {
	b.Helper()
	mb, err := db.EnsureMailbox(ctx, "office@smrestore.example", "Sent", storage.RoleSent)
	if err != nil {
		b.Fatal(err)
	}
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	for _, q := range []string{
		`INSERT INTO claims (job_number, claim_number, insured_name, loss_type, status, created_at, office_id)
		 SELECT '26-' || lpad(i::text, 4, '0') || '-WTR', 'C-' || i, 'Insured ' || i, 'water', 'open',
		        @day::timestamptz - interval '40 days', 1
		 FROM generate_series(1, @n::int) i`,
		`INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, from_address, subject,
		                       status, received_at, claim_id, office_id, body_text)
		 SELECT @mailbox, 1, c.id * 100 + k, 'out', encode(sha256((c.id * 100 + k)::text::bytea), 'hex'), 4000,
		        'office@smrestore.example', 'Update on ' || c.job_number, 'filed',
		        @day::timestamptz - interval '3 days' * k + interval '15 hours', c.id, c.office_id,
		        'Here is today''s update on job ' || c.job_number || E':\n\n' || repeat(E'- Drying going well, readings falling\n', 100)
		 FROM claims c CROSS JOIN generate_series(1, 10) k`,
		`INSERT INTO claim_updates (claim_id, at, source, message_id, author)
		 SELECT m.claim_id, m.received_at, 'email', m.id, 'dana@smrestore.example' FROM messages m`,
		`INSERT INTO claim_updates (claim_id, at, source, author, note)
		 SELECT c.id, @day::timestamptz - interval '1 day' * k + interval '11 hours', 'note', 'ana@smrestore.example', 'Called the adjuster'
		 FROM claims c CROSS JOIN generate_series(1, 20) k
		 UNION ALL
		 SELECT c.id, @day::timestamptz + interval '10 hours', 'note', 'ana@smrestore.example', 'Drying day 3, readings falling'
		 FROM claims c`,
		`INSERT INTO documents (claim_id, sha256, size, filename, content_type, doc_type, folder, browse_key, received_at,
		                       created_at, office_id)
		 SELECT c.id, encode(sha256(('d' || c.id || '-' || k)::bytea), 'hex'), 1000, 'doc' || k || '.pdf', 'application/pdf',
		        (ARRAY['atp', 'photo', 'drying_log', 'estimate', 'invoice'])[k], 'Docs',
		        'claims/' || c.job_number || '/Docs/doc' || k || '.pdf', @day::timestamptz - interval '1 day' * k,
		        @day::timestamptz - interval '1 day' * k, 1
		 FROM claims c CROSS JOIN generate_series(1, 5) k`,
		`ANALYZE`,
	} {
		if _, err := pool.Exec(ctx, q, pgx.NamedArgs{"day": day, "n": updatesTextBenchClaims, "mailbox": mb.ID}); err != nil {
			b.Fatalf("seed: %v\n%s", err, q)
		}
	}
}
