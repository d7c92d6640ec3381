package mailparse

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/hostile"
)

// TestParseMessageHostileSet parses every message of the hostile mail set:
// none is an error, and what each must yield is checked where the set
// broke the parser before.
func TestParseMessageHostileSet(t *testing.T) {
	t.Parallel()
	set, err := hostile.Set(filepath.Join("..", "testdata", "hostile"))
	if err != nil {
		t.Fatal(err)
	}
	parsed := map[string]*Message{}
	for _, m := range set {
		msg, err := ParseMessage(context.Background(), m.Open(), nil, ParseOptions{})
		if err != nil {
			t.Errorf("%s: %v", m.Name, err)
			continue
		}
		parsed[m.Name] = msg
	}
	if len(parsed) < 20 {
		t.Fatalf("only %d messages in the set", len(parsed))
	}

	// Identifiers and addresses too long for any mail system are dropped
	// (they could not be stored: index entries have a size limit), and said.
	ids := parsed["overlong-ids.eml"]
	if ids.MessageID != "" || ids.InReplyTo != "" || ids.From.Email != "" || ids.From.Name != "Marcus Bell" {
		t.Errorf("overlong ids kept: Message-ID %d bytes, In-Reply-To %d, From %+.40v", len(ids.MessageID), len(ids.InReplyTo), ids.From)
	}
	if len(ids.References) != 2000 || slices.ContainsFunc(ids.References, func(r string) bool { return len(r) > mimeMaxMsgIDBytes }) {
		t.Errorf("%d references kept, want the 2000 of normal length", len(ids.References))
	}
	env := ReadEnvelope(set[slices.IndexFunc(set, func(m hostile.Message) bool { return m.Name == "overlong-ids.eml" })].Open())
	if env.MessageID != "" || env.InReplyTo != "" || env.FromAddr != "" {
		t.Errorf("the envelope keeps overlong identifiers: %d, %d, %d bytes", len(env.MessageID), len(env.InReplyTo), len(env.FromAddr))
	}
	wantWarnings(t, ids, "Message-ID identifier longer than 998 bytes ignored", "From address longer than 254 bytes ignored")

	// A word in an unknown charset keeps its bytes instead of hiding the
	// whole subject, claim number included.
	if s := parsed["invalid-charsets.eml"].Subject; s != "Claim 0683449786" {
		t.Errorf("unknown-charset subject decoded as %q", s)
	}
	if s := parsed["encoded-words.eml"].Subject; !strings.HasPrefix(s, "Claim 0683449786 ") || !strings.Contains(s, "Schadensfäll") {
		t.Errorf("subject of broken encoded words: %.120q", s)
	}

	wantWarnings(t, parsed["header-1mb.eml"], "header line longer than 65536 bytes; the rest of the line was skipped")
	wantWarnings(t, parsed["parts-10000.eml"], "more than 1000 MIME parts")
	if got := len(parsed["parts-10000.eml"].Parts); got != DefaultMaxParts-1 {
		t.Errorf("parts-10000: %d parts parsed, want %d", got, DefaultMaxParts-1)
	}
}

func wantWarnings(t *testing.T, m *Message, want ...string) {
	t.Helper()
	all := strings.Join(m.Warnings, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("warning %q missing from:\n%s", w, all)
		}
	}
}

func TestDecodeHeaderTextUnknownCharset(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"=?x-klingon?Q?Claim_0683449786?=":                      "Claim 0683449786",
		"=?x-unknown?B?Q2xhaW0=?= =?iso-8859-1?q?f=FCr?=":       "Claimfür",
		"=?x-unknown?Q?caf=C3=A9?=":                             "café", // UTF-8 bytes in a wrong label
		"=?x-unknown?Q?caf=E9?=":                                "café", // Latin-1 bytes in a wrong label
		"=?utf-8?b?!!!?= plain":                                 "=?utf-8?b?!!!?= plain",
		"=?windows-1252?q?=93quoted=94?= =?utf-8?q?=E2=9C=93?=": "“quoted”✓",
	} {
		if got := decodeHeaderText(in); got != want {
			t.Errorf("decodeHeaderText(%q) = %q, want %q", in, got, want)
		}
	}
}
