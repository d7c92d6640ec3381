package mailparse

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// mimeCorpusDir returns the labelled dev mailbox, skipping the test when it
// is absent on a developer's machine and failing it in CI.
func mimeCorpusDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("CLAIMDESK_DEV_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus", "dev")
	}
	if _, err := os.Stat(filepath.Join(dir, "truth.json")); err != nil {
		msg := fmt.Sprintf("dev corpus not found at %s (set CLAIMDESK_DEV_CORPUS): %v", dir, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

type mimeTruth struct {
	Messages []struct {
		File        string `json:"file"`
		MessageID   string `json:"message_id"`
		Subject     string `json:"subject"`
		Kind        string `json:"kind"`
		Attachments []struct {
			Filename string `json:"filename"`
			DocType  string `json:"doc_type"`
		} `json:"attachments"`
	} `json:"messages"`
}

func TestParseMessageCorpus(t *testing.T) {
	dir := mimeCorpusDir(t)
	raw, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth mimeTruth
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatal(err)
	}

	var files, attachments, inline, matchedFiles, matchedAttachments, matchedInline int
	for _, tm := range truth.Messages {
		f, err := os.Open(filepath.Join(dir, "inbox", tm.File))
		if err != nil {
			t.Errorf("%s: %v", tm.File, err)
			continue
		}
		msg, err := ParseMessage(context.Background(), f, nil, ParseOptions{})
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", tm.File, err)
			continue
		}
		files++
		var wantAtt, wantInline []string
		for _, a := range tm.Attachments {
			if a.DocType == "inline" {
				wantInline = append(wantInline, a.Filename)
			} else {
				wantAtt = append(wantAtt, a.Filename)
			}
		}
		var gotAtt, gotInline []string
		for _, p := range msg.Parts {
			switch {
			case p.IsAttachment:
				gotAtt = append(gotAtt, p.Filename)
			case p.IsInline:
				gotInline = append(gotInline, p.Filename)
			}
		}
		attachments += len(wantAtt)
		inline += len(wantInline)
		matchedAttachments += mimeCountCommon(wantAtt, gotAtt)
		matchedInline += mimeCountCommon(wantInline, gotInline)
		ok := mimeSameMultiset(wantAtt, gotAtt) && mimeSameMultiset(wantInline, gotInline)
		if ok {
			matchedFiles++
		} else {
			t.Errorf("%s (%s): attachments got %q want %q; inline got %q want %q",
				tm.File, tm.Kind, gotAtt, wantAtt, gotInline, wantInline)
		}
		if msg.MessageID != tm.MessageID {
			t.Errorf("%s: Message-ID %q, want %q", tm.File, msg.MessageID, tm.MessageID)
		}
		if msg.Subject != tm.Subject {
			t.Errorf("%s: Subject %q, want %q", tm.File, msg.Subject, tm.Subject)
		}
		if msg.Date.IsZero() {
			t.Errorf("%s: no Date", tm.File)
		}
		if len(msg.Warnings) > 0 {
			t.Errorf("%s: unexpected warnings %q", tm.File, msg.Warnings)
		}
		switch tm.Kind {
		case "fwd_inline":
			if len(msg.Forwards) == 0 || msg.Forwards[0].From.Email == "" || msg.Forwards[0].Date.IsZero() {
				t.Errorf("%s: inline forward not unwrapped: %+v", tm.File, msg.Forwards)
			}
		case "fwd_rfc822":
			if len(msg.Nested) != 1 || msg.Nested[0].From.Email == "" {
				t.Errorf("%s: nested message not parsed: %+v", tm.File, msg.Nested)
			}
		}
	}
	t.Logf("inbox: %d/%d messages with matching attachments; attachments %d/%d; inline %d/%d",
		matchedFiles, files, matchedAttachments, attachments, matchedInline, inline)

	sent, err := filepath.Glob(filepath.Join(dir, "sent", "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sent {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := ParseMessage(context.Background(), f, nil, ParseOptions{})
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if msg.MessageID == "" || msg.InReplyTo == "" || len(msg.Warnings) > 0 {
			t.Errorf("%s: Message-ID %q In-Reply-To %q warnings %q", name, msg.MessageID, msg.InReplyTo, msg.Warnings)
		}
	}
	t.Logf("sent: %d messages parsed", len(sent))
}

func mimeSameMultiset(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// mimeCountCommon counts the elements a and b share, as multisets.
func mimeCountCommon(a, b []string) int {
	left := map[string]int{}
	for _, s := range b {
		left[s]++
	}
	n := 0
	for _, s := range a {
		if left[s] > 0 {
			left[s]--
			n++
		}
	}
	return n
}

// BenchmarkParseMessage parses every message of the dev corpus.
func BenchmarkParseMessage(b *testing.B) {
	dir := mimeCorpusDir(b)
	var msgs [][]byte
	var total int64
	for _, sub := range []string{"inbox", "sent"} {
		names, _ := filepath.Glob(filepath.Join(dir, sub, "*.eml"))
		for _, n := range names {
			data, err := os.ReadFile(n)
			if err != nil {
				b.Fatal(err)
			}
			msgs = append(msgs, data)
			total += int64(len(data))
		}
	}
	b.SetBytes(total)
	b.ReportAllocs()
	ctx := context.Background()
	for b.Loop() {
		for _, data := range msgs {
			if _, err := ParseMessage(ctx, bytes.NewReader(data), nil, ParseOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(msgs)), "ns/msg")
}
