package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/ocr"
)

// TestClassifyHeldOut classifies a third office's mailbox that the rules
// were never tuned on (testdata/heldout, written by gen/ there): Tacoma
// carriers and TPAs with their own claim-number formats (53-8B21-4T60,
// CLM-2026-004512, H-55190273, 3008124577-1-1, Sedgwick and Crawford),
// job numbers like WTR-260412, iPhone HEIC photos, scanner-named PDFs, an
// Outlook TNEF winmail.dat, quoted-printable and base64 bodies, Spanish and
// Vietnamese homeowners, and near misses that must stay unfiled. A misfiled
// message is worse than one left to a person: precision must be 100%.
func TestClassifyHeldOut(t *testing.T) {
	dir := filepath.Join("testdata", "heldout")
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	corpus := &testenv.Corpus{Dir: dir}
	if err := json.Unmarshal(b, &corpus.Truth); err != nil {
		t.Fatal(err)
	}
	if !ocr.Available(ocr.PDF) {
		if testenv.InCI() {
			t.Fatal("tesseract not installed: scripts/test installs it")
		}
		// The scans and photographed forms need OCR: judge the rest.
		var labels struct {
			Messages []struct {
				File string `json:"file"`
				OCR  bool   `json:"ocr"`
			} `json:"messages"`
		}
		if err := json.Unmarshal(b, &labels); err != nil {
			t.Fatal(err)
		}
		needsOCR := map[string]bool{}
		for _, m := range labels.Messages {
			needsOCR[m.File] = m.OCR
		}
		kept := corpus.Truth.Messages[:0]
		for _, m := range corpus.Truth.Messages {
			if !needsOCR[m.File] {
				kept = append(kept, m)
			}
		}
		t.Logf("tesseract not installed: %d messages that need OCR left out", len(corpus.Truth.Messages)-len(kept))
		corpus.Truth.Messages = kept
	}
	s := scoreCorpus(t, corpus, "--job-pattern", "CODE-YYNNNN")
	if s.precision < 1 || s.nullFiled != 0 {
		t.Errorf("precision %.4f, %d filed with no expected claim: every filed message must be filed right", s.precision, s.nullFiled)
	}
	// Reached: recall 42/43 (a surname with a street but no house number
	// waits for a person, as the demo office wants it), document types all
	// (the signed ATR inside Outlook's winmail.dat included), needs_ack all.
	if s.recall < 0.97 {
		t.Errorf("recall %.4f < 0.97", s.recall)
	}
	if s.docAcc < 1 {
		t.Errorf("document type accuracy %.4f < 1", s.docAcc)
	}
	if s.ackAcc < 0.98 {
		t.Errorf("needs_ack accuracy %.4f < 0.98", s.ackAcc)
	}
}
