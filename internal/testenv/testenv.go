// Package testenv starts the real services claimdesk's tests run against:
// a private Postgres cluster, an S3 server (versitygw) and Dovecot. Each
// service starts once per test binary, on first use, and stops when the
// binary exits; tests get their own database, bucket or mailbox user.
//
// A test binary that uses testenv calls Main from its TestMain:
//
//	func TestMain(m *testing.M) { testenv.Main(m) }
//
// Outside CI a service that cannot start (its binaries are not installed)
// skips the tests that need it with a message saying what to install. In CI
// (CI=true) the same condition fails the test: nothing is skipped silently.
package testenv

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

var (
	cleanupMu sync.Mutex
	cleanups  []func()
)

// Main runs the tests of a package, then stops every service they started.
func Main(m *testing.M) {
	code := m.Run()
	runCleanups()
	os.Exit(code)
}

// atExit registers fn to run after all tests of the binary, latest first.
func atExit(fn func()) {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	cleanups = append(cleanups, fn)
}

func runCleanups() {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	cleanups = nil
}

// InCI reports whether the tests run in CI, where a missing service fails.
func InCI() bool { return os.Getenv("CI") == "true" }

// unavailable stops the test because a service could not start: a skip on a
// developer's machine, a failure in CI.
func unavailable(t testing.TB, service string, err error) {
	t.Helper()
	msg := fmt.Sprintf("%s unavailable: %v (run .ci/run once, or install it as README describes)", service, err)
	if InCI() {
		t.Fatal(msg)
	}
	t.Skip(msg)
}
