//go:build corpus

package classify

import (
	"encoding/json"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkMatchClaimCorpus matches every message of the dev mailbox against
// its claims, all open, as processing matches each message it reads; the
// weak rules read every open claim's insured name and loss address again
// for each message.
func BenchmarkMatchClaimCorpus(b *testing.B) {
	dir := corpusDirs()[0]
	raw, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		b.Skipf("no corpus: %v", err)
	}
	var truth truthFile
	if err := json.Unmarshal(raw, &truth); err != nil {
		b.Fatal(err)
	}
	cfg := Config{OfficeDomain: emailDomain(truth.Office), ForwardLocal: emailLocal(truth.Office)}
	reg := NewMemRegistry(loadClaimsCSV(b, filepath.Join(dir, "claims.csv"))...)
	var msgs []*Message
	for _, m := range truth.Messages {
		msgs = append(msgs, readEML(b, filepath.Join(dir, "inbox", m.File)))
	}
	b.ReportAllocs()
	cpu := processCPU(b)
	for b.Loop() {
		for _, m := range msgs {
			MatchClaim(m, reg, cfg)
		}
	}
	n := float64(b.N * len(msgs))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/message")
	// CPU time, not wall time, is what other processes on the machine
	// leave alone.
	b.ReportMetric(float64((processCPU(b)-cpu).Nanoseconds())/n, "cpu-ns/message")
}

// processCPU is the user and system time this process has used.
func processCPU(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
