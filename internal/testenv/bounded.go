package testenv

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/boundedexec"
)

// RunsBounded runs cmd with its program swapped for a stand-in of the same
// name that prints the limits it was started under, and fails t unless the
// child met cmd's memory and CPU bounds: a hostile input then meets them
// too. It skips where there is no /proc/self/limits to print.
func RunsBounded(t *testing.T, cmd boundedexec.Cmd) {
	t.Helper()
	if _, err := os.Stat("/proc/self/limits"); err != nil {
		t.Skip("no /proc/self/limits here")
	}
	name := filepath.Base(cmd.Path)
	shows := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(shows, []byte("#!/bin/sh\nexec cat /proc/self/limits\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd.Path = shows
	out, err := cmd.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	cpu := cmd.Limits.CPU
	if cpu == 0 {
		cpu = cmd.Limits.Timeout
	}
	for _, line := range []string{
		fmt.Sprintf("Max address space         %-21d%-21dbytes", cmd.Limits.Memory, cmd.Limits.Memory),
		fmt.Sprintf("Max cpu time              %-21d", int(math.Ceil(cpu.Seconds()))),
	} {
		if !strings.Contains(string(out), line) {
			t.Errorf("%s runs without %q:\n%s", name, line, out)
		}
	}
}
