package stamp

import (
	"bytes"
	"testing"
)

// TestStampWritesPlainCrossReferenceTable checks that the stamped copy is
// written without object streams, which cost a compressor each, and still
// has every page.
func TestStampWritesPlainCrossReferenceTable(t *testing.T) {
	t.Parallel()
	out := stampBytes(t, makePDF(t, 3), received("26-1031-WTR"))
	if bytes.Contains(out, []byte("/ObjStm")) || bytes.Contains(out, []byte("/XRef")) {
		t.Error("stamped copy packs objects into compressed streams")
	}
	if !bytes.Contains(out, []byte("\nxref")) {
		t.Error("stamped copy has no cross-reference table")
	}
	if n, err := PageCount(bytes.NewReader(out)); err != nil || n != 3 {
		t.Errorf("stamped copy has %d pages (%v), want 3", n, err)
	}
}
