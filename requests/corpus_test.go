//go:build corpus

// The corpus measurement reads the request of every message that needs an
// acknowledgment in the labelled sample mailbox and compares its document
// types with the labels (truth.json "requests"). Run with:
//
//	go test -tags corpus -run TestCorpus -v ./requests/
//
// CLAIMDESK_CORPUS overrides the corpus directory.
package requests

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/mailparse"
)

func TestCorpus(t *testing.T) {
	dir := cmpOr(os.Getenv("CLAIMDESK_CORPUS"), filepath.Join("..", "..", "shared", "corpus", "dev"))
	raw, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Skipf("no corpus: %v", err)
	}
	var truth struct {
		Messages []struct {
			File     string   `json:"file"`
			NeedsAck bool     `json:"needs_ack"`
			Requests []string `json:"requests"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatal(err)
	}
	var labelled, found, falsePos, extraTypes int
	for _, m := range truth.Messages {
		if !m.NeedsAck {
			continue
		}
		f, err := os.Open(filepath.Join(dir, "inbox", m.File))
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := mailparse.ParseMessage(context.Background(), f, nil, mailparse.ParseOptions{})
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", m.File, err)
		}
		req, ok := Extract(parsed.Subject, parsed.PlainText(), time.Now(), nil)
		got := req.DocTypes
		want := slices.Clone(m.Requests)
		slices.Sort(want)
		switch {
		case len(want) > 0:
			labelled++
			if ok && slices.Equal(got, want) {
				found++
			} else {
				t.Logf("%s: want %v, got %v (%q)", m.File, want, got, req.Text)
			}
			for _, g := range got {
				if !slices.Contains(want, g) {
					extraTypes++
				}
			}
		case len(got) > 0:
			falsePos++
			t.Logf("%s: unlabelled, got %v (%q)", m.File, got, req.Text)
		}
	}
	t.Logf("requests found with their types: %d/%d; false positives: %d messages, %d extra types", found, labelled, falsePos, extraTypes)
	if labelled > 0 && found*10 < labelled*9 {
		t.Errorf("found %d of %d labelled requests, want at least 90%%", found, labelled)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
