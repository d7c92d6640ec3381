package boundedexec

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// allocateArg makes the test binary, run as a child, allocate 1 GiB: a
// program that tries to take more memory than its bound.
const allocateArg = "boundedexec-child-allocate"

func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == allocateArg {
		// Never touched, so the machine gives no real memory even where
		// nothing bounds the allocation; the address space is what counts.
		b := make([]byte, 1<<30)
		fmt.Println(len(b))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// limits are generous bounds for tests that are about one other bound.
var limits = Limits{Timeout: time.Minute, Memory: 1 << 30, Output: 1 << 20}

func lookPath(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s: %v", name, err)
	}
	return p
}

func TestRunReturnsOutput(t *testing.T) {
	t.Parallel()
	out, err := Cmd{Path: lookPath(t, "echo"), Args: []string{"hello", "world"}, Limits: limits}.Run(t.Context())
	if err != nil || string(out) != "hello world\n" {
		t.Fatalf("echo: %q, %v", out, err)
	}
	_, err = Cmd{Path: "/bin/sh", Args: []string{"-c", "echo 'Syntax Error: broken xref' >&2; exit 3"}, Limits: limits}.Run(t.Context())
	if err == nil || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "broken xref") {
		t.Errorf("failing program: %v, want its exit status and error output", err)
	}
}

func TestRunAppliesLimitsToTheProgram(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/proc/self/limits"); err != nil {
		t.Skip("no /proc/self/limits here")
	}
	lim := Limits{Timeout: 5 * time.Second, CPU: 1500 * time.Millisecond, Memory: 300 << 20, Output: 1 << 20}
	out, err := Cmd{Path: lookPath(t, "cat"), Args: []string{"/proc/self/limits"}, Limits: lim}.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("Max address space         %-21d%-21dbytes", 300<<20, 300<<20),
		"Max cpu time              2                    3                    seconds",
		"Max core file size        0                    0                    bytes",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the program runs without %q:\n%s", want, out)
		}
	}
}

func TestRunStopsAProgramPastItsMemory(t *testing.T) {
	t.Parallel()
	if raceEnabled {
		t.Skip("the child is this test binary, which cannot start under a memory limit when built with -race")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The Go runtime maps about 600 MiB of address space to start.
	lim := limits
	lim.Memory = 768 << 20
	out, err := Cmd{Path: self, Args: []string{allocateArg}, Limits: lim}.Run(t.Context())
	if !errors.Is(err, ErrMemoryLimit) || !strings.Contains(err.Error(), "768 MiB") {
		t.Fatalf("allocating 1 GiB under 768 MiB: %q, %v; want ErrMemoryLimit naming the bound", out, err)
	}
}

func TestRunStopsAProgramPastItsTime(t *testing.T) {
	t.Parallel()
	lim := limits
	lim.Timeout = 200 * time.Millisecond
	start := time.Now()
	_, err := Cmd{Path: lookPath(t, "sleep"), Args: []string{"60"}, Limits: lim}.Run(t.Context())
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("sleep 60 under 200ms: %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("stopped after %s", d)
	}
}

func TestRunStopsAProgramPastItsCPUTime(t *testing.T) {
	t.Parallel()
	lim := limits
	lim.CPU = time.Second
	_, err := Cmd{Path: "/bin/sh", Args: []string{"-c", "while :; do :; done"}, Limits: lim}.Run(t.Context())
	if !errors.Is(err, ErrCPULimit) {
		t.Fatalf("busy loop under 1s of CPU: %v, want ErrCPULimit", err)
	}
}

func TestRunCutsOutputPastItsLimit(t *testing.T) {
	t.Parallel()
	lim := limits
	lim.Output = 1000
	out, err := Cmd{Path: lookPath(t, "yes"), Args: []string{"0123456789"}, Limits: lim}.Run(t.Context())
	if !errors.Is(err, ErrOutputLimit) || len(out) != 1000 || !strings.HasPrefix(string(out), "0123456789\n0123456789\n") {
		t.Fatalf("endless output under 1000 bytes: %d bytes, %v; want the first 1000 and ErrOutputLimit", len(out), err)
	}
}

func TestRunRefusesUnboundedLimits(t *testing.T) {
	t.Parallel()
	for _, lim := range []Limits{
		{Memory: 1 << 30, Output: 1},
		{Timeout: time.Second, Output: 1},
		{Timeout: time.Second, Memory: 1 << 30},
	} {
		if _, err := (Cmd{Path: "/bin/true", Limits: lim}).Run(t.Context()); err == nil {
			t.Errorf("%+v ran, want an error", lim)
		}
	}
}

func TestRunStopsAProgramPastItsFileSize(t *testing.T) {
	t.Parallel()
	lim := limits
	lim.FileSize = 4000
	file := t.TempDir() + "/out"
	_, err := Cmd{Path: lookPath(t, "dd"), Args: []string{"if=/dev/zero", "of=" + file, "bs=1024", "count=100"}, Limits: lim}.Run(t.Context())
	if !errors.Is(err, ErrFileLimit) {
		t.Fatalf("writing 100 kB under 4000 bytes: %v, want ErrFileLimit", err)
	}
	if info, err := os.Stat(file); err != nil || info.Size() > 4096 {
		t.Errorf("the file: %v, %v; want at most 4096 bytes", info, err)
	}
	lim.FileSize = 200 << 10
	if _, err := (Cmd{Path: lookPath(t, "dd"), Args: []string{"if=/dev/zero", "of=" + file, "bs=1024", "count=100"}, Limits: lim}).Run(t.Context()); err != nil {
		t.Errorf("writing 100 kB under 200 kB: %v", err)
	}
}

func TestRunStderrReturnsWarnings(t *testing.T) {
	t.Parallel()
	out, stderr, err := Cmd{Path: "/bin/sh", Args: []string{"-c", "echo done; echo 'Fax3Decode2D: Warning, Premature EOL' >&2"}, Limits: limits}.RunStderr(t.Context())
	if err != nil || string(out) != "done\n" || string(stderr) != "Fax3Decode2D: Warning, Premature EOL\n" {
		t.Fatalf("a program that warns and succeeds: %q, %q, %v; want its output and its warning", out, stderr, err)
	}
}
