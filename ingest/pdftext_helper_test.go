package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// requireHelper skips the test where the poppler helper cannot run, and
// fails it in CI, which installs the binding.
func requireHelper(tb testing.TB) {
	tb.Helper()
	if !helperAvailable() {
		msg := "poppler's GLib binding for Python not installed (apt-get install python3-gi gir1.2-poppler-0.18)"
		if testenv.InCI() {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
}

// pdfFile writes pdf to a file of its own and returns its path.
func pdfFile(tb testing.TB, pdf []byte) string {
	tb.Helper()
	f := filepath.Join(tb.TempDir(), "in.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	return f
}

// withHelper runs f with the one helper the test is given: the pool is
// emptied first and after, so that the test sees only helpers it started.
// Tests using it do not run in parallel.
func withHelper(t *testing.T, f func()) {
	t.Helper()
	requireHelper(t)
	drain := func() {
		idleHelpersMu.Lock()
		defer idleHelpersMu.Unlock()
		for _, h := range idleHelpers {
			h.stop()
		}
		idleHelpers = nil
	}
	drain()
	t.Cleanup(drain)
	f()
}

// idleHelper returns the one idle helper.
func idleHelper(t *testing.T) *popplerHelper {
	t.Helper()
	idleHelpersMu.Lock()
	defer idleHelpersMu.Unlock()
	if len(idleHelpers) != 1 {
		t.Fatalf("%d idle helpers, want 1", len(idleHelpers))
	}
	return idleHelpers[0]
}

// TestPopplerHelperRunsBounded reads a PDF with the helper and checks, in
// /proc, that the helper process runs under pdftotext's address-space limit
// and without core files: a hostile PDF meets the same memory bound.
func TestPopplerHelperRunsBounded(t *testing.T) {
	withHelper(t, func() {
		text, err := helperText(t.Context(), pdfFile(t, textPDF(1, 3)), pdfTextPages, pdfTextLimit)
		if err != nil || !strings.Contains(text, "Line 1.1: remove wet drywall") {
			t.Fatalf("helper read %q, %v", text, err)
		}
		h := idleHelper(t)
		limits, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", h.cmd.Process.Pid))
		if err != nil {
			t.Skip("no /proc here")
		}
		for _, line := range []string{
			fmt.Sprintf("Max address space         %-21d%-21dbytes", pdfTextMemory, pdfTextMemory),
			"Max core file size        0",
		} {
			if !strings.Contains(string(limits), line) {
				t.Errorf("the helper runs without %q:\n%s", line, limits)
			}
		}
	})
}

// TestPopplerHelperReadsPagesAndLimit reads the first pages of a PDF and a
// text cut at a limit, each page ended by a form feed as pdftotext ends
// it, the same file by a relative path, and a damaged PDF that poppler refuses: an error, and the same
// helper reads the next file.
func TestPopplerHelperReadsPagesAndLimit(t *testing.T) {
	withHelper(t, func() {
		file := pdfFile(t, textPDF(5, 2))
		two, err := helperText(t.Context(), file, 2, pdfTextLimit)
		if err != nil || strings.Count(two, "\f") != 2 || !strings.Contains(two, "Line 2.2") || strings.Contains(two, "Line 3.1") {
			t.Fatalf("two pages: %q, %v", two, err)
		}
		cut, err := helperText(t.Context(), file, 5, 10)
		if err != nil || cut != two[:10] {
			t.Fatalf("cut at 10 bytes: %q, %v; want %q", cut, err, two[:10])
		}
		// A temporary directory configured as a relative path.
		t.Chdir(filepath.Dir(file))
		if rel, err := helperText(t.Context(), filepath.Base(file), 2, pdfTextLimit); rel != two {
			t.Fatalf("by a relative path: %q, %v; want %q", rel, err, two)
		}
		h := idleHelper(t)
		damaged := textPDF(1, 3)
		text, err := helperText(t.Context(), pdfFile(t, damaged[:len(damaged)/3]), 2, pdfTextLimit)
		if text != "" || !errors.Is(err, errHelperRefused) {
			t.Fatalf("damaged PDF: %q, %v; want no text and errHelperRefused", text, err)
		}
		if idleHelper(t) != h {
			t.Error("a refused PDF ended the helper")
		}
	})
}

// TestPopplerHelperKilledOnTimeout stops the helper (SIGSTOP, as a file
// that makes poppler loop would hold it) and reads: the read gives
// errPDFTextTimeout once its time is out, the helper is killed, and the
// next read gets a new helper that reads.
func TestPopplerHelperKilledOnTimeout(t *testing.T) {
	withHelper(t, func() {
		file := pdfFile(t, textPDF(1, 3))
		if _, err := helperText(t.Context(), file, 1, pdfTextLimit); err != nil {
			t.Fatal(err)
		}
		h := idleHelper(t)
		if err := h.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
			t.Fatal(err)
		}
		defer func(d time.Duration) { helperTimeout = d }(helperTimeout)
		helperTimeout = 100 * time.Millisecond
		type result struct {
			text string
			err  error
		}
		done := make(chan result, 1)
		go func() {
			text, err := helperText(t.Context(), file, 1, pdfTextLimit)
			done <- result{text, err}
		}()
		select {
		case r := <-done:
			if !errors.Is(r.err, errPDFTextTimeout) {
				t.Fatalf("read of a stopped helper: %q, %v; want errPDFTextTimeout", r.text, r.err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("a read of a stopped helper still waits, past its time limit")
		}
		if h.cmd.ProcessState == nil {
			t.Error("the helper still runs after its read ran out of time")
		}
		helperTimeout = pdfTextTimeout
		text, err := helperText(t.Context(), file, 1, pdfTextLimit)
		if err != nil || !strings.Contains(text, "Line 1.1") {
			t.Fatalf("read after a timeout: %q, %v", text, err)
		}
		if idleHelper(t) == h {
			t.Error("the killed helper was used again")
		}
	})
}

// TestPopplerHelperEndedWhileIdle ends an idle helper's process, as the
// system might: the next read starts a new one and reads, rather than
// failing the file.
func TestPopplerHelperEndedWhileIdle(t *testing.T) {
	withHelper(t, func() {
		file := pdfFile(t, textPDF(1, 3))
		// A helper that has read nothing yet, as the first one started
		// (to learn whether helpers run here) waits for its first PDF.
		h, err := startPopplerHelper()
		if err != nil {
			t.Fatal(err)
		}
		putHelper(h)
		if err := h.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = h.cmd.Wait()
		text, err := helperText(t.Context(), file, 1, pdfTextLimit)
		if err != nil || !strings.Contains(text, "Line 1.1") {
			t.Fatalf("read after the helper ended: %q, %v", text, err)
		}
	})
}

// helperRead reads pdf with a poppler helper, as pdfText does where one
// runs.
func helperRead(tb testing.TB) pdfReader {
	requireHelper(tb)
	dir := tb.TempDir()
	return func(pdf []byte, pages, limit int) (string, error) {
		f := filepath.Join(dir, "in.pdf")
		if err := os.WriteFile(f, pdf, 0o600); err != nil {
			return "", err
		}
		return helperText(context.Background(), f, pages, limit)
	}
}

// pdftotextRead reads pdf with pdftotext, a process per PDF.
func pdftotextRead(tb testing.TB) pdfReader {
	dir := tb.TempDir()
	return func(pdf []byte, pages, limit int) (string, error) {
		f := filepath.Join(dir, "in.pdf")
		if err := os.WriteFile(f, pdf, 0o600); err != nil {
			return "", err
		}
		return pdftotextFile(context.Background(), f, pages, limit)
	}
}
