package web

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestBrowserReadOnlyPagesFitAPhone opens the board and a claim page as a
// read-only member at a phone's width and a desktop's: they show the
// claim and its mail without a form to change them, say once that the
// member reads only, and need no sideways scrolling. With
// CLAIMDESK_SCREENSHOTS set to a directory, it saves screenshots there.
func TestBrowserReadOnlyPagesFitAPhone(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	main := b.seedThings(t, "kestrel", "26-0001-KST")
	rita := b.addUser(t, "rita@office.example", "correct horse battery")
	if err := b.db.SetOfficeRole(ctx, rita.ID, storage.DefaultOfficeID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, &pageBundle{office: b.office, email: rita.Email})
	for _, v := range []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		br.emulate(v)
		for _, p := range []struct{ name, path string }{{"board", "/"}, {"claim", fmt.Sprintf("/claims/%d", main.claim)}} {
			br.openSettled(p.path)
			if n := eval[int](br, `document.querySelectorAll('main form[method="post"]').length`); n != 0 {
				t.Errorf("%s at %s width shows a read-only member %d forms", p.path, v.name, n)
			}
			if !eval[bool](br, `!!document.querySelector('#read-only-note') && document.querySelector('#read-only-note').offsetHeight > 0`) {
				t.Errorf("%s at %s width does not say the member reads only", p.path, v.name)
			}
			if over := br.overflow(v); over > 0 {
				t.Errorf("%s at %s width is %v px too wide", p.path, v.name, over)
			}
			br.screenshot(dir, "read-only-"+v.name+"-"+p.name)
		}
	}
}
