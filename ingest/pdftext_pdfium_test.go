package ingest

// The in-process PDF reader measured against pdftotext: PDFium compiled to
// WebAssembly (go-pdfium), run by wazero, no cgo and no child process. It
// reads the same text as pdftotext on the sample corpora but costs more
// than a pdftotext run on any PDF of more than a page or two of text (see
// bench/RESULTS.md), so the pipeline keeps pdftotext and this reader lives
// in the tests, where the agreement test and the benchmarks keep that
// decision checkable.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// pdfiumMemory bounds the WebAssembly memory of one PDFium instance: the
// parsed objects and page text of any real document fit (the file itself
// is read through a callback, not copied in), and a file made to allocate
// without end stops there with an error, not with the process.
const pdfiumMemory = 512 << 20

// pdfiumInstances bounds the PDFium instances at work at once, each with up
// to pdfiumMemory; a PDF beyond them waits for one to finish.
var pdfiumInstances = min(max(runtime.GOMAXPROCS(0), 1), 4)

// pdfiumPool is the one PDFium runtime of the test process: compiled on
// first use, from the compilation cache when an earlier process left one.
var pdfiumPool = sync.OnceValues(func() (pdfium.Pool, error) {
	return newPDFiumPool(pdfiumCacheDir())
})

// newPDFiumPool compiles PDFium, with the compilation cache in cacheDir
// (none when ""), and returns a pool of at most pdfiumInstances instances.
func newPDFiumPool(cacheDir string) (pdfium.Pool, error) {
	rc := wazero.NewRuntimeConfig().
		// The bundled module lowers setjmp/longjmp to exception handling.
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(pdfiumMemory / 65536).
		WithCloseOnContextDone(true) // a Kill stops a run in the middle
	if cacheDir != "" {
		if cache, err := wazero.NewCompilationCacheWithDir(cacheDir); err == nil {
			rc = rc.WithCompilationCache(cache)
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		MaxIdle:       pdfiumInstances,
		MaxTotal:      pdfiumInstances,
		ReuseWorkers:  true,
		RuntimeConfig: rc,
		FSConfig:      wazero.NewFSConfig(), // PDFium sees no files of ours
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if err != nil {
		return nil, fmt.Errorf("start pdfium: %w", err)
	}
	return pool, nil
}

// pdfiumCacheDir is where PDFium's compiled machine code is kept, beside
// the test tools in the user's cache directory: only the first test process
// of a machine pays the compile (seconds); the others load it (~80 ms).
func pdfiumCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "claimdesk", "wazero")
}

// errPDFUnreadable is the in-process reader's error for a PDF PDFium
// refuses: encrypted, truncated or malformed.
var errPDFUnreadable = errors.New("pdf text: unreadable pdf")

// pdfiumText returns the text of at most pages first pages of the PDF in f,
// at most limit bytes of it, each page ended by a form feed as pdftotext
// ends them. The run is bounded by ctx (a run past it is killed and gives
// the text read so far with errPDFTextTimeout), by pdfiumMemory and by
// pdfiumInstances; a panic inside is an error, never the process's end.
func pdfiumText(ctx context.Context, f io.ReadSeeker, size int64, pages, limit int) (text string, err error) {
	pool, err := pdfiumPool()
	if err != nil {
		return "", err
	}
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		return "", errPDFTextTimeout
	}
	var out strings.Builder
	stop := context.AfterFunc(ctx, func() { _ = inst.Kill() })
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdf text: pdfium panicked: %v", r)
		}
		if !stop() || err != nil {
			// Killed, or in an unknown state: the pool makes a new one.
			_ = inst.Kill()
		} else {
			_ = inst.Close()
		}
		if ctx.Err() != nil {
			text, err = out.String(), errPDFTextTimeout
		}
	}()
	err = readPDFiumPages(inst, f, size, pages, limit, &out)
	if err != nil {
		return "", err
	}
	return out.String(), nil
}

// readPDFiumPages writes the text of the first pages of the PDF in f to
// out, up to limit bytes.
func readPDFiumPages(inst pdfium.Pdfium, f io.ReadSeeker, size int64, pages, limit int, out *strings.Builder) error {
	doc, err := inst.OpenDocument(&requests.OpenDocument{FileReader: f, FileReaderSize: size})
	if err != nil {
		return fmt.Errorf("%w: %w", errPDFUnreadable, err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return fmt.Errorf("%w: %w", errPDFUnreadable, err)
	}
	for i := range min(count.PageCount, pages) {
		page, err := pdfiumPageText(inst, doc.Document, i)
		if err != nil {
			return fmt.Errorf("pdf text: page %d: %w", i+1, err)
		}
		out.WriteString(page)
		out.WriteByte('\f')
		if out.Len() >= limit {
			cut := out.String()[:limit]
			out.Reset()
			out.WriteString(cut)
			return nil
		}
	}
	return nil
}

// pdfiumPageText returns the text of page i (from 0), lines ended by "\n".
func pdfiumPageText(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, i int) (string, error) {
	page, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: i})
	if err != nil {
		return "", err
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: page.Page})
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &page.Page}})
	if err != nil {
		return "", err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil || n.Count <= 0 {
		return "", err
	}
	t, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, Count: n.Count})
	if err != nil {
		return "", err
	}
	// PDFium ends its generated lines with "\r\n" and marks hyphens it
	// found at line ends with U+0002; the classifier reads words.
	s := strings.ReplaceAll(t.Text, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\x02", "-")
	return strings.TrimRight(s, "\x00"), nil
}
