package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailparse"
)

// corpusPDF is one PDF attached to a message of the sample corpora.
type corpusPDF struct {
	name string // corpus/message file: attachment file name
	data []byte
}

// pdfSink keeps the attachments of the messages it is given, by hash.
type pdfSink map[string][]byte

func (s pdfSink) PutAttachment(_ context.Context, r io.Reader) (string, int64, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return "", 0, err
	}
	sum := sha256.Sum256(b)
	sha := hex.EncodeToString(sum[:])
	s[sha] = b
	return sha, int64(len(b)), nil
}

// corpusPDFs returns every distinct PDF attached to the messages of the dev
// and wild corpora, read with mailparse as the pipeline reads them, and the
// claims the corpora know. Without the corpora the test is skipped (outside
// CI).
func corpusPDFs(tb testing.TB) ([]corpusPDF, []testenv.CorpusClaim) {
	tb.Helper()
	seen := map[string]bool{}
	var pdfs []corpusPDF
	var claims []testenv.CorpusClaim
	for _, c := range []*testenv.Corpus{testenv.DevCorpus(tb), testenv.WildCorpus(tb)} {
		claims = append(claims, c.Truth.Claims...)
		files, err := filepath.Glob(filepath.Join(c.Dir, "inbox", "*.eml"))
		if err != nil {
			tb.Fatal(err)
		}
		for _, file := range files {
			raw, err := os.ReadFile(file)
			if err != nil {
				tb.Fatal(err)
			}
			sink := pdfSink{}
			m, err := mailparse.ParseMessage(context.Background(), bytes.NewReader(raw), sink, mailparse.ParseOptions{})
			if err != nil {
				tb.Fatalf("%s: %v", file, err)
			}
			for _, p := range m.Parts {
				if !p.IsAttachment || !isPDF(p) || seen[p.SHA256] {
					continue
				}
				seen[p.SHA256] = true
				name := filepath.Base(c.Dir) + "/" + filepath.Base(file) + ": " + p.Filename
				pdfs = append(pdfs, corpusPDF{name: name, data: sink[p.SHA256]})
			}
		}
	}
	if len(pdfs) == 0 {
		tb.Fatal("the corpora hold no PDF")
	}
	return pdfs, claims
}

// whatClassifierFinds is what the classifier takes from a PDF's text: the
// identifiers it matches claims by, the doc type the text alone gives, and
// the corpus' people and insureds named in it.
type whatClassifierFinds struct {
	IDs     []string
	DocType string
	Names   []string
}

func findInText(text string, claims []testenv.CorpusClaim) whatClassifierFinds {
	var f whatClassifierFinds
	for _, id := range classify.ExtractIdentifiers(text) {
		if id.Labelled { // "Claim #": the classifier trusts such a number more
			f.IDs = append(f.IDs, id.Norm+" (labelled)")
		} else {
			f.IDs = append(f.IDs, id.Norm)
		}
	}
	sort.Strings(f.IDs)
	// A file name that says nothing, so that the text decides.
	f.DocType, _ = classify.DocType(classify.Attachment{Filename: "attachment.pdf", ContentType: "application/pdf", Text: text}, &classify.Message{})
	words := " " + strings.Join(normalWords(text), " ") + " "
	for _, c := range claims {
		for _, name := range []string{c.InsuredName, c.AdjusterName} {
			n := strings.Join(normalWords(name), " ")
			if n != "" && strings.Contains(words, " "+n+" ") && !slices.Contains(f.Names, n) {
				f.Names = append(f.Names, n)
			}
		}
	}
	sort.Strings(f.Names)
	return f
}

// normalWords splits text into lower-case words of letters and digits: how
// two readers of one PDF are compared, whatever their spacing and line
// breaks.
func normalWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// wordDiff lists the words one text has and the other lacks (counted, so a
// word read twice by one side counts).
func wordDiff(a, b string) (onlyA, onlyB []string) {
	count := map[string]int{}
	for _, w := range normalWords(a) {
		count[w]++
	}
	for _, w := range normalWords(b) {
		count[w]--
	}
	for w, n := range count {
		switch {
		case n > 0:
			onlyA = append(onlyA, w)
		case n < 0:
			onlyB = append(onlyB, w)
		}
	}
	sort.Strings(onlyA)
	sort.Strings(onlyB)
	return onlyA, onlyB
}

// TestPDFTextAgreesOnCorpus reads every PDF of the sample corpora with
// pdftotext and with each other reader measured (the poppler helper the
// pipeline reads with where it is installed, and PDFium in process), and
// requires the classifier to find the same in both: the
// same claim, job and policy numbers (labelled or not), the same doc type
// from the text, the same names, the same pages without text (which decide
// OCR), and no more than one word in a hundred read differently. It logs
// the words that differ, file by file.
func TestPDFTextAgreesOnCorpus(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	pdfs, claims := corpusPDFs(t)
	pdftotext := pdftotextRead(t)
	want := make([]string, len(pdfs))
	wantErr := make([]error, len(pdfs))
	for i, p := range pdfs {
		want[i], wantErr[i] = pdftotext(p.data, searchTextPages, searchTextLimit)
	}
	readers := []struct {
		name  string
		start func(t *testing.T) pdfReader
	}{
		{"in-process", func(t *testing.T) pdfReader {
			return func(pdf []byte, pages, limit int) (string, error) {
				return pdfiumText(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), pages, limit)
			}
		}},
		{"poppler-helper", func(t *testing.T) pdfReader { return helperRead(t) }},
	}
	for _, r := range readers {
		t.Run(r.name, func(t *testing.T) {
			read := r.start(t)
			var differ int
			for i, p := range pdfs {
				got, err := read(p.data, searchTextPages, searchTextLimit)
				if (err == nil) != (wantErr[i] == nil) {
					t.Errorf("%s: pdftotext error %v, %s error %v", p.name, wantErr[i], r.name, err)
					continue
				}
				if agreeOnPDF(t, p.name, want[i], got, claims) {
					differ++
				}
			}
			t.Logf("%d PDFs, %d with some word read differently", len(pdfs), differ)
		})
	}
}

// agreeOnPDF checks that text got, read of the PDF name, gives the
// classifier what pdftotext's text want gives it, and reports whether any
// word differs.
func agreeOnPDF(t *testing.T, name, want, got string, claims []testenv.CorpusClaim) bool {
	t.Helper()
	w, g := findInText(want, claims), findInText(got, claims)
	if !slices.Equal(w.IDs, g.IDs) || w.DocType != g.DocType || !slices.Equal(w.Names, g.Names) {
		t.Errorf("%s: the classifier finds %+v, and %+v in pdftotext's text", name, g, w)
	}
	if wp, gp := pagesWithoutText(want), pagesWithoutText(got); !slices.Equal(wp, gp) {
		t.Errorf("%s: pages without text %v, and %v in pdftotext's text", name, gp, wp)
	}
	onlyWant, onlyGot := wordDiff(want, got)
	if len(onlyWant)+len(onlyGot) == 0 {
		return false
	}
	t.Logf("%s: words only pdftotext reads %q; only this reader %q", name, clip(onlyWant), clip(onlyGot))
	// A word or two read apart (a ligature, a hyphen) is no matter for
	// search; more is a reader that misses text.
	if words := len(normalWords(want)); 100*(len(onlyWant)+len(onlyGot)) > words {
		t.Errorf("%s: %d of %d words read differently", name, len(onlyWant)+len(onlyGot), words)
	}
	return true
}

func clip(words []string) []string {
	if len(words) > 12 {
		return append(words[:12:12], "…")
	}
	return words
}
