package storage_test

import (
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// BenchmarkSearch searches a year of an office's mail (20,000 messages)
// and years of its claims (20,000): a word in nearly every message, a rare
// one, a phrase, a job number, and claims by their records' words. The
// common word shows what bounding the ranked matches buys.
func BenchmarkSearch(b *testing.B) {
	ctx := b.Context()
	db := openDB(b)
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		b.Fatal(err)
	}
	// Every message mentions water; one in 500 a dehumidifier; each names
	// one of 400 jobs.
	_, err = storage.PoolOf(db).Exec(ctx, `
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, from_address, subject,
		                      body_text, status, received_at, office_id)
		SELECT $1, 1, i, 'in', encode(sha256(i::text::bytea), 'hex'), 100, 'tech' || (i % 40) || '@example.com',
		       'Re: 26-' || (1000 + i % 400) || '-WTR daily update',
		       'Water readings in room ' || (i % 12) || ' are down to ' || (i % 30) || ' percent. '
		       || CASE WHEN i % 500 = 0 THEN 'The dehumidifier tripped the breaker. ' ELSE '' END
		       || repeat('Equipment checked, air movers running, baseboards removed, drying continues. ', 6),
		       'filed', timestamptz '2026-01-01' + i * interval '25 minutes', 1
		FROM generate_series(1, 20000) i`, mb.ID)
	if err != nil {
		b.Fatal(err)
	}
	// And 20,000 claims, each of its own insured, on 1,800 streets of one
	// town: a street is in a dozen records, the town in all.
	_, err = storage.PoolOf(db).Exec(ctx, `
		INSERT INTO claims (job_number, job_number_norm, insured_name, loss_address, insured_phone, office_id)
		SELECT '26-' || (10000 + i) || '-WTR', '26' || (10000 + i) || 'WTR',
		       'Pat ' || (ARRAY['Peña', 'Smith', 'Nguyen', 'Okafor', 'Garcia'])[1 + i % 5] || i,
		       i || ' ' || (ARRAY['Maple', 'Oak', 'Elm', 'Cedar', 'Pine', 'Birch'])[1 + i % 6] || (i % 300) || ' Avenue, Plano, TX',
		       '(214) 555-' || lpad((i % 10000)::text, 4, '0'), 1
		FROM generate_series(1, 20000) i`)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := storage.PoolOf(db).Exec(ctx, `ANALYZE messages, claims`); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, q string }{
		{"common-word", "water"},
		{"rare-word", "dehumidifier"},
		{"phrase", `"air movers running"`},
		{"job-number", "26-1042-WTR"},
		{"claim-name", "Pena1230"},
		{"claim-name-street", "the Pena1230 home on Maple30 Avenue"},
		{"claim-town", "Pena1230 Plano"}, // the town, in every record, is not looked for
		{"claim-phone", "555-0144"},
	} {
		b.Run(c.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				hits, _, err := db.Search(ctx, storage.SearchQuery{Text: c.q, Limit: 25, Offices: storage.AllOffices})
				if err != nil {
					b.Fatal(err)
				}
				n = len(hits)
			}
			if n == 0 {
				b.Fatalf("%s found nothing", c.q)
			}
		})
	}
}
