package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// benchCorpusMissing opens the message with which the benchmarks that need
// the labelled corpus decline to run: bench/run finds it in go test's
// output and puts it in the table instead of a ratio that would mean
// nothing (plain text mail files nothing and classifies in no time).
const benchCorpusMissing = "bench corpus missing"

// benchCorpusLabel opens the line a benchmark logs to name the corpus its
// mailbox was made of; bench/run names it in the table.
const benchCorpusLabel = "bench corpus:"

// benchCorpusDir is where the benchmarks read the labelled dev corpus:
// CLAIMDESK_CORPUS_DIR, else ../shared/corpus/dev beside the repository
// (relative to this package's directory, where go test runs).
func benchCorpusDir() string {
	if d := os.Getenv(benchCorpusEnv); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "corpus", "dev")
}

// loadBenchCorpus reads the labelled corpus in dir: its inbox (the
// messages the benchmark mailbox repeats), claims.csv (the claims the
// office knows before the mail comes) and truth.json (the office's
// address, so that its own mail is told apart). Without any of the three
// the mailbox would not file as an office's does, so none is optional: the
// error names the directory and how to provide it.
func loadBenchCorpus(dir string) (*benchMailbox, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus directory: %w", err)
	}
	missing := func(what string, err error) error {
		return fmt.Errorf("%s: %s in %s (%w): the backfill and latency figures are only meaningful on an office's labelled mail. "+
			"Put the dev corpus (inbox/*.eml, claims.csv, truth.json; DESIGN.md, Sample data) at ../shared/corpus/dev beside the repository, "+
			"or set %s to a copy", benchCorpusMissing, what, abs, err, benchCorpusEnv)
	}
	files, err := filepath.Glob(filepath.Join(dir, "inbox", "*.eml"))
	if err == nil && len(files) == 0 {
		err = fs.ErrNotExist
	}
	if err != nil {
		return nil, missing("no inbox/*.eml", err)
	}
	slices.Sort(files)
	m := &benchMailbox{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("corpus message: %w", err)
		}
		m.templates = append(m.templates, raw)
	}
	f, err := os.Open(filepath.Join(dir, "claims.csv"))
	if err != nil {
		return nil, missing("no claims.csv", err)
	}
	rows, errs := storage.ReadClaimsCSV(f)
	f.Close()
	if len(errs) > 0 {
		return nil, fmt.Errorf("corpus claims.csv: %w", errors.Join(errs...))
	}
	m.claims = rows
	raw, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		return nil, missing("no truth.json", err)
	}
	var truth struct {
		Office string `json:"office"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		return nil, fmt.Errorf("corpus truth.json: %w", err)
	}
	_, m.officeDomain, _ = strings.Cut(truth.Office, "@")
	m.source = fmt.Sprintf("%s (%s): %d messages, %d claims known beforehand", filepath.Base(abs), abs, len(m.templates), len(m.claims))
	return m, nil
}

// newBenchMailbox is the mailbox of the ingest benchmarks, made of the dev
// corpus. Without the corpus the benchmark declines to run (a failure in
// CI), rather than timing mail that is nothing like an office's.
func newBenchMailbox(b *testing.B) *benchMailbox {
	b.Helper()
	m, err := loadBenchCorpus(benchCorpusDir())
	if err != nil {
		if testenv.InCI() {
			b.Fatal(err)
		}
		b.Skip(err)
	}
	b.Logf("%s %s", benchCorpusLabel, m.source)
	return m
}

// TestBenchCorpusRefusedWithoutIt: a directory lacking any part of the
// labelled corpus gives no benchmark mailbox, and the reason names the
// directory, the part missing and how to provide the corpus, so that
// bench/run can show it instead of a ratio measured on other mail.
func TestBenchCorpusRefusedWithoutIt(t *testing.T) {
	t.Parallel()
	write := func(t *testing.T, dir, name, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const eml = "From: a@carrier.example\r\nSubject: Claim 0683449786\r\nMessage-ID: <c1@carrier.example>\r\n\r\nhi\r\n"
	const csv = "job_number,claim_number\n26-1001-WTR,0683449786\n"
	const truth = `{"office": "claims@office.example"}`
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no directory", nil, "no inbox/*.eml"},
		{"no messages", map[string]string{"claims.csv": csv, "truth.json": truth}, "no inbox/*.eml"},
		{"no claims", map[string]string{"inbox/00001.eml": eml, "truth.json": truth}, "no claims.csv"},
		{"no truth", map[string]string{"inbox/00001.eml": eml, "claims.csv": csv}, "no truth.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "dev")
			for name, body := range tc.files {
				write(t, dir, name, body)
			}
			m, err := loadBenchCorpus(dir)
			if err == nil {
				t.Fatalf("loaded a mailbox of %d messages from %s, want a refusal", len(m.templates), dir)
			}
			for _, part := range []string{benchCorpusMissing, tc.want, dir, "../shared/corpus/dev", benchCorpusEnv} {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("refusal %q does not say %q", err, part)
				}
			}
		})
	}
	t.Run("complete", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "dev")
		write(t, dir, "inbox/00001.eml", eml)
		write(t, dir, "claims.csv", csv)
		write(t, dir, "truth.json", truth)
		m, err := loadBenchCorpus(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.templates) != 1 || len(m.claims) != 1 || m.officeDomain != "office.example" {
			t.Fatalf("got %d messages, %d claims, office %q; want 1, 1, office.example", len(m.templates), len(m.claims), m.officeDomain)
		}
		if want := "dev (" + dir + "): 1 messages, 1 claims known beforehand"; m.source != want {
			t.Errorf("source %q, want %q", m.source, want)
		}
		// Every message of the mailbox but the large attachments is
		// the corpus' under a Message-ID of its own.
		got := string(m.message(0))
		if !strings.Contains(got, "Message-ID: <bench-0@claimdesk.bench>") || strings.Contains(got, "c1@carrier.example") || !strings.Contains(got, "Claim 0683449786") {
			t.Errorf("message 0 is not the corpus message under a fresh Message-ID:\n%s", got)
		}
	})
}
