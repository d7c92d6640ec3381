package pdftest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// CheckedText returns the text pdftotext reads from pdf, named name in
// failures, after qpdf --check finds the file sound. Layout mode pads
// columns with runs of spaces; they are made one, which reads the same.
func CheckedText(t testing.TB, name string, pdf []byte) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	path := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.CommandContext(ctx, "qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("%s: qpdf --check: %v\n%s", name, err, out)
	}
	out, err := exec.CommandContext(ctx, "pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("%s: pdftotext: %v", name, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
