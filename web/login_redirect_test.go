package web

import (
	"net/http"
	"net/url"
	"testing"
)

// hostileNexts are sign-in targets a browser would take off the site:
// browsers drop tabs and newlines from URLs and read a backslash as a
// slash, so each of these is //evil.example to one of them.
var hostileNexts = []string{
	"/\t/evil.example/x", "/\n/evil.example/x", "/\r/evil.example/x", "/ /evil.example/x",
	"/\v/evil.example/x", "/\f/evil.example/x", "/\u00a0/evil.example/x", "/\u2028/evil.example/x",
	"/\x00/evil.example", "/\x7f/evil.example", "/\u200b/evil.example", "\t//evil.example",
	"/\\evil.example", "\\/evil.example", "/\\/evil.example", "//evil.example/", "///evil.example",
	"/%2F/evil.example", "/%5Cevil.example", "/%09/evil.example/x", "/%0a/evil.example",
	"https://evil.example", "https:/evil.example", "/x\\@evil.example", "/\xff/evil.example",
}

func TestSafeNextRefusesEveryWayOffTheSite(t *testing.T) {
	t.Parallel()
	for _, next := range hostileNexts {
		if got := safeNext(next); got != "/" {
			t.Errorf("safeNext(%q) = %q, want /", next, got)
		}
	}
	for next, want := range map[string]string{
		"/claims/12":                  "/claims/12",
		"/search?q=water%20damage":    "/search?q=water%20damage",
		"/messages?status=triage#top": "/messages?status=triage#top",
		"/claims/26-1001-WTR%2Fx":     "/claims/26-1001-WTR%2Fx",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

func TestSignInRedirectsStayOnTheSite(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addUser(t, "dana@office.example", "correct horse battery")
	signedIn := b.client(t)
	b.login(t, signedIn, "dana@office.example", "correct horse battery")

	for _, next := range hostileNexts {
		// Signed in, the sign-in page sends the browser on at once.
		resp, _ := b.do(t, signedIn, "GET", "/login?next="+url.QueryEscape(next), nil, nil)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("GET /login?next=%q signed in: %d to %q, want /", next, resp.StatusCode, loc)
		}
		// And after the form is posted.
		c := b.client(t)
		token := b.formToken(t, c, "/login")
		resp, _ = b.do(t, c, "POST", "/login", url.Values{"csrf_token": {token}, "email": {"dana@office.example"},
			"password": {"correct horse battery"}, "next": {next}}, nil)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("POST /login with next %q: %d to %q, want /", next, resp.StatusCode, loc)
		}
	}
	// The issue's own example, as a browser sends it.
	resp, _ := b.do(t, signedIn, "GET", "/login?next=/%09/evil.example/x", nil, nil)
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Errorf("GET /login?next=/%%09/evil.example/x: to %q, want /", loc)
	}
	resp, _ = b.do(t, signedIn, "GET", "/login?next="+url.QueryEscape("/claims?status=all"), nil, nil)
	if loc := resp.Header.Get("Location"); loc != "/claims?status=all" {
		t.Errorf("a path of the site: to %q", loc)
	}
}
