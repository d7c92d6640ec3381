package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A person chooses the morning digest on its settings page, linked from
// the board, and turns it off again there; the choice is theirs alone.
func TestDigestSettingsPage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := t.Context()
	if board := b.get(t, "/", http.StatusOK); !strings.Contains(board, `href="/settings/digest"`) {
		t.Error("the board does not link to the digest settings")
	}
	other := b.addUser(t, "lee@office.example", "another passphrase")
	checked := `name="digest" value="on" checked`
	if page := b.get(t, "/settings/digest", http.StatusOK); strings.Contains(page, checked) {
		t.Fatal("the digest is on before it was chosen")
	}
	digestOf := func(email string) bool {
		t.Helper()
		u, err := b.db.GetUserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return u.Digest
	}
	if resp, body := b.post(t, "/settings/digest", url.Values{"digest": {"on"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("choose the digest: %d\n%s", resp.StatusCode, body)
	}
	if !digestOf(b.email) || digestOf(other.Email) {
		t.Errorf("digest of %s %v, of %s %v: want on for the one who chose it alone", b.email, digestOf(b.email), other.Email, digestOf(other.Email))
	}
	if page := b.get(t, "/settings/digest?saved=1", http.StatusOK); !strings.Contains(page, checked) || !strings.Contains(page, "You will get the morning digest") {
		t.Errorf("the page does not show the digest on:\n%s", page)
	}
	if resp, _ := b.post(t, "/settings/digest", url.Values{}); resp.StatusCode != http.StatusSeeOther || digestOf(b.email) {
		t.Errorf("turning the digest off: %d, digest still %v", resp.StatusCode, digestOf(b.email))
	}
}
