package mailparse

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// mimeFuzzSeedMessage parses a testdata message for use as a fuzz seed.
func mimeFuzzSeedMessage(f *testing.F, name string) *Message {
	f.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "mime", name))
	if err != nil {
		f.Fatal(err)
	}
	msg, err := ParseMessage(context.Background(), bytes.NewReader(data), nil, ParseOptions{})
	if err != nil {
		f.Fatal(err)
	}
	return msg
}

func FuzzParseMessage(f *testing.F) {
	names, err := filepath.Glob(filepath.Join("testdata", "mime", "*.eml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	opts := ParseOptions{MaxParts: 50, MaxDepth: 3, MaxBodyBytes: 64 << 10, MaxAttachmentBytes: 256 << 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		msg, err := ParseMessage(context.Background(), bytes.NewReader(data), nil, opts)
		if err != nil {
			if !errors.Is(err, ErrNoHeader) {
				t.Fatalf("malformed input must not fail the parse: %v", err)
			}
			return
		}
		mimeCheckInvariants(t, msg, opts, 0)
	})
}

// mimeCheckInvariants checks what consumers of a Message rely on whatever
// the input: valid UTF-8 text, safe non-empty filenames, bounded sizes.
func mimeCheckInvariants(t *testing.T, msg *Message, opts ParseOptions, depth int) {
	t.Helper()
	for _, s := range []string{msg.Subject, msg.TextBody, msg.HTMLBody, msg.From.Name, msg.From.Email, msg.MessageID} {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			t.Fatalf("invalid text %q", s)
		}
	}
	if int64(len(msg.TextBody)) > opts.MaxBodyBytes || int64(len(msg.HTMLBody)) > opts.MaxBodyBytes {
		t.Fatalf("body over the limit: %d/%d bytes", len(msg.TextBody), len(msg.HTMLBody))
	}
	if len(msg.Parts) > opts.MaxParts || len(msg.Warnings) > mimeMaxWarnings+1 {
		t.Fatalf("%d parts, %d warnings", len(msg.Parts), len(msg.Warnings))
	}
	if depth > opts.MaxDepth {
		t.Fatalf("nested deeper than %d", opts.MaxDepth)
	}
	for _, p := range msg.Parts {
		if p.IsBody {
			continue
		}
		if p.Filename == "" || len(p.Filename) > MaxFilenameBytes || !utf8.ValidString(p.Filename) ||
			strings.ContainsAny(p.Filename, "/\\\x00") || strings.HasPrefix(p.Filename, ".") {
			t.Fatalf("unsafe filename %q", p.Filename)
		}
		if p.IsInline && p.IsAttachment {
			t.Fatalf("part %s both inline and attachment", p.Path)
		}
		if p.Size > opts.MaxAttachmentBytes || len(p.SHA256) != 64 {
			t.Fatalf("part %s size %d sha %q", p.Path, p.Size, p.SHA256)
		}
		if p.Nested >= len(msg.Nested) {
			t.Fatalf("part %s in nested message %d of %d", p.Path, p.Nested, len(msg.Nested))
		}
	}
	for i := range msg.Nested {
		mimeCheckInvariants(t, &msg.Nested[i], opts, depth+1)
	}
}
