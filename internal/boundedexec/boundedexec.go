// Package boundedexec runs a program on untrusted input (a PDF or a picture
// from mail) so that the input costs at most a known amount: wall time,
// CPU time, address space, the output kept and, when asked, the size of
// the files it writes. A hostile file can make a renderer loop, allocate
// without end or write without end; each of these ends the run with an
// error saying which bound it met.
//
// The limits are set by /bin/sh's ulimit in the child just before it execs
// the program (Go's os/exec cannot set resource limits itself, and setting
// them on a running child leaves a window): one mechanism on every Unix,
// with no tool to install.
package boundedexec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The bounds a run met, matched with errors.Is.
var (
	ErrTimeout     = errors.New("time limit exceeded")
	ErrCPULimit    = errors.New("cpu time limit exceeded")
	ErrMemoryLimit = errors.New("memory limit exceeded")
	ErrOutputLimit = errors.New("output limit exceeded")
	ErrFileLimit   = errors.New("file size limit exceeded")
)

// stderrKept is how much of the program's error output is kept to explain
// a failure; the rest is read and dropped.
const stderrKept = 4 << 10

// waitDelay bounds the wait for the program's output pipes after it ends
// or is killed: a child it left behind must not hold the caller.
const waitDelay = 2 * time.Second

// Limits bound one run. Timeout, Memory and Output must be set: a zero
// would mean no bound, which is what this package exists to prevent.
type Limits struct {
	// Timeout is the wall-clock time the program may take.
	Timeout time.Duration
	// CPU is the processor time it may use, rounded up to whole seconds;
	// zero means the Timeout's.
	CPU time.Duration
	// Memory is the address space it may map, in bytes (RLIMIT_AS).
	// Shared libraries count too: leave a few tens of megabytes for them.
	Memory int64
	// Output is how many bytes of standard output are kept; a program that
	// writes more is stopped.
	Output int
	// FileSize, when set, is the largest file the program may write, in
	// bytes (RLIMIT_FSIZE, rounded up to 512): for a program that writes
	// its result to a file rather than to its output. Zero leaves files
	// bounded by the disk alone.
	FileSize int64
}

func (l Limits) validate() error {
	if l.Timeout <= 0 || l.Memory <= 0 || l.Output <= 0 || l.CPU < 0 || l.FileSize < 0 {
		return fmt.Errorf("limits %+v: timeout, memory and output must all be bounded", l)
	}
	return nil
}

// cpuSeconds is the CPU limit as ulimit takes it.
func (l Limits) cpuSeconds() int64 {
	cpu := l.CPU
	if cpu == 0 {
		cpu = l.Timeout
	}
	return int64(math.Ceil(cpu.Seconds()))
}

// fileBlocks is the file size limit as ulimit -f takes it: 512-byte blocks
// (/bin/sh is POSIX's, dash's or bash's in POSIX mode).
func (l Limits) fileBlocks() string {
	if l.FileSize == 0 {
		return "unlimited"
	}
	return fmt.Sprint((l.FileSize + 511) / 512)
}

// Cmd is a program to run on untrusted input under Limits.
type Cmd struct {
	// Path is the program, as exec.LookPath found it.
	Path   string
	Args   []string
	Limits Limits
}

// limitScript sets the limits in the shell, then replaces the shell by the
// program, which keeps them. The hard CPU limit is a second past the soft
// one: SIGXCPU at the soft limit ends a program that does not catch it,
// SIGKILL at the hard limit one that does. No core files: the input may be
// private, and a crash of a hostile file would otherwise leave one.
const limitScript = `ulimit -v "$1" && ulimit -S -t "$2" && ulimit -H -t "$3" && ulimit -f "$4" && ulimit -c 0 && shift 4 && exec "$@"`

// Run runs the program and returns its standard output. On an error the
// output written until then is returned too (the first Limits.Output bytes
// of it when the output was too long).
func (c Cmd) Run(ctx context.Context) ([]byte, error) {
	out, _, err := c.RunStderr(ctx)
	return out, err
}

// RunStderr is Run that also returns the first few kB of the program's
// error output, for a program that warns there of what it did (a
// converter that mended its input) and still succeeds.
func (c Cmd) RunStderr(ctx context.Context) (stdout, stderr []byte, err error) {
	errOut := &capWriter{max: stderrKept}
	stdout, err = c.run(ctx, errOut)
	return stdout, errOut.buf.Bytes(), err
}

// run runs the program, its error output kept in stderr.
func (c Cmd) run(ctx context.Context, stderr *capWriter) ([]byte, error) {
	if err := c.Limits.validate(); err != nil {
		return nil, err
	}
	name := filepath.Base(c.Path)
	runCtx, cancel := context.WithTimeout(ctx, c.Limits.Timeout)
	defer cancel()
	cpu := c.Limits.cpuSeconds()
	args := append([]string{"-c", limitScript, "boundedexec",
		fmt.Sprint(max(c.Limits.Memory>>10, 1)), fmt.Sprint(cpu), fmt.Sprint(cpu + 1), c.Limits.fileBlocks(), c.Path}, c.Args...)
	cmd := exec.CommandContext(runCtx, "/bin/sh", args...)
	stdout := &capWriter{max: c.Limits.Output, full: cancel}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = waitDelay
	err := cmd.Run()
	out := stdout.buf.Bytes()
	switch {
	case stdout.over:
		return out, fmt.Errorf("%s: %w (%d bytes)", name, ErrOutputLimit, c.Limits.Output)
	case err == nil:
		return out, nil
	case ctx.Err() != nil:
		return out, fmt.Errorf("%s: %w", name, ctx.Err())
	case runCtx.Err() != nil:
		return out, fmt.Errorf("%s: %w (%s)", name, ErrTimeout, c.Limits.Timeout)
	}
	if st := cmd.ProcessState; st != nil && cpuExceeded(st, time.Duration(cpu)*time.Second) {
		return out, fmt.Errorf("%s: %w (%ds)", name, ErrCPULimit, cpu)
	}
	if st := cmd.ProcessState; st != nil && fileSizeExceeded(st) {
		return out, fmt.Errorf("%s: %w (%d bytes)", name, ErrFileLimit, c.Limits.FileSize)
	}
	if line, ok := outOfMemory(stderr.buf.String()); ok {
		return out, fmt.Errorf("%s: %w (%d MiB): %s", name, ErrMemoryLimit, c.Limits.Memory>>20, line)
	}
	why := firstLine(stderr.buf.String())
	if why != "" {
		return out, fmt.Errorf("%s: %w: %s", name, err, why)
	}
	return out, fmt.Errorf("%s: %w", name, err)
}

// outOfMemory returns the line of a program's error output that says an
// allocation failed. With an address-space limit that is how running out
// shows, rather than as a kill: malloc returns NULL, and poppler, the Go
// runtime and C++ programs report it and exit.
func outOfMemory(stderr string) (string, bool) {
	for line := range strings.Lines(stderr) {
		l := strings.ToLower(line)
		for _, sign := range []string{"out of memory", "cannot allocate memory", "bad_alloc", "memory exhausted"} {
			if strings.Contains(l, sign) {
				return shorten(line), true
			}
		}
	}
	return "", false
}

// firstLine is the first non-empty line of s, to explain a failure.
func firstLine(s string) string {
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			return shorten(line)
		}
	}
	return ""
}

// shorten cuts a line of a program's output to a length fit for an error
// message.
func shorten(line string) string {
	line = strings.TrimSpace(line)
	if len(line) > 200 {
		line = strings.ToValidUTF8(line[:200], "") + "…"
	}
	return line
}

// capWriter keeps the first max bytes written. Past them it refuses the
// write (the program then gets a broken pipe) and calls full, which stops
// the program outright; without full it keeps quiet and drops the rest.
type capWriter struct {
	buf  bytes.Buffer
	max  int
	over bool
	full func()
}

func (w *capWriter) Write(p []byte) (int, error) {
	room := w.max - w.buf.Len()
	if len(p) <= room {
		return w.buf.Write(p)
	}
	w.buf.Write(p[:max(room, 0)])
	if w.full == nil {
		return len(p), nil
	}
	if !w.over {
		w.over = true
		w.full()
	}
	return max(room, 0), ErrOutputLimit
}
