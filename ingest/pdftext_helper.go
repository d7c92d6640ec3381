package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// popplerScript reads PDFs with poppler's own library (pdftotext's text
// code, through its GLib binding) in one long-lived process, so that a PDF
// costs its pages and not poppler's start (about 7 ms of CPU a run, most of
// a short PDF's cost; see bench/RESULTS.md). Each request is a line
// "pages\tlimit\tpath"; each answer "OK n\n" and n bytes of UTF-8 text,
// every page ended by a form feed as pdftotext ends them, at most limit
// bytes; or "ERR why\n".
const popplerScript = `
import sys
import gi
gi.require_version("Poppler", "0.18")
from gi.repository import GLib, Poppler
out = sys.stdout.buffer
out.write(b"READY\n")
out.flush()
for line in sys.stdin:
    pages, limit, path = line.rstrip("\n").split("\t", 2)
    pages, limit = int(pages), int(limit)
    try:
        doc = Poppler.Document.new_from_file(GLib.filename_to_uri(path, None), None)
        parts, size = [], 0
        for i in range(min(doc.get_n_pages(), pages)):
            parts.append((doc.get_page(i).get_text() or "").encode("utf-8", "replace") + b"\f")
            size += len(parts[-1])
            if size >= limit:
                break
        text = b"".join(parts)[:limit]
        out.write(b"OK %d\n" % len(text) + text)
    except Exception as e:
        out.write(("ERR %s\n" % str(e).replace("\n", " ")).encode("utf-8", "replace"))
    out.flush()
`

// helperUses is how many PDFs one helper reads before it is replaced: a
// leak in poppler, or memory a hostile file left allocated, lasts no longer.
const helperUses = 500

// helperTimeout bounds one read of a helper, as pdfTextTimeout bounds a
// pdftotext run; a variable for the test that runs it out.
var helperTimeout = pdfTextTimeout

// popplerHelpers bounds how many helpers read at once, one a core (each
// reads one PDF at a time); a PDF beyond them waits for one to finish.
var popplerHelpers = make(chan struct{}, min(max(runtime.GOMAXPROCS(0), 2), 8))

var (
	idleHelpersMu sync.Mutex
	idleHelpers   []*popplerHelper
)

// errNoHelper is helperText's error when the helper cannot run here
// (Python or poppler's GLib binding missing): pdftotext reads instead.
var errNoHelper = errors.New("pdf text: no poppler helper")

// helperAvailable reports whether the helper starts on this machine, once.
var helperAvailable = sync.OnceValue(func() bool {
	h, err := startPopplerHelper()
	if err != nil {
		return false
	}
	putHelper(h)
	return true
})

// popplerHelper is one running helper process.
type popplerHelper struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	uses int
}

// startPopplerHelper starts a helper under the address-space limit of a
// pdftotext run, and waits for it to say it is ready. Python runs isolated
// (-I): no environment variables, no user site directory.
func startPopplerHelper() (*popplerHelper, error) {
	// Debian's interpreter, the one its python3-gi and gir1.2-poppler-0.18
	// packages install the binding for (not another on PATH).
	python, err := exec.LookPath("/usr/bin/python3")
	if err != nil {
		return nil, errNoHelper
	}
	limits := fmt.Sprintf(`ulimit -v %d && ulimit -c 0 && exec "$@"`, pdfTextMemory>>10)
	cmd := exec.Command("/bin/sh", "-c", limits, "poppler-helper", python, "-I", "-c", popplerScript)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("start poppler helper: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("start poppler helper: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start poppler helper: %w", err)
	}
	h := &popplerHelper{cmd: cmd, in: in, out: bufio.NewReader(out)}
	ready := make(chan error, 1)
	go func() {
		line, err := h.out.ReadString('\n')
		if err == nil && line != "READY\n" {
			err = fmt.Errorf("said %q", line)
		}
		ready <- err
	}()
	select {
	case err = <-ready:
	case <-time.After(pdfTextTimeout):
		err = errors.New("not ready in time")
	}
	if err != nil {
		h.stop()
		return nil, fmt.Errorf("%w: %w", errNoHelper, err)
	}
	return h, nil
}

// stop ends the helper and waits for it.
func (h *popplerHelper) stop() {
	_ = h.in.Close()
	_ = h.cmd.Process.Kill()
	_ = h.cmd.Wait()
}

// takeHelper returns an idle helper, or starts one; started reports which.
func takeHelper() (h *popplerHelper, started bool, err error) {
	idleHelpersMu.Lock()
	if n := len(idleHelpers); n > 0 {
		h := idleHelpers[n-1]
		idleHelpers = idleHelpers[:n-1]
		idleHelpersMu.Unlock()
		return h, false, nil
	}
	idleHelpersMu.Unlock()
	h, err = startPopplerHelper()
	return h, true, err
}

// putHelper keeps h for the next PDF, or ends it once it has read its share.
func putHelper(h *popplerHelper) {
	if h.uses >= helperUses {
		h.stop()
		return
	}
	idleHelpersMu.Lock()
	idleHelpers = append(idleHelpers, h)
	idleHelpersMu.Unlock()
}

// helperText returns the text of at most pages first pages of the PDF
// file, at most limit bytes of it, read by a poppler helper within
// pdfTextTimeout and ctx: a helper that runs out of time is killed, and the
// read gives errPDFTextTimeout. A helper that dies on a file (a crash, the
// memory limit) gives an error, and the next file gets a new helper.
func helperText(ctx context.Context, file string, pages, limit int) (string, error) {
	file, err := filepath.Abs(file) // the helper makes a URI of it
	if err != nil || strings.ContainsAny(file, "\t\n") {
		return "", errNoHelper // the request line could not say it
	}
	select {
	case popplerHelpers <- struct{}{}:
		defer func() { <-popplerHelpers }()
	case <-ctx.Done():
		return "", errPDFTextTimeout
	}
	// A helper idle too long may have been ended by the system; one
	// failure to talk to it is its, not the file's: try a fresh one.
	for attempt := 0; ; attempt++ {
		h, started, err := takeHelper()
		if err != nil {
			return "", err
		}
		h.uses++
		text, sent, err := h.read(ctx, file, pages, limit)
		switch {
		case err == nil, errors.Is(err, errHelperRefused):
			putHelper(h)
			return text, err
		case !sent && !started && attempt == 0:
			h.stop()
			continue
		}
		h.stop()
		return "", err
	}
}

// errHelperRefused marks a PDF that poppler refuses (encrypted, damaged):
// the helper is fine.
var errHelperRefused = errors.New("pdf text: poppler refused the pdf")

// read sends one request and reads its answer. sent reports whether the
// request reached the helper.
func (h *popplerHelper) read(ctx context.Context, file string, pages, limit int) (text string, sent bool, err error) {
	if _, err := fmt.Fprintf(h.in, "%d\t%d\t%s\n", pages, limit, file); err != nil {
		return "", false, fmt.Errorf("pdf text: poppler helper: %w", err)
	}
	type answer struct {
		text string
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		text, err := h.answer(limit)
		done <- answer{text, err}
	}()
	timer := time.NewTimer(helperTimeout)
	defer timer.Stop()
	select {
	case a := <-done:
		return a.text, true, a.err
	case <-ctx.Done():
	case <-timer.C:
	}
	_ = h.cmd.Process.Kill() // the answer's reader ends with it
	<-done
	return "", true, errPDFTextTimeout
}

// answer reads one answer of the helper.
func (h *popplerHelper) answer(limit int) (string, error) {
	status, err := h.out.ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("pdf text: poppler helper ended: %w", err)
	}
	status = strings.TrimSuffix(status, "\n")
	if why, ok := strings.CutPrefix(status, "ERR "); ok {
		return "", fmt.Errorf("%w: %s", errHelperRefused, why)
	}
	n, ok := strings.CutPrefix(status, "OK ")
	size, err := strconv.Atoi(n)
	if !ok || err != nil || size < 0 || size > limit {
		return "", fmt.Errorf("pdf text: poppler helper said %q", status)
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(h.out, buf); err != nil {
		return "", fmt.Errorf("pdf text: poppler helper ended: %w", err)
	}
	return string(buf), nil
}
