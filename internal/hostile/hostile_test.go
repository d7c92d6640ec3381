package hostile

import (
	"bytes"
	"crypto/sha256"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGenerated checks each generated message is as long as it says and
// the same on every read.
func TestGenerated(t *testing.T) {
	t.Parallel()
	for _, m := range Generated() {
		a, b := sha256.New(), sha256.New()
		n, err := io.Copy(a, m.Open())
		if err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		if n != m.Size {
			t.Errorf("%s: read %d bytes, Size says %d", m.Name, n, m.Size)
		}
		if _, err := io.Copy(b, m.Open()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Sum(nil), b.Sum(nil)) {
			t.Errorf("%s: two reads differ", m.Name)
		}
	}
}

// TestPDFsAreWellFormed checks with qpdf that the generated PDFs are valid:
// the hostility is in their shape, not in damage a parser could reject early.
func TestPDFsAreWellFormed(t *testing.T) {
	t.Parallel()
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip("qpdf not installed")
	}
	for name, pdf := range map[string][]byte{
		"many pages": manyPagesPDF(1000), "deep tree": deepTreePDF(100), "deep array": deepArrayPDF(100),
	} {
		f := filepath.Join(t.TempDir(), "x.pdf")
		if err := os.WriteFile(f, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(qpdf, "--check", f).CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("No syntax or stream encoding errors")) {
			t.Errorf("%s: qpdf --check: %v\n%s", name, err, out)
		}
	}
}
