package stamp

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/claimdesk/claimdesk/internal/pdftest"
)

// Helpers shared by the tests, the fuzz target and the benchmarks: PDFs made
// by pdfcpu itself, and the poppler and qpdf command-line tools as
// independent judges of the output.

// testConfiguration returns a pdfcpu configuration for building fixtures,
// with the config directory disabled exactly as the package does.
func testConfiguration() *model.Configuration {
	disableConfigDir.Do(api.DisableConfigDir)
	return model.NewDefaultConfiguration()
}

// makePDF returns an A4 PDF of n pages, each carrying a line of body text
// that names its page, built with pdfcpu's JSON create API.
func makePDF(tb testing.TB, n int) []byte {
	tb.Helper()
	type text struct {
		Value string         `json:"value"`
		Pos   [2]float64     `json:"pos"`
		Font  map[string]any `json:"font"`
	}
	pages := map[string]any{}
	for i := 1; i <= n; i++ {
		pages[strconv.Itoa(i)] = map[string]any{
			"content": map[string]any{
				"text": []text{{
					Value: fmt.Sprintf("Moisture map, page %d of %d", i, n),
					Pos:   [2]float64{72, 600},
					Font:  map[string]any{"name": "Times-Roman", "size": 12},
				}},
			},
		}
	}
	doc, err := json.Marshal(map[string]any{"paper": "LetterP", "origin": "LowerLeft", "pages": pages})
	if err != nil {
		tb.Fatal(err)
	}
	var out bytes.Buffer
	if err := api.Create(nil, bytes.NewReader(doc), &out, testConfiguration()); err != nil {
		tb.Fatalf("create %d-page pdf: %v", n, err)
	}
	return out.Bytes()
}

// makeBlankPDF returns a one-page letter-size PDF with nothing on the page.
func makeBlankPDF(tb testing.TB) []byte {
	tb.Helper()
	doc := `{"paper": "LetterP", "pages": {"1": {"content": {}}}}`
	var out bytes.Buffer
	if err := api.Create(nil, strings.NewReader(doc), &out, testConfiguration()); err != nil {
		tb.Fatalf("create blank pdf: %v", err)
	}
	return out.Bytes()
}

// rawPDF returns a PDF with objs as objects 1, 2, ... and object 1 as the
// catalog, written by hand for page shapes pdfcpu's create API never makes.
func rawPDF(objs ...string) []byte { return pdftest.Objects(objs...) }

// encryptPDF returns pdf encrypted with AES-256 under the given passwords;
// an empty user password makes a file anyone can open but only the owner
// may change.
func encryptPDF(tb testing.TB, pdf []byte, userPW, ownerPW string) []byte {
	tb.Helper()
	conf := model.NewAESConfiguration(userPW, ownerPW, 256)
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(pdf), &out, conf); err != nil {
		tb.Fatalf("encrypt: %v", err)
	}
	return out.Bytes()
}

// stampBytes stamps pdf and returns the result.
func stampBytes(tb testing.TB, pdf []byte, r Received) []byte {
	tb.Helper()
	var out bytes.Buffer
	if err := Apply(context.Background(), bytes.NewReader(pdf), &out, r, Options{}); err != nil {
		tb.Fatalf("stamp: %v", err)
	}
	return out.Bytes()
}

// requireTool returns the path of a command-line tool, skipping the test
// when it is missing outside CI (CI installs poppler-utils and qpdf).
func requireTool(tb testing.TB, name string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s not installed: %v", name, err)
		}
		tb.Skipf("%s not installed (apt-get install poppler-utils qpdf): %v", name, err)
	}
	return path
}

// writeTemp writes pdf into the test's temporary directory for the
// command-line tools, which only read files.
func writeTemp(tb testing.TB, name string, pdf []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// runTool runs a command-line tool with a deadline and returns its stdout.
func runTool(tb testing.TB, name string, args ...string) (string, error) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, requireTool(tb, name), args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// pageText returns the text poppler extracts from one page of pdf.
func pageText(tb testing.TB, pdf []byte, page int) string {
	tb.Helper()
	path := writeTemp(tb, "page.pdf", pdf)
	p := strconv.Itoa(page)
	out, err := runTool(tb, "pdftotext", "-enc", "UTF-8", "-f", p, "-l", p, path, "-")
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// qpdfCheck fails the test unless qpdf finds pdf free of errors and warnings.
func qpdfCheck(tb testing.TB, pdf []byte) {
	tb.Helper()
	path := writeTemp(tb, "check.pdf", pdf)
	// Exit status 0 is clean; 3 means warnings (a repaired file), which a
	// stamped copy must not have either.
	if out, err := runTool(tb, "qpdf", "--check", path); err != nil {
		tb.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

// makeHeavyPDF returns a PDF of n pages, each showing one image of about
// perPage bytes: the shape of a phone scan, whose size is all in
// compressed image streams. The pixels are random, so compression keeps
// their size, and neither tool has a reason to decode or recompress them.
func makeHeavyPDF(tb testing.TB, n, perPage int) []byte {
	tb.Helper()
	side := 1
	for side*side*3 < perPage {
		side++
	}
	rng := rand.New(rand.NewPCG(1, 2))
	raw := make([]byte, side*side*3)
	for i := range raw {
		raw[i] = byte(rng.Uint32())
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	if _, err := zw.Write(raw); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	pixels := z.Bytes()

	var buf bytes.Buffer
	offsets := []int{0} // object 0 is the head of the free list
	obj := func(format string, args ...any) {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n", len(offsets)-1)
		fmt.Fprintf(&buf, format, args...)
		buf.WriteString("\nendobj\n")
	}
	buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	// Objects: 1 catalog, 2 page tree, then per page: page, content, image.
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	kids := ""
	for i := range n {
		kids += fmt.Sprintf("%d 0 R ", 3+3*i)
	}
	obj("<< /Type /Pages /Count %d /Kids [%s] >>", n, kids)
	content := "q 540 0 0 540 36 126 cm /Im0 Do Q"
	for i := range n {
		contents, image := 4+3*i, 5+3*i
		obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /XObject << /Im0 %d 0 R >> >> >>", contents, image)
		obj("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n",
			image, side, side, len(pixels))
		buf.Write(pixels)
		buf.WriteString("\nendstream\nendobj\n")
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, off := range offsets[1:] {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets), xref)
	return buf.Bytes()
}
