package testenv

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// chromiumPaths are where Debian's chromium package (and other
// distributions' builds) put the browser.
var chromiumPaths = []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}

// Browser starts a headless Chromium of its own for the test and returns a
// chromedp context on a new tab; the browser stops when the test ends. Each
// call gets a fresh profile. Bound each step with a timeout of its own: the
// returned context has none.
func Browser(t testing.TB) context.Context {
	t.Helper()
	path, err := chromiumPath()
	if err != nil {
		unavailable(t, "Chromium", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.DisableGPU,
		// The machine has no network but loopback: no calls home, no
		// updates, no sync, no QUIC probes.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to run its sandbox as root.
		opts = append(opts, chromedp.NoSandbox)
	}
	// chromedp makes a fresh user-data-dir and removes it when the browser
	// stops.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx)
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		unavailable(t, "Chromium", err)
	}
	return ctx
}

func chromiumPath() (string, error) {
	for _, p := range chromiumPaths {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	return "", errors.New("no chromium binary (Debian package chromium)")
}
