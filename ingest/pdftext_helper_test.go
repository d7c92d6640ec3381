package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// popplerHelperScript reads PDFs with poppler's own library (its GLib
// binding, from Python) in one long-lived process: the third way measured,
// poppler without a process per PDF. Each request is a line "pages\tpath";
// each answer "OK n\n" and n bytes of text, pages ended by form feeds, or
// "ERR why\n".
const popplerHelperScript = `
import sys
import gi
gi.require_version("Poppler", "0.18")
from gi.repository import GLib, Poppler
out = sys.stdout.buffer
for line in sys.stdin:
    pages, path = line.rstrip("\n").split("\t", 1)
    try:
        doc = Poppler.Document.new_from_file(GLib.filename_to_uri(path, None), None)
        text = "".join((doc.get_page(i).get_text() or "") + "\f" for i in range(min(doc.get_n_pages(), int(pages))))
        b = text.encode("utf-8", "replace")
        out.write(b"OK %d\n" % len(b) + b)
    except Exception as e:
        out.write(("ERR %s\n" % str(e).replace("\n", " ")).encode())
    out.flush()
`

// popplerHelper is one running helper.
type popplerHelper struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	dir string
}

// startPopplerHelper starts the helper, or skips when Python's GLib
// binding of poppler is missing (Debian python3-gi, gir1.2-poppler-0.18).
func startPopplerHelper(tb testing.TB) *popplerHelper {
	tb.Helper()
	python, err := exec.LookPath("/usr/bin/python3")
	if err != nil {
		tb.Skip("python3 not installed")
	}
	probe := `import gi; gi.require_version("Poppler", "0.18"); from gi.repository import Poppler`
	if err := exec.Command(python, "-c", probe).Run(); err != nil {
		tb.Skip("poppler's GLib binding for Python not installed (apt-get install python3-gi gir1.2-poppler-0.18)")
	}
	cmd := exec.Command(python, "-c", popplerHelperScript)
	in, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	h := &popplerHelper{cmd: cmd, in: in, out: bufio.NewReader(out), dir: tb.TempDir()}
	tb.Cleanup(func() {
		in.Close()
		_ = cmd.Wait()
	})
	// The first request waits for Python's imports: a start cost, paid here.
	if _, err := h.text(textPDF(1, 1), 1, 100); err != nil {
		tb.Fatal(err)
	}
	return h
}

// text reads at most pages first pages of pdf, at most limit bytes of
// their text, as pdfText does.
func (h *popplerHelper) text(pdf []byte, pages, limit int) (string, error) {
	f := filepath.Join(h.dir, "in.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		return "", err
	}
	if _, err := fmt.Fprintf(h.in, "%d\t%s\n", pages, f); err != nil {
		return "", err
	}
	status, err := h.out.ReadString('\n')
	if err != nil {
		return "", err
	}
	n, ok := strings.CutPrefix(strings.TrimSpace(status), "OK ")
	if !ok {
		return "", fmt.Errorf("poppler helper: %s", strings.TrimSpace(status))
	}
	size, err := strconv.Atoi(n)
	if err != nil {
		return "", fmt.Errorf("poppler helper: %q: %w", status, err)
	}
	var text bytes.Buffer
	if _, err := io.CopyN(&text, h.out, int64(size)); err != nil {
		return "", err
	}
	return text.String()[:min(size, limit)], nil
}
