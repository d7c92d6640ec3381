package testenv

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// Corpus is the labelled sample mailbox in ../shared/corpus/dev: test data
// beside the repository, not part of the product.
type Corpus struct {
	Dir   string
	Truth CorpusTruth
}

// CorpusTruth is the corpus' truth.json.
type CorpusTruth struct {
	Office   string          `json:"office"`
	Claims   []CorpusClaim   `json:"claims"`
	Messages []CorpusMessage `json:"messages"`
	Extra    map[string]any  `json:"-"`
}

// CorpusClaim is one claim the corpus knows.
type CorpusClaim struct {
	JobNumber     string `json:"job_number"`
	ClaimNumber   string `json:"claim_number"`
	Carrier       string `json:"carrier"`
	PolicyNumber  string `json:"policy_number"`
	InsuredName   string `json:"insured_name"`
	LossAddress   string `json:"loss_address"`
	LossType      string `json:"loss_type"`
	AdjusterName  string `json:"adjuster_name"`
	AdjusterEmail string `json:"adjuster_email"`
	Source        string `json:"source"`
}

// CorpusMessage is one labelled message of the inbox.
type CorpusMessage struct {
	File          string             `json:"file"`
	MessageID     string             `json:"message_id"`
	InternalDate  time.Time          `json:"internal_date"`
	Subject       string             `json:"subject"`
	Kind          string             `json:"kind"`
	ExpectClaim   *string            `json:"expect_claim"`
	ClaimOptional bool               `json:"claim_optional"`
	NeedsAck      bool               `json:"needs_ack"`
	AckAt         *time.Time         `json:"ack_at"` // when the office's reply acknowledged it; nil when none did
	Attachments   []CorpusAttachment `json:"attachments"`
	// Requests are the document types the message asks the office for.
	Requests []string `json:"requests"`
}

// CorpusAttachment is one labelled attachment.
type CorpusAttachment struct {
	Filename string `json:"filename"`
	DocType  string `json:"doc_type"`
}

// DevCorpus loads ../shared/corpus/dev. Outside CI its absence skips the
// test; in CI it fails it.
func DevCorpus(t testing.TB) *Corpus {
	t.Helper()
	return loadCorpus(t, "dev", os.Getenv("CLAIMDESK_CORPUS_DIR"))
}

// WildCorpus loads ../shared/corpus/wild: the same kind of mail with scans,
// phone photos of forms and streets spelled out, which need OCR. Outside CI
// its absence skips the test; in CI it fails it.
func WildCorpus(t testing.TB) *Corpus {
	t.Helper()
	return loadCorpus(t, "wild", "")
}

// loadCorpus loads the corpus named name beside the repository, or the one
// in dir when set.
func loadCorpus(t testing.TB, name, dir string) *Corpus {
	t.Helper()
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus", name)
	}
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		msg := "sample corpus not found (expected ../shared/corpus/" + name + " beside the repository, or CLAIMDESK_CORPUS_DIR): " + err.Error()
		if InCI() {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	c := &Corpus{Dir: dir}
	if err := json.Unmarshal(b, &c.Truth); err != nil {
		t.Fatalf("corpus truth.json: %v", err)
	}
	return c
}

// Inbox returns the corpus inbox as messages to append, in arrival order,
// with their internal dates.
func (c *Corpus) Inbox(t testing.TB) []AppendMessage {
	t.Helper()
	var out []AppendMessage
	for _, m := range c.Truth.Messages {
		raw, err := os.ReadFile(filepath.Join(c.Dir, "inbox", m.File))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, AppendMessage{Raw: raw, InternalDate: m.InternalDate})
	}
	return out
}
