package web

import (
	"net/http"
	"testing"
)

// TestSettingsLeadsToItsFirstPage opens /settings, which no link names but
// people type: an administrator lands on the users page the navigation's
// Settings link opens, a coordinator on the office's people list, the one
// settings page theirs to keep.
func TestSettingsLeadsToItsFirstPage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.addAdmin(t, "ada@office.example", "correct horse battery")
	b.addUser(t, "cora@office.example", "correct horse battery")
	for _, c := range []struct{ email, want string }{
		{"ada@office.example", "/settings/users"},
		{"cora@office.example", "/settings/people"},
	} {
		client := b.client(t)
		b.login(t, client, c.email, "correct horse battery")
		resp, _ := b.do(t, client, "GET", "/settings", nil, nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != c.want {
			t.Errorf("%s: /settings answers %d to %q, want %s", c.email, resp.StatusCode, resp.Header.Get("Location"), c.want)
			continue
		}
		if resp, _ := b.do(t, client, "GET", c.want, nil, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %s answers %d", c.email, c.want, resp.StatusCode)
		}
	}
}
