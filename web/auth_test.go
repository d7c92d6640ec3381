package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// requestFor returns a method and a path that reach pattern.
func requestFor(pattern string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = http.MethodGet, pattern
	}
	path = strings.ReplaceAll(path, "{$}", "")
	for strings.Contains(path, "{") {
		i, j := strings.Index(path, "{"), strings.Index(path, "}")
		path = path[:i] + "1" + path[j+1:]
	}
	if strings.HasSuffix(path, "/") && path != "/" {
		path += "no-such-thing"
	}
	return method, path
}

func TestEveryRouteButThePublicOnesNeedsAuth(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// User 1, whom the admin routes act on; the first user is an
	// administrator too.
	b.addUser(t, "spare@office.example", "correct horse battery")
	b.addAdmin(t, "admin@office.example", "correct horse battery")
	b.addUser(t, "coordinator@office.example", "correct horse battery")
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(context.Background(), "test", hash, 0, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	anonymous := b.client(t)

	publicRoutes := map[string]bool{}
	for _, r := range b.srv.routes {
		method, path := requestFor(r.pattern)
		t.Run(r.pattern, func(t *testing.T) {
			resp, body := b.do(t, anonymous, method, path, url.Values{}, nil)
			switch r.access {
			case public:
				publicRoutes[r.pattern] = true
				if resp.StatusCode == http.StatusUnauthorized || isLoginRedirect(resp) {
					t.Errorf("%s %s without credentials: %d %s, want it public", method, path, resp.StatusCode, resp.Header.Get("Location"))
				}
			case admin:
				if !isLoginRedirect(resp) {
					t.Fatalf("%s %s without a session: %d, want a redirect to sign in", method, path, resp.StatusCode)
				}
				coordinator := b.client(t)
				csrf := b.login(t, coordinator, "coordinator@office.example", "correct horse battery")
				if resp, _ = b.do(t, coordinator, method, path, url.Values{"csrf_token": {csrf}}, nil); resp.StatusCode != http.StatusForbidden {
					t.Errorf("%s %s as a coordinator: %d, want 403", method, path, resp.StatusCode)
				}
				administrator := b.client(t)
				csrf = b.login(t, administrator, "admin@office.example", "correct horse battery")
				if resp, _ = b.do(t, administrator, method, path, url.Values{"csrf_token": {csrf}}, nil); resp.StatusCode == http.StatusForbidden || isLoginRedirect(resp) || resp.StatusCode >= 500 {
					t.Errorf("%s %s as an administrator: %d", method, path, resp.StatusCode)
				}
			case page:
				if !isLoginRedirect(resp) {
					t.Fatalf("%s %s without a session: %d, want a redirect to sign in", method, path, resp.StatusCode)
				}
				if method == http.MethodGet && path != "/" {
					if want := "/login?next=" + url.QueryEscape(path); resp.Header.Get("Location") != want {
						t.Errorf("redirect to %q, want %q", resp.Header.Get("Location"), want)
					}
				}
				signedIn := b.client(t)
				csrf := b.login(t, signedIn, "coordinator@office.example", "correct horse battery")
				resp, _ = b.do(t, signedIn, method, path, url.Values{"csrf_token": {csrf}}, nil)
				if (isLoginRedirect(resp) && r.pattern != "POST /logout") || resp.StatusCode >= 500 {
					t.Errorf("%s %s signed in: %d", method, path, resp.StatusCode)
				}
			case api:
				if resp.StatusCode != http.StatusUnauthorized {
					t.Fatalf("%s %s without a token: %d, want 401", method, path, resp.StatusCode)
				}
				var e struct{ Error string }
				if json.Unmarshal([]byte(body), &e) != nil || e.Error == "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
					t.Errorf("401 body %q (%s), want a JSON error", body, resp.Header.Get("Content-Type"))
				}
				resp, _ = b.do(t, anonymous, method, path, nil, http.Header{"Authorization": {"Bearer " + token}})
				if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode >= 500 {
					t.Errorf("%s %s with a token: %d", method, path, resp.StatusCode)
				}
			}
		})
	}
	// Calendar feeds carry their own credential, the token in the address.
	for _, p := range []string{"GET /healthz", "GET /readyz", "GET /metrics", "GET /login", "POST /login", "GET /static/{name}", "GET /calendar/{token}"} {
		if !publicRoutes[p] {
			t.Errorf("%s is not a public route", p)
		}
	}
	if len(publicRoutes) != 7 {
		t.Errorf("public routes %v: only health, metrics, sign-in, assets and calendar feeds may be", publicRoutes)
	}
}

// clearsCookie reports whether resp tells the browser to forget cookie name.
func clearsCookie(resp *http.Response, name string) bool {
	for _, ck := range resp.Cookies() {
		if ck.Name == name && ck.MaxAge < 0 {
			return true
		}
	}
	return false
}

func isLoginRedirect(resp *http.Response) bool {
	return resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/login")
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t)
	for _, path := range []string{"/healthz", "/login", "/", "/api/messages", staticURL("app.css"), "/static/nope.css", "/metrics"} {
		resp, _ := b.do(t, c, "GET", path, nil, nil)
		h := resp.Header
		if h.Get("Content-Security-Policy") != contentSecurityPolicy {
			t.Errorf("%s: Content-Security-Policy %q", path, h.Get("Content-Security-Policy"))
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
}

func TestLoginAndLogout(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addUser(t, "Dana@Office.example", "correct horse battery")
	c := b.client(t)

	resp, _ := b.do(t, c, "GET", "/messages?status=triage", nil, nil)
	if got := resp.Header.Get("Location"); got != "/login?next=%2Fmessages%3Fstatus%3Dtriage" {
		t.Fatalf("redirect to %q", got)
	}
	token := b.formToken(t, c, "/login?next=%2Fmessages%3Fstatus%3Dtriage")
	resp, body := b.do(t, c, "POST", "/login", url.Values{
		"csrf_token": {token}, "email": {"dana@office.EXAMPLE"}, "password": {"correct horse battery"},
		"next": {"/messages?status=triage"},
	}, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/messages?status=triage" {
		t.Fatalf("sign in: %d to %q:\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie {
			session = ck
		}
	}
	if !clearsCookie(resp, officeCookie) {
		t.Errorf("sign in keeps the office chosen before: %v", resp.Header.Values("Set-Cookie"))
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure || len(session.Value) < 40 {
		t.Fatalf("session cookie %+v", session)
	}
	// Browsers keep it for the session's whole life (the tests' clients
	// keep it by the test's clock instead).
	if want := b.clock.Now().Add(7 * 24 * time.Hour).Truncate(time.Second); !session.Expires.Equal(want) {
		t.Errorf("session cookie expires %v, want %v", session.Expires, want)
	}
	var stored int
	if err := b.sql.QueryRow(context.Background(), `SELECT count(*) FROM sessions WHERE token_sha256 = $1`, hashToken(session.Value)).Scan(&stored); err != nil || stored != 1 {
		t.Fatalf("session stored by its hash: %d, %v", stored, err)
	}

	resp, body = b.do(t, c, "GET", "/", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "SLA board") || !strings.Contains(body, "Test Dana@Office.example") {
		t.Fatalf("board: %d\n%s", resp.StatusCode, body)
	}
	// Signed in, the sign-in page sends you on.
	if resp, _ := b.do(t, c, "GET", "/login", nil, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("GET /login signed in: %d", resp.StatusCode)
	}

	csrf := csrfInput.FindStringSubmatch(body)[1]
	resp, _ = b.do(t, c, "POST", "/logout", url.Values{"csrf_token": {csrf}}, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
		t.Fatalf("sign out: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if !clearsCookie(resp, officeCookie) {
		t.Errorf("sign out keeps the office chosen for the next person: %v", resp.Header.Values("Set-Cookie"))
	}
	if resp, _ := b.do(t, c, "GET", "/", nil, nil); !isLoginRedirect(resp) {
		t.Errorf("after sign-out: %d", resp.StatusCode)
	}
	// The old cookie, replayed, is dead too.
	replay := b.client(t)
	u, _ := url.Parse(b.ts.URL)
	replay.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: session.Value}})
	if resp, _ := b.do(t, replay, "GET", "/", nil, nil); !isLoginRedirect(resp) {
		t.Errorf("replayed cookie after sign-out: %d", resp.StatusCode)
	}
}

func TestLoginRefusesWrongPasswordsAndUnknownUsers(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addUser(t, "dana@office.example", "correct horse battery")
	for _, tc := range []struct{ email, password string }{
		{"dana@office.example", "wrong horse battery"},
		{"dana@office.example", ""},
		{"nobody@office.example", "correct horse battery"},
	} {
		c := b.client(t)
		resp, body := b.postLogin(t, c, tc.email, tc.password)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Wrong email or password.") {
			t.Errorf("%s/%q: %d\n%s", tc.email, tc.password, resp.StatusCode, body)
		}
		if resp, _ := b.do(t, c, "GET", "/", nil, nil); !isLoginRedirect(resp) {
			t.Errorf("%s/%q signed in", tc.email, tc.password)
		}
	}
}

func TestLoginRedirectsOnlyWithinTheSite(t *testing.T) {
	t.Parallel()
	for next, want := range map[string]string{
		"/claims?x=1":          "/claims?x=1",
		"":                     "/",
		"//evil.example/":      "/",
		"/\\evil.example":      "/",
		"https://evil.example": "/",
		"/login?next=/":        "/",
		"claims":               "/",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

func TestSessionsExpire(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addUser(t, "dana@office.example", "correct horse battery")
	get := func(c *http.Client) *http.Response {
		resp, _ := b.do(t, c, "GET", "/claims", nil, nil)
		return resp
	}

	t.Run("idle", func(t *testing.T) {
		c := b.client(t)
		b.login(t, c, "dana@office.example", "correct horse battery")
		// In use, a session lives on well past the idle timeout.
		for range 3 {
			b.clock.Advance(11 * time.Hour)
			if resp := get(c); resp.StatusCode != 200 {
				t.Fatalf("after 11 h idle: %d", resp.StatusCode)
			}
		}
		b.clock.Advance(12 * time.Hour)
		if resp := get(c); !isLoginRedirect(resp) {
			t.Fatalf("after 12 h idle: %d, want a redirect to sign in", resp.StatusCode)
		}
	})

	t.Run("absolute", func(t *testing.T) {
		c := b.client(t)
		b.login(t, c, "dana@office.example", "correct horse battery")
		start := b.clock.Now()
		for b.clock.Now().Sub(start) < 7*24*time.Hour-6*time.Hour {
			b.clock.Advance(6 * time.Hour)
			if resp := get(c); resp.StatusCode != 200 {
				t.Fatalf("%v after sign-in: %d", b.clock.Now().Sub(start), resp.StatusCode)
			}
		}
		b.clock.Advance(6 * time.Hour)
		if resp := get(c); !isLoginRedirect(resp) {
			t.Fatalf("%v after sign-in: %d, want a redirect to sign in", b.clock.Now().Sub(start), resp.StatusCode)
		}
	})

	var left int
	if err := b.sql.QueryRow(context.Background(), `SELECT count(*) FROM sessions`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d expired sessions left in the table (%v)", left, err)
	}
}

// loginFrom posts the sign-in form straight to the handler, from addr.
func (b *bundle) loginFrom(t *testing.T, addr, email, password string) *httptest.ResponseRecorder {
	t.Helper()
	const token = "form-token"
	form := url.Values{"csrf_token": {token}, "email": {email}, "password": {password}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: loginCSRFCookie, Value: token})
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	b.srv.Handler().ServeHTTP(rec, req)
	return rec
}

func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	const blocked = "Too many failed sign-in attempts. Try again in 15 minutes."

	t.Run("per account", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.addUser(t, "dana@office.example", "correct horse battery")
		for i := range 10 {
			if rec := b.loginFrom(t, "192.0.2."+strconv.Itoa(i)+":4000", "dana@office.example", "guess"+strconv.Itoa(i)); rec.Code != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i+1, rec.Code)
			}
		}
		// Even the right password, from a fresh address, waits.
		rec := b.loginFrom(t, "198.51.100.1:4000", "DANA@office.example", "correct horse battery")
		if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), blocked) || rec.Header().Get("Retry-After") != "900" {
			t.Fatalf("11th attempt: %d, Retry-After %q\n%s", rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
		}
		b.clock.Advance(15 * time.Minute)
		if rec := b.loginFrom(t, "198.51.100.1:4000", "dana@office.example", "correct horse battery"); rec.Code != http.StatusSeeOther {
			t.Fatalf("after 15 minutes: %d", rec.Code)
		}
	})

	t.Run("per address", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.addUser(t, "dana@office.example", "correct horse battery")
		for i := range 10 {
			if rec := b.loginFrom(t, "203.0.113.9:4000", "user"+strconv.Itoa(i)+"@office.example", "guess"); rec.Code != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i+1, rec.Code)
			}
		}
		if rec := b.loginFrom(t, "203.0.113.9:5000", "dana@office.example", "correct horse battery"); rec.Code != http.StatusTooManyRequests {
			t.Fatalf("11th attempt from the address: %d, want 429", rec.Code)
		}
		if rec := b.loginFrom(t, "203.0.113.10:4000", "dana@office.example", "correct horse battery"); rec.Code != http.StatusSeeOther {
			t.Fatalf("from another address: %d", rec.Code)
		}
	})

	t.Run("sliding window", func(t *testing.T) {
		t.Parallel()
		l := newLoginLimiter(3, time.Minute)
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range 3 {
			if res, _, _ := l.reserve(now.Add(time.Duration(i)*20*time.Second), "k"); res == nil {
				t.Fatalf("attempt %d refused", i+1)
			}
		}
		if res, key, wait := l.reserve(now.Add(50*time.Second), "k"); res != nil || key != "k" || wait != 10*time.Second {
			t.Errorf("reserve = %v, %q, %v; want refused under k for 10s", res, key, wait)
		}
		res, _, _ := l.reserve(now.Add(61*time.Second), "k")
		if res == nil {
			t.Fatal("still refused once the oldest attempt left the window")
		}
		res.refund()
		if res, _, _ := l.reserve(now.Add(62*time.Second), "k"); res == nil {
			t.Error("a refunded place was not given back")
		}
	})

	t.Run("all keys or none", func(t *testing.T) {
		t.Parallel()
		l := newLoginLimiter(1, time.Minute)
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		if res, _, _ := l.reserve(now, "full"); res == nil {
			t.Fatal("first attempt refused")
		}
		if res, key, _ := l.reserve(now, "free", "full"); res != nil || key != "full" {
			t.Fatalf("reserve = %v, %q; want refused under full", res, key)
		}
		if res, _, _ := l.reserve(now, "free"); res == nil {
			t.Error("a refused attempt took a place under its other key")
		}
	})
}

func TestClientKeyGroupsIPv6By64(t *testing.T) {
	t.Parallel()
	if a, b := clientKey("[2001:db8:1:2::1]:443"), clientKey("[2001:db8:1:2:ffff::9]:80"); a != b {
		t.Errorf("%s != %s", a, b)
	}
	if a, b := clientKey("192.0.2.1:1"), clientKey("[::ffff:192.0.2.1]:2"); a != b {
		t.Errorf("%s != %s", a, b)
	}
}

func TestFormsNeedTheirCSRFToken(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addUser(t, "dana@office.example", "correct horse battery")
	c := b.client(t)
	csrf := b.login(t, c, "dana@office.example", "correct horse battery")
	// The same length, one character off.
	wrong := "x" + csrf[1:]
	if wrong == csrf {
		wrong = "y" + csrf[1:]
	}

	for _, tc := range []struct {
		name   string
		form   url.Values
		header http.Header
	}{
		{"no token", url.Values{}, nil},
		{"wrong token", url.Values{"csrf_token": {wrong}}, nil},
		{"another site's page", url.Values{"csrf_token": {csrf}}, http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		{"another origin", url.Values{"csrf_token": {csrf}}, http.Header{"Origin": {"https://evil.example"}}},
	} {
		resp, body := b.do(t, c, "POST", "/logout", tc.form, tc.header)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d, want 403\n%s", tc.name, resp.StatusCode, body)
		}
	}
	if resp, _ := b.do(t, c, "GET", "/", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("a refused sign-out signed out: %d", resp.StatusCode)
	}
	resp, _ := b.do(t, c, "POST", "/logout", url.Values{"csrf_token": {csrf}}, http.Header{"Sec-Fetch-Site": {"same-origin"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out with its token: %d", resp.StatusCode)
	}

	// The sign-in form has its own token, in a cookie and the form.
	b2 := b.client(t)
	resp, body := b.do(t, b2, "POST", "/login", url.Values{"email": {"dana@office.example"}, "password": {"correct horse battery"}}, nil)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "expired") {
		t.Errorf("sign-in without the form's token: %d", resp.StatusCode)
	}
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	token, hash := NewAPIToken()
	if !strings.HasPrefix(token, "cd_") || !looksLikeAPIToken(token) || HashAPIToken(token) != hash {
		t.Fatalf("token %q", token)
	}
	tok, err := b.db.CreateAPIToken(ctx, "reporting", hash, 0, b.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	revokedToken, revokedHash := NewAPIToken()
	revoked, err := b.db.CreateAPIToken(ctx, "old", revokedHash, 0, b.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.RevokeAPIToken(ctx, revoked.ID, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	unknown, _ := NewAPIToken()
	c := b.client(t)
	for _, tc := range []struct {
		name, authz string
		want        int
	}{
		{"valid", "Bearer " + token, 200},
		{"valid, scheme in lower case", "bearer " + token, 200},
		{"revoked", "Bearer " + revokedToken, 401},
		{"unknown", "Bearer " + unknown, 401},
		{"mangled", "Bearer " + token[:len(token)-1], 401},
		{"not a bearer", "Basic " + token, 401},
		{"empty", "Bearer ", 401},
	} {
		resp, body := b.do(t, c, "GET", "/api/messages", nil, http.Header{"Authorization": {tc.authz}})
		if resp.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d: %s", tc.name, resp.StatusCode, tc.want, body)
		}
		if tc.want == 401 && !strings.Contains(body, `"error"`) {
			t.Errorf("%s: body %s", tc.name, body)
		}
	}
	list, err := b.db.ListAPITokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range list {
		switch l.ID {
		case tok.ID:
			if !l.LastUsedAt.Equal(b.clock.Now()) {
				t.Errorf("last used %v, want %v", l.LastUsedAt, b.clock.Now())
			}
		case revoked.ID:
			if !l.LastUsedAt.IsZero() || l.RevokedAt.IsZero() {
				t.Errorf("revoked token: %+v", l)
			}
		}
	}
	// Use within the minute is not written again; later use is.
	b.clock.Advance(30 * time.Second)
	b.do(t, c, "GET", "/api/messages", nil, http.Header{"Authorization": {"Bearer " + token}})
	if got, _ := b.db.UseAPIToken(ctx, hash, b.clock.Now()); !got.LastUsedAt.Equal(b.clock.Now().Add(-30 * time.Second)) {
		t.Errorf("last used %v after a use within the minute", got.LastUsedAt)
	}
	b.clock.Advance(2 * time.Minute)
	b.do(t, c, "GET", "/api/messages", nil, http.Header{"Authorization": {"Bearer " + token}})
	var last time.Time
	if err := b.sql.QueryRow(ctx, `SELECT last_used_at FROM api_tokens WHERE id = $1`, tok.ID).Scan(&last); err != nil || !last.Equal(b.clock.Now()) {
		t.Errorf("last used %v, want %v (%v)", last, b.clock.Now(), err)
	}
	if err := b.db.RevokeAPIToken(ctx, revoked.ID, b.clock.Now()); err == nil {
		t.Error("revoking twice succeeded")
	}
	if _, err := b.db.UseAPIToken(ctx, revokedHash, b.clock.Now()); err == nil || !strings.Contains(err.Error(), storage.ErrNotFound.Error()) {
		t.Errorf("revoked token used: %v", err)
	}
}
