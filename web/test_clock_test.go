package web

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"
	"time"
)

// The server dates its cookies by the test's clock, and cookie jars judge
// them by the real one: a session begun on a clock a week behind would
// arrive expired. The tests' clients keep them by the test's clock instead,
// and the server, by that clock, decides when they end.

// testClockJar is a cookie jar that judges the server's cookies by the
// test's clock.
type testClockJar struct {
	*cookiejar.Jar
	clock *testClock
}

func (j testClockJar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	kept := make([]*http.Cookie, len(cookies))
	for i, c := range cookies {
		kept[i] = undated(c, j.clock.Now())
	}
	j.Jar.SetCookies(u, kept)
}

// undated returns c as a cookie for the browser's session when its expiry
// date is after now, so that only the server ends it; a cookie expired by
// now deletes as it would. A Max-Age counts from arrival, by any clock, and
// is kept; c itself is returned when nothing changes.
func undated(c *http.Cookie, now time.Time) *http.Cookie {
	if c.MaxAge != 0 || c.Expires.IsZero() {
		return c
	}
	u := *c
	u.Expires, u.RawExpires = time.Time{}, ""
	if !c.Expires.After(now) {
		u.MaxAge = -1
	}
	return &u
}

// longAgo is a test clock far behind the real one, as every pinned date
// becomes in time.
var longAgo = time.Date(2020, time.March, 2, 12, 0, 0, 0, time.UTC)

// TestSignedInOnAClockLongAgo: a test's client stays signed in however far
// its clock is behind the real one, and its session still ends by the
// test's clock.
func TestSignedInOnAClockLongAgo(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, longAgo)
	b.get(t, "/claims", http.StatusOK)

	b.clock.Advance(7 * 24 * time.Hour)
	if resp, _ := b.do(t, b.c, "GET", "/claims", nil, nil); !isLoginRedirect(resp) {
		t.Fatalf("a week later: %d, want a redirect to sign in", resp.StatusCode)
	}
	u, _ := url.Parse(b.ts.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == sessionCookie {
			t.Error("the ended session's cookie, cleared by the server, is still kept")
		}
	}
}
