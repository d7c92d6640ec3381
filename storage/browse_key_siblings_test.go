package storage_test

import (
	"fmt"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowseKeyUnderManySiblings files one name many times into a claim
// whose folder holds names that sort among its siblings in one collation
// and not in another: every document takes the first name free, a retired
// key is skipped while retired and taken again once released, and names
// that only share the beginning never count as taken.
func TestBrowseKeyUnderManySiblings(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	m := b.message(t)
	const dir = "offices/main/claims/26-1001-WTR/Contracts/2026-11-09_"
	n := 0
	file := func(name string) string {
		t.Helper()
		n++
		d, created := b.file(t, storage.NewDocument{MessageID: m, SHA256: sha(name, n), Filename: name})
		if !created {
			t.Fatalf("%s #%d: not created", name, n)
		}
		return d.BrowseKey
	}
	// Neighbours of "COS" in one collation or another, none of them its
	// numbered siblings.
	for _, name := range []string{"cos.pdf", "cos_2.pdf", "COS_2 signed.pdf", "COSt.pdf", "CO.pdf", "COS-2.pdf", "Façade.pdf"} {
		file(name)
	}
	if _, err := storage.PoolOf(b.db).Exec(ctx, `INSERT INTO retired_browse_keys (key) VALUES ($1), ($2)`,
		dir+"COS_7.pdf", dir+"COS_12.pdf"); err != nil {
		t.Fatal(err)
	}
	want := func(i int) string {
		if i == 1 {
			return dir + "COS.pdf"
		}
		return fmt.Sprintf("%sCOS_%d.pdf", dir, i)
	}
	next := 1
	for range 40 {
		for next == 7 || next == 12 {
			next++
		}
		if got := file("COS.pdf"); got != want(next) {
			t.Fatalf("COS.pdf after %d: %q, want %q", next-1, got, want(next))
		}
		next++
	}
	if _, err := storage.PoolOf(b.db).Exec(ctx, `DELETE FROM retired_browse_keys WHERE key = $1`, dir+"COS_12.pdf"); err != nil {
		t.Fatal(err)
	}
	if got := file("COS.pdf"); got != want(12) {
		t.Errorf("COS.pdf once _12 is released: %q, want %q", got, want(12))
	}
	for i, w := range []string{"Façade_2.pdf", "Façade_3.pdf"} {
		if got := file("Façade.pdf"); got != dir+w {
			t.Errorf("Façade.pdf #%d: %q, want %q", i+2, got, dir+w)
		}
	}
}
