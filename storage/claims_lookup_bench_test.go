package storage_test

import (
	"fmt"
	"testing"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// BenchmarkClassifierLookups measures what the classifier asks of one
// office's claims while another office holds as many claims of the same
// numbers: a number's claims (the question asked of every number a message
// names) and the open claims (weak signals, once per message), read whole
// or as the claims changed since the last read.
func BenchmarkClassifierLookups(b *testing.B) {
	ctx := b.Context()
	db := openDB(b)
	north, err := db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North"})
	if err != nil {
		b.Fatal(err)
	}
	const perOffice = 20_000
	for _, office := range []int64{storage.DefaultOfficeID, north.ID} {
		_, err := storage.PoolOf(db).Exec(ctx, `
			INSERT INTO claims (office_id, job_number, job_number_norm, claim_number, claim_number_norm, status)
			SELECT $1, '26-' || i || '-WTR', '26' || i || 'WTR', 'C-' || i, 'C' || i,
			       CASE WHEN i % 10 = 0 THEN 'closed' ELSE 'open' END
			FROM generate_series(1, $2::int) i`, office, perOffice)
		if err != nil {
			b.Fatal(err)
		}
	}
	if _, err := storage.PoolOf(db).Exec(ctx, `ANALYZE claims`); err != nil {
		b.Fatal(err)
	}
	b.Run("by_number", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			norm := classify.Normalize(fmt.Sprintf("C-%d", i%perOffice+1))
			_, byClaim, _, _, err := db.ClaimsByNumber(ctx, north.ID, norm)
			if err != nil || len(byClaim) != 1 {
				b.Fatalf("claims of %s: %d, %v", norm, len(byClaim), err)
			}
		}
	})
	// What a process keeping the open claims in memory (ingest's
	// OpenClaimsCache) reads per message instead, nothing having changed.
	b.Run("open_claims_changed", func(b *testing.B) {
		first, err := db.ClaimsChangedSince(ctx, 0)
		if err != nil || len(first.Claims) != 2*perOffice*9/10 {
			b.Fatalf("open claims: %d, %v", len(first.Claims), err)
		}
		since := first.Xmin
		for b.Loop() {
			changed, err := db.ClaimsChangedSince(ctx, since)
			if err != nil {
				b.Fatal(err)
			}
			since = changed.Xmin
		}
	})
	b.Run("open_claims", func(b *testing.B) {
		for b.Loop() {
			open, err := db.OpenClaims(ctx, north.ID)
			if err != nil || len(open) != perOffice*9/10 {
				b.Fatalf("open claims: %d, %v", len(open), err)
			}
		}
	})
}
