package ingest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// pdfReader reads the text of at most pages first pages of pdf, at most
// limit bytes of it.
type pdfReader func(pdf []byte, pages, limit int) (string, error)

// pdfReaders are the ways of reading a PDF's text that the benchmarks
// compare: poppler's pdftotext in a child process per PDF, PDFium compiled
// to WebAssembly run in process, and poppler's library in long-lived helper
// processes (what the pipeline uses where it can). Each starts its
// reader and says what CPU time it has used, the helper's included.
var pdfReaders = []struct {
	name  string
	start func(b *testing.B) (pdfReader, func() time.Duration)
}{
	{"pdftotext", func(b *testing.B) (pdfReader, func() time.Duration) {
		return pdftotextRead(b), func() time.Duration { return cpuTime(b) }
	}},
	{"in-process", func(b *testing.B) (pdfReader, func() time.Duration) {
		return func(pdf []byte, pages, limit int) (string, error) {
			return pdfiumText(b.Context(), bytes.NewReader(pdf), int64(len(pdf)), pages, limit)
		}, func() time.Duration { return cpuTime(b) }
	}},
	{"poppler-helper", func(b *testing.B) (pdfReader, func() time.Duration) {
		read := helperRead(b)
		if _, err := read(textPDF(1, 1), 1, 100); err != nil { // a helper started
			b.Fatal(err)
		}
		return read, func() time.Duration { return cpuTime(b) + helpersCPU(b) }
	}},
}

// BenchmarkPDFTextReaders reads the text of every PDF of the sample corpora
// (as search reads it) and of estimates of 1 to 30 dense pages, with each
// reader: ns/pdf and cpu-ns/pdf are what one PDF costs the pipeline. The
// in-process reader's compile and the helper's start are paid before the
// timer starts (BenchmarkPDFiumStart measures the compile).
func BenchmarkPDFTextReaders(b *testing.B) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		b.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	corpus, _ := corpusPDFs(b)
	estimate := textPDF(30, 45)
	runtime.GC()
	rssBefore := procStatusKiB(b, os.Getpid(), "VmRSS")
	if _, err := pdfiumPool(); err != nil {
		b.Fatal(err)
	}
	for _, r := range pdfReaders {
		b.Run("corpus/"+r.name, func(b *testing.B) {
			read, cpuUsed := r.start(b)
			cpu := cpuUsed()
			for b.Loop() {
				for _, p := range corpus {
					_, _ = read(p.data, searchTextPages, searchTextLimit)
				}
			}
			n := float64(b.N * len(corpus))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/pdf")
			b.ReportMetric(float64((cpuUsed()-cpu).Nanoseconds())/n, "cpu-ns/pdf")
		})
		for _, pages := range []int{1, 2, 4, 30} {
			pdf := textPDF(pages, 45)
			b.Run(fmt.Sprintf("estimate-%d-pages/%s", pages, r.name), func(b *testing.B) {
				read, cpuUsed := r.start(b)
				cpu := cpuUsed()
				for b.Loop() {
					if _, err := read(pdf, searchTextPages, searchTextLimit); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64((cpuUsed()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
			})
		}
	}
	b.Run("rss/pdftotext-child", func(b *testing.B) {
		// What one pdftotext child holds at its peak, on the estimate, as
		// time(1) sees it: a child forked by Go counts its parent's memory
		// in its own peak until it execs.
		if _, err := os.Stat("/usr/bin/time"); err != nil {
			b.Skip("no /usr/bin/time")
		}
		in := filepath.Join(b.TempDir(), "estimate.pdf")
		if err := os.WriteFile(in, estimate, 0o600); err != nil {
			b.Fatal(err)
		}
		var peakKiB int64
		for b.Loop() {
			out, err := exec.CommandContext(b.Context(), "/usr/bin/time", "-f", "%M", "pdftotext", "-q", "-enc", "UTF-8", in, os.DevNull).CombinedOutput()
			if err != nil {
				b.Fatalf("%v: %s", err, out)
			}
			kib, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
			if err != nil {
				b.Fatalf("time -f %%M: %q", out)
			}
			peakKiB = max(peakKiB, kib)
		}
		b.ReportMetric(float64(peakKiB)/1024, "peak-child-MiB")
	})
	b.Run("rss/poppler-helper", func(b *testing.B) {
		// What a helper process holds at its peak after the corpus and the
		// estimate.
		read := helperRead(b)
		for b.Loop() {
			for _, p := range corpus {
				_, _ = read(p.data, searchTextPages, searchTextLimit)
			}
			if _, err := read(estimate, searchTextPages, searchTextLimit); err != nil {
				b.Fatal(err)
			}
		}
		var peak int64
		for _, pid := range helperPids() {
			peak = max(peak, procStatusKiB(b, pid, "VmHWM"))
		}
		b.ReportMetric(float64(peak)/1024, "peak-helper-MiB")
	})
	b.Run("rss/in-process", func(b *testing.B) {
		// What reading in process adds to this process: the compiled
		// module, and the instances kept for reuse after the corpus and
		// the estimate.
		for b.Loop() {
			for _, p := range corpus {
				_, _ = pdfiumText(b.Context(), bytes.NewReader(p.data), int64(len(p.data)), searchTextPages, searchTextLimit)
			}
			if _, err := pdfiumText(b.Context(), bytes.NewReader(estimate), int64(len(estimate)), searchTextPages, searchTextLimit); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		b.ReportMetric(float64(procStatusKiB(b, os.Getpid(), "VmRSS")-rssBefore)/1024, "rss-growth-MiB")
	})
}

// BenchmarkPDFiumStart measures what the first in-process read of a process
// costs: compiling PDFium (cold: an empty compilation cache; warm: the
// cache an earlier process left) and starting one instance.
func BenchmarkPDFiumStart(b *testing.B) {
	for _, c := range []struct {
		name string
		warm bool
	}{{"cold", false}, {"warm", true}} {
		b.Run(c.name, func(b *testing.B) {
			dir := b.TempDir()
			if c.warm {
				pool, err := newPDFiumPool(dir)
				if err != nil {
					b.Fatal(err)
				}
				pool.Close()
			}
			for b.Loop() {
				cache := dir
				if !c.warm {
					cache = filepath.Join(b.TempDir(), "cache")
				}
				start := time.Now()
				pool, err := newPDFiumPool(cache)
				if err != nil {
					b.Fatal(err)
				}
				inst, err := pool.GetInstance(time.Minute)
				if err != nil {
					b.Fatal(err)
				}
				_ = inst.Close()
				b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms/start")
				pool.Close()
			}
		})
	}
}

// cpuTime is the CPU time this process and its waited-for children have
// used: a child's work counts as the parent's.
func cpuTime(tb testing.TB) time.Duration {
	var self, children syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &self) != nil || syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children) != nil {
		tb.Skip("no getrusage")
	}
	var total time.Duration
	for _, tv := range []syscall.Timeval{self.Utime, self.Stime, children.Utime, children.Stime} {
		total += time.Duration(tv.Nano())
	}
	return total
}

// helpersCPU is the CPU time the idle poppler helpers have used.
func helpersCPU(tb testing.TB) time.Duration {
	var total time.Duration
	for _, pid := range helperPids() {
		total += processCPU(tb, pid)
	}
	return total
}

// helperPids lists the idle poppler helpers' processes.
func helperPids() []int {
	idleHelpersMu.Lock()
	defer idleHelpersMu.Unlock()
	var pids []int
	for _, h := range idleHelpers {
		pids = append(pids, h.cmd.Process.Pid)
	}
	return pids
}

// processCPU is the CPU time the running process pid has used, from
// /proc (in clock ticks of 10 ms).
func processCPU(tb testing.TB, pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		tb.Skip("no /proc")
	}
	// Fields after the command's closing parenthesis: utime and stime are
	// the 12th and 13th.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// procStatusKiB returns a field of /proc/pid/status in KiB.
func procStatusKiB(tb testing.TB, pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Skip("no /proc/self/status")
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
