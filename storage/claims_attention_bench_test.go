package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// seedAttention stores n claims (one in ten closed) with what an office's
// busy day leaves on them: one claim in twenty has mail waiting for
// acknowledgment (a third of it late), one in ten a paperwork alert showing
// (a quarter late), one in twenty an open request (a third late), and half
// were updated earlier today; every one was updated yesterday.
func seedAttention(ctx context.Context, tb testing.TB, db *storage.DB, n int, now time.Time) {
	tb.Helper()
	pool := storage.PoolOf(db)
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		tb.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO claims (job_number, claim_number, status, closed_at, created_at, office_id)
		 SELECT '26-' || i || '-WTR', 'C-' || i, CASE WHEN i % 10 = 0 THEN 'closed' ELSE 'open' END,
		        CASE WHEN i % 10 = 0 THEN @now::timestamptz - interval '1 day' END, @now::timestamptz - interval '30 days', 1
		 FROM generate_series(1, @n::int) i`,
		`INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, from_address, subject,
		                       status, received_at, claim_id, needs_ack, ack_due_at, office_id)
		 SELECT @mailbox, 1, c.id, 'in', encode(sha256(c.id::text::bytea), 'hex'), 100, 'adjuster@carrier.example', 'status?',
		        'filed', @now::timestamptz - interval '1 hour', c.id, true,
		        @now::timestamptz + CASE WHEN c.id % 3 = 0 THEN interval '-10 minutes' ELSE interval '20 minutes' END, c.office_id
		 FROM claims c WHERE c.id % 20 = 1`,
		`INSERT INTO claim_alerts (claim_id, office_id, milestone, rank, shows_from, due_at, message)
		 SELECT c.id, c.office_id, 'drying_log', 1, @now::timestamptz - interval '1 day',
		        @now::timestamptz + CASE WHEN c.id % 4 = 0 THEN interval '-1 hour' ELSE interval '5 hours' END, 'Drying log'
		 FROM claims c WHERE c.id % 10 = 3`,
		`INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, from_address, subject,
		                       status, received_at, claim_id, office_id)
		 SELECT @mailbox, 2, c.id, 'in', encode(sha256(('r' || c.id)::bytea), 'hex'), 100, 'adjuster@carrier.example',
		        'need the drying log', 'filed', @now::timestamptz - interval '1 day', c.id, c.office_id
		 FROM claims c WHERE c.id % 20 = 7`,
		`INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at, office_id)
		 SELECT m.claim_id, m.id, m.from_address, '{drying_log}', 'Send the drying log', m.received_at,
		        @now::timestamptz + CASE WHEN m.claim_id % 3 = 0 THEN interval '-2 hours' ELSE interval '1 day' END, m.office_id
		 FROM messages m WHERE m.uidvalidity = 2 AND m.mailbox_id = @mailbox`,
		`INSERT INTO claim_updates (claim_id, at, source, note)
		 SELECT c.id, @now::timestamptz - interval '1 day', 'note', 'called' FROM claims c`,
		`INSERT INTO claim_updates (claim_id, at, source, note)
		 SELECT c.id, @now::timestamptz - interval '2 hours', 'note', 'called' FROM claims c WHERE c.id % 2 = 0`,
		`ANALYZE`,
	} {
		if _, err := pool.Exec(ctx, q, pgx.NamedArgs{"now": now, "n": n, "mailbox": mb.ID}); err != nil {
			tb.Fatalf("seed: %v\n%s", err, q)
		}
	}
	if err := storage.DeriveAlertFirsts(ctx, db); err != nil {
		tb.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `ANALYZE claim_alert_firsts`); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkListClaimsAttention lists the first page of 50 open claims, and
// a page deep into the list, sorted by attention among 100,000 claims, as
// GET /api/claims?sort=attention and the claims page do.
func BenchmarkListClaimsAttention(b *testing.B) {
	ctx := b.Context()
	db := openDB(b)
	now := time.Date(2026, 3, 4, 16, 30, 0, 0, time.UTC)
	seedAttention(ctx, b, db, 100_000, now)
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	today := &storage.UpdateDay{
		Open: day.Add(8 * time.Hour), Start: day, End: day.Add(24 * time.Hour),
		SoonFrom: day.Add(16 * time.Hour), Close: day.Add(18 * time.Hour),
	}
	first := storage.ClaimFilter{Status: "open", Sort: storage.ClaimSortAttention, Now: now, Today: today, Limit: 51, Offices: storage.AllOffices}
	claims, err := db.ListClaims(ctx, first)
	if err != nil || len(claims) != 51 {
		b.Fatalf("first page: %d claims, %v", len(claims), err)
	}
	// Deep in the list: past every claim that needs attention.
	deep := first
	deep.AfterAttention, deep.AfterID = storage.AttentionNone, 50_000
	for _, c := range []struct {
		name string
		f    storage.ClaimFilter
	}{{"first-page", first}, {"deep-page", deep}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				claims, err := db.ListClaims(ctx, c.f)
				if err != nil {
					b.Fatal(err)
				}
				if len(claims) == 0 {
					b.Fatal("empty page")
				}
			}
		})
	}
}
