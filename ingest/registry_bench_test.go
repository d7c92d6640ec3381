package ingest

import (
	"testing"
	"time"
)

// BenchmarkDBRegistryLookups measures one message's claim lookups as the
// classifier makes them (four numbers, each asked as a job, claim and
// policy number, two thread Message-IDs and the open claims): one round
// trip per number and thread, against all of them read at once. go-cpu-us/op
// is this process' CPU time per message (Postgres' is not in it).
func BenchmarkDBRegistryLookups(b *testing.B) {
	f := setupRegistry(b)
	lookUp := func(r *DBRegistry) {
		for _, n := range f.numbers {
			r.ByJobNumber(n)
			r.ByClaimNumber(n)
			r.ByPolicyNumber(n)
		}
		for _, id := range f.threads {
			r.ByThread([]string{id})
		}
		r.OpenClaims()
		if r.Err != nil {
			b.Fatal(r.Err)
		}
	}
	b.Run("alone", func(b *testing.B) {
		cpu := ownCPU(b)
		for b.Loop() {
			lookUp(NewDBRegistry(b.Context(), f.db, f.office))
		}
		reportCPU(b, cpu)
	})
	b.Run("prefetched", func(b *testing.B) {
		cpu := ownCPU(b)
		for b.Loop() {
			r := NewDBRegistry(b.Context(), f.db, f.office)
			r.Prefetch(f.numbers, f.threads)
			lookUp(r)
		}
		reportCPU(b, cpu)
	})
}

// reportCPU reports this process' CPU time per op since before.
func reportCPU(b *testing.B, before time.Duration) {
	b.ReportMetric(float64((ownCPU(b)-before).Microseconds())/float64(b.N), "go-cpu-us/op")
}
