package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratesTheShippedDemo: generating again writes, byte for byte,
// the demo mailbox that ships (go generate's output, embedded by
// internal/demo): the same messages, in the same files, with the same
// headers, bodies and attachments.
func TestGeneratesTheShippedDemo(t *testing.T) {
	shipped, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if err := generate(); err != nil {
		t.Fatal(err)
	}
	for _, pattern := range []string{"mail/*.eml", "sent/*.eml", "claims.csv"} {
		want, err := filepath.Glob(filepath.Join(shipped, pattern))
		if err != nil || len(want) == 0 {
			t.Fatalf("shipped %s: %d files, %v", pattern, len(want), err)
		}
		got, _ := filepath.Glob(pattern)
		if len(got) != len(want) {
			t.Errorf("%s: generated %d files, %d ship", pattern, len(got), len(want))
		}
		for _, w := range want {
			name, _ := filepath.Rel(shipped, w)
			a, err := os.ReadFile(name)
			if err != nil {
				t.Errorf("%s not generated: %v", name, err)
				continue
			}
			b, err := os.ReadFile(w)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s differs from the shipped one (%d bytes, %d shipped)", name, len(a), len(b))
			}
		}
	}
}
