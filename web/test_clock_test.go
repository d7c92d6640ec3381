package web

import (
	"context"
	"iter"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The server dates its cookies by the test's clock, and cookie jars and
// Chromium judge them by the real one: a session begun on a clock a week
// behind would arrive expired. The tests' clients and Chromium keep them by
// the test's clock instead, and the server, by that clock, decides when
// they end.

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

// signInAnswers starts to gather the headers of the server's answers as
// received, Set-Cookie included; stop ends it.
func (br *browser) signInAnswers() (answers iter.Seq2[network.EventResponseReceivedExtraInfo, error], stop func()) {
	ctx, cancel := context.WithTimeout(br.ctx, 30*time.Second)
	return chromedp.Events(ctx, network.ResponseReceivedExtraInfo), cancel
}

// keepSignInCookies waits in answers for the one that signs in, and sets
// the cookies it dates again in Chromium as the test's client keeps them.
func (br *browser) keepSignInCookies(answers iter.Seq2[network.EventResponseReceivedExtraInfo, error]) {
	br.t.Helper()
	for ev, err := range answers {
		if err != nil {
			br.t.Fatalf("wait for the answer that signs in: %v", err)
		}
		cookies := setCookies(ev.Headers)
		if !slices.ContainsFunc(cookies, func(c *http.Cookie) bool { return c.Name == sessionCookie }) {
			continue
		}
		now := br.b.clock.Now()
		for _, c := range cookies {
			// Only a date is misjudged; the rest Chromium kept or
			// deleted as the server meant.
			if u := undated(c, now); u != c && u.MaxAge == 0 {
				br.step("keep the cookie "+c.Name, setCookie(br.b.ts.URL, u))
			}
		}
		return
	}
}

// setCookies reads the cookies of an answer's headers as received, where
// several Set-Cookie lines are joined with newlines.
func setCookies(headers network.Headers) []*http.Cookie {
	var cookies []*http.Cookie
	for name, v := range headers {
		lines, ok := v.(string)
		if !ok || !strings.EqualFold(name, "Set-Cookie") {
			continue
		}
		for line := range strings.SplitSeq(lines, "\n") {
			if c, err := http.ParseSetCookie(line); err == nil {
				cookies = append(cookies, c)
			}
		}
	}
	return cookies
}

var cdpSameSite = map[http.SameSite]network.CookieSameSite{
	http.SameSiteLaxMode: network.CookieSameSiteLax, http.SameSiteStrictMode: network.CookieSameSiteStrict,
	http.SameSiteNoneMode: network.CookieSameSiteNone,
}

// setCookie sets c in Chromium as if the server at origin had set it.
func setCookie(origin string, c *http.Cookie) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: origin,
			Domain: c.Domain, Path: c.Path, Secure: &c.Secure, HTTPOnly: &c.HttpOnly, SameSite: cdpSameSite[c.SameSite]})
		return err
	})
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

// TestBrowserSignedInOnAClockLongAgo: Chromium signs in and stays signed in
// however far the test's clock is behind the real one.
func TestBrowserSignedInOnAClockLongAgo(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, longAgo)
	br := newBrowser(t, b)
	if h1 := eval[string](br, `document.querySelector("h1").textContent`); h1 != "SLA board" {
		t.Errorf("board heading %q", h1)
	}
	br.step("open the claims",
		chromedp.Navigate(b.ts.URL+"/claims"),
		chromedp.WaitVisible(chromedp.CSS(`form.signout button`)))
	if h1 := eval[string](br, `document.querySelector("h1").textContent`); h1 != "Claims" {
		t.Errorf("claims page heading %q", h1)
	}
}
