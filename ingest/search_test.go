package ingest

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestProcessedPDFIsSearchable runs the pipeline on a technician's mail
// with a signed ATP: the PDF's text, read for classification, makes its
// document found by words only the PDF has.
func TestProcessedPDFIsSearchable(t *testing.T) {
	t.Parallel()
	b := setupFiling(t, func(t *testing.T) blob.Store {
		s, err := blob.Open(t.Context(), "file://"+t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return s
	}, false)
	ctx := t.Context()
	// The registry matches claims by their normalized numbers.
	if _, err := b.sql.Exec(ctx, `
		UPDATE claims SET job_number_norm = upper(regexp_replace(job_number, '[^A-Za-z0-9]', '', 'g')),
		                  claim_number_norm = upper(regexp_replace(claim_number, '[^A-Za-z0-9]', '', 'g'))`); err != nil {
		t.Fatal(err)
	}
	m := b.add(t, "00003.eml", time.Time{}, nil) // "Fwd: 26-1017-WTR Lopez signed ATP", with Doc1.pdf
	p := NewProcessor(b.db, b.blobs, ProcessorConfig{
		Classify: classify.Config{OfficeDomain: b.corpus.Truth.Office},
		Location: b.loc, TempDir: b.tempDir, Filer: b.filer,
	}, slog.New(slog.DiscardHandler))
	if err := p.Process(ctx, m.id); err != nil {
		t.Fatal(err)
	}
	job, claimID := b.claimOf(t, m)

	// The street and the service are in the PDF only, not in the mail.
	for _, q := range []string{"Hillcrest mitigation", `"emergency water mitigation"`} {
		if strings.Contains(strings.ToLower(m.parsed.Subject+m.parsed.TextBody), "hillcrest") {
			t.Fatal("the mail itself names the street: pick words only the PDF has")
		}
		hits, _, err := b.db.Search(ctx, storage.SearchQuery{Text: q, Limit: 10, Offices: storage.AllOffices})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 {
			t.Fatalf("%s: %d hits, want the ATP alone: %+v", q, len(hits), hits)
		}
		h := hits[0]
		if h.Kind != storage.SearchKindDocument || h.Title.String() != "Doc1.pdf" || h.ClaimID != claimID ||
			h.JobNumber != job || h.DocType != classify.DocATP {
			t.Errorf("%s: hit %+v, want Doc1.pdf, an ATP of %s", q, h, job)
		}
		if !strings.Contains(strings.ToLower(h.Snippet.String()), "mitigation") {
			t.Errorf("%s: snippet %q", q, h.Snippet.String())
		}
	}
	pdfKeptOnce(t, p, m.parsed)
}

// pdfKeptOnce checks that the processor p, which processed parsed, knows
// the database keeps the text of its PDF, as does another process once it
// reads the text from there: a copy of the PDF in a later message is not
// saved again.
func pdfKeptOnce(t *testing.T, p *Processor, parsed *mailparse.Message) {
	t.Helper()
	i := slices.IndexFunc(parsed.Parts, func(pt mailparse.Part) bool { return strings.HasSuffix(pt.Filename, ".pdf") })
	if i < 0 {
		t.Fatal("no PDF in the message")
	}
	sha := parsed.Parts[i].SHA256
	texts := map[string]string{sha: "the PDF's text"}
	if unkept := p.texts.unkept(texts); len(unkept) != 0 {
		t.Errorf("after processing, texts to save of the PDF again: %d, want none", len(unkept))
	}
	other := newPDFTextCache(p.db)
	if unkept := other.unkept(texts); len(unkept) != 1 {
		t.Errorf("another process, before reading it: %d texts to save, want the one it does not know", len(unkept))
	}
	if _, ok := other.Text(t.Context(), sha); !ok {
		t.Fatal("another process finds no text of the PDF")
	}
	if unkept := other.unkept(texts); len(unkept) != 0 {
		t.Errorf("another process, once it read it from the database: %d texts to save, want none", len(unkept))
	}
}

func TestFirstPages(t *testing.T) {
	t.Parallel()
	text := "page one\fpage two\fpage three\f"
	for _, c := range []struct {
		n, limit int
		want     string
	}{
		{1, 100, "page one\f"},
		{2, 100, "page one\fpage two\f"},
		{5, 100, text},
		{2, 4, "page"},
	} {
		if got := firstPages(text, c.n, c.limit); got != c.want {
			t.Errorf("firstPages(%d, %d) = %q, want %q", c.n, c.limit, got, c.want)
		}
	}
	if got := firstPages("no form feed", 2, 100); got != "no form feed" {
		t.Errorf("one page without form feed: %q", got)
	}
}

// TestPDFTextStopsAtLimit reads a real PDF with a limit smaller than its
// text: pdftotext is stopped, and the text up to the limit is no error.
func TestPDFTextStopsAtLimit(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	corpus := testenv.DevCorpus(t)
	raw, err := os.ReadFile(filepath.Join(corpus.Dir, "inbox", "00003.eml"))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.Open(t.Context(), "file://"+t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	tempDir := t.TempDir()
	m, err := mailparse.ParseMessage(t.Context(), bytes.NewReader(raw), &blobSink{blobs: blobs, tempDir: tempDir}, mailparse.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var pdf []byte
	for _, p := range m.Parts {
		if p.Filename == "Doc1.pdf" {
			r, err := blobs.Get(t.Context(), blob.ContentKey(p.SHA256))
			if err != nil {
				t.Fatal(err)
			}
			pdf, err = io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if pdf == nil {
		t.Fatal("no Doc1.pdf in 00003.eml")
	}
	whole, err := pdfText(t.Context(), bytes.NewReader(pdf), tempDir, searchTextPages, searchTextLimit)
	if err != nil || !strings.Contains(whole, "AUTHORIZATION TO PROCEED") {
		t.Fatalf("whole text %q, %v", whole, err)
	}
	cut, err := pdfText(t.Context(), bytes.NewReader(pdf), tempDir, searchTextPages, 10)
	if err != nil || cut != whole[:10] {
		t.Fatalf("text cut at 10 bytes: %q, %v; want %q", cut, err, whole[:10])
	}
}
