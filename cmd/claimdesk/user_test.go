package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/web"
)

// cli runs claimdesk commands against one test database, with what the
// user types on stdin.
type cli struct {
	t   *testing.T
	env map[string]string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, env: map[string]string{
		"CLAIMDESK_DATABASE_URL": testenv.Postgres(t),
		"CLAIMDESK_DATA_DIR":     t.TempDir(),
	}}
}

func (c *cli) run(input string, args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	saved := stdin
	stdin = strings.NewReader(input)
	defer func() { stdin = saved }()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, func(k string) string { return c.env[k] }, &out, &errOut)
	return code, out.String(), errOut.String()
}

// sql is the test's own way into the command's database, for checks no
// storage function makes.
func (c *cli) sql() *pgxpool.Pool {
	c.t.Helper()
	return testenv.SQL(c.t, c.env["CLAIMDESK_DATABASE_URL"])
}

func (c *cli) db() *storage.DB {
	c.t.Helper()
	db, err := storage.Open(context.Background(), c.env["CLAIMDESK_DATABASE_URL"])
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(db.Close)
	return db
}

// The commands swap the package's stdin, so these tests do not run in
// parallel with each other.

func TestUserAdd(t *testing.T) {
	c := newCLI(t)
	db := c.db()
	ctx := context.Background()

	code, out, errOut := c.run("a chosen passphrase\n", "user", "add", "--email", "Dana@Office.example", "--name", "Dana Ruiz")
	if code != 0 || out != "added administrator Dana@Office.example\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	u, err := db.GetUserByEmail(ctx, "dana@office.example")
	if err != nil || !u.IsAdmin || u.Name != "Dana Ruiz" || !web.CheckPassword(u.PasswordHash, "a chosen passphrase") {
		t.Fatalf("first user %+v, %v: want an administrator with the password from stdin", u, err)
	}

	// No password on stdin: one is made and shown once.
	code, out, errOut = c.run("", "user", "add", "--email", "sam@office.example")
	m := regexp.MustCompile(`^added user sam@office\.example\npassword: (\S{20,})\n$`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	u, err = db.GetUserByEmail(ctx, "sam@office.example")
	if err != nil || u.IsAdmin || !web.CheckPassword(u.PasswordHash, m[1]) {
		t.Fatalf("second user %+v, %v: want a plain user with the printed password", u, err)
	}

	// Flags before the action work as well as after it.
	if code, out, errOut := c.run("another passphrase\n", "user", "--admin", "add", "--email", "lee@office.example"); code != 0 || !strings.HasPrefix(out, "added administrator") {
		t.Fatalf("--admin: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	for _, tc := range []struct {
		input string
		args  []string
		want  string
	}{
		{"x passphrase\n", []string{"user", "add", "--email", "DANA@office.example"}, "already exists"},
		{"short\n", []string{"user", "add", "--email", "kim@office.example"}, "too short"},
		{"", []string{"user", "add"}, "--email"},
		{"", []string{"user", "delete", "--email", "kim@office.example"}, "unknown action"},
		{"", []string{"user", "remove", "--email", "kim@office.example"}, "no user with email kim@office.example"},
		{"", []string{"user"}, "missing action"},
	} {
		code, out, errOut := c.run(tc.input, tc.args...)
		if code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want a failure saying %q", tc.args, code, out, errOut, tc.want)
		}
	}
	if n, err := db.CountUsers(ctx); err != nil || n != 3 {
		t.Errorf("%d users (%v), want 3", n, err)
	}
}

func TestUserPasswdDisableRemove(t *testing.T) {
	c := newCLI(t)
	db := c.db()
	ctx := context.Background()
	srv := httptest.NewServer(web.New(web.Options{DB: db}).Handler())
	defer srv.Close()
	// signIn returns a browser signed in as email, or nil when refused.
	signIn := func(email, password string) *http.Client {
		t.Helper()
		jar, _ := cookiejar.New(nil)
		hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := hc.Get(srv.URL + "/login")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		csrf := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(page)
		resp, err = hc.PostForm(srv.URL+"/login", url.Values{"csrf_token": {string(csrf[1])}, "email": {email}, "password": {password}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			return nil
		}
		return hc
	}
	signedIn := func(hc *http.Client) bool {
		t.Helper()
		resp, err := hc.Get(srv.URL + "/claims")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	}
	apiStatus := func(token string) int { return messagesStatus(t, srv.URL, token) }

	c.run("admin passphrase\n", "user", "add", "--email", "admin@office.example")
	c.run("first passphrase\n", "user", "add", "--email", "lee@office.example")
	lee, _ := db.GetUserByEmail(ctx, "lee@office.example")
	browser := signIn("lee@office.example", "first passphrase")
	if browser == nil || !signedIn(browser) {
		t.Fatal("lee cannot sign in to begin with")
	}

	code, out, errOut := c.run("second passphrase\n", "user", "passwd", "--email", "LEE@office.example")
	if code != 0 || out != "new password for lee@office.example; 1 sessions ended\n" {
		t.Fatalf("passwd: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if signedIn(browser) || signIn("lee@office.example", "first passphrase") != nil {
		t.Error("the old password or its session still works")
	}
	if browser = signIn("lee@office.example", "second passphrase"); browser == nil {
		t.Fatal("the new password does not work")
	}
	// No password on stdin: one is made and shown once.
	code, out, _ = c.run("", "user", "passwd", "--email", "lee@office.example")
	m := regexp.MustCompile(`^new password for lee@office\.example; 1 sessions ended\npassword: (\S{20,})\n$`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("passwd with a password made: exit %d, stdout %q", code, out)
	}
	browser = signIn("lee@office.example", m[1])

	leesToken, leesHash := web.NewAPIToken()
	if _, err := db.CreateAPIToken(ctx, "lee's script", leesHash, lee.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	_, operatorToken, _ := c.run("", "token", "create", "--name", "reporting")
	operatorToken = strings.TrimSpace(operatorToken)
	code, out, errOut = c.run("", "user", "disable", "--email", "lee@office.example")
	if code != 0 || out != "disabled lee@office.example; 1 sessions ended, 1 API tokens revoked\n" {
		t.Fatalf("disable: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if signedIn(browser) || signIn("lee@office.example", m[1]) != nil {
		t.Error("a disabled user is still signed in, or signs in")
	}
	if got := apiStatus(leesToken); got != http.StatusUnauthorized {
		t.Errorf("a disabled user's token: %d", got)
	}
	if got := apiStatus(operatorToken); got != 200 {
		t.Errorf("the operator's token after lee left: %d", got)
	}

	code, out, errOut = c.run("", "user", "enable", "--email", "lee@office.example")
	if code != 0 || out != "enabled lee@office.example\n" || signIn("lee@office.example", m[1]) == nil {
		t.Fatalf("enable: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, errOut = c.run("", "user", "remove", "--email", "lee@office.example")
	if code != 0 || !strings.HasPrefix(out, "removed lee@office.example; 1 sessions ended") {
		t.Fatalf("remove: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := db.GetUserByEmail(ctx, "lee@office.example"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("lee after remove: %v", err)
	}

	// The last administrator stays.
	for _, action := range []string{"disable", "remove"} {
		code, _, errOut := c.run("", "user", action, "--email", "admin@office.example")
		if code == 0 || !strings.Contains(errOut, "last administrator") {
			t.Errorf("%s the last administrator: exit %d, stderr %q", action, code, errOut)
		}
	}
}

func TestTokenCreateListRevoke(t *testing.T) {
	c := newCLI(t)
	db := c.db()
	srv := httptest.NewServer(web.New(web.Options{DB: db}).Handler())
	defer srv.Close()
	status := func(token string) int { return messagesStatus(t, srv.URL, token) }

	code, out, errOut := c.run("", "token", "create", "--name", "reporting")
	token := strings.TrimSuffix(out, "\n")
	if code != 0 || !regexp.MustCompile(`^cd_[a-z2-7]{52}$`).MatchString(token) {
		t.Fatalf("exit %d, stdout %q (want the token alone), stderr %q", code, out, errOut)
	}
	if got := status(token); got != 200 {
		t.Fatalf("the new token: %d", got)
	}

	code, out, _ = c.run("", "token", "list")
	if code != 0 || !regexp.MustCompile(`(?m)^1\s+reporting\s+server\s+.*\svalid$`).MatchString(out) || strings.Contains(out, token) {
		t.Fatalf("list: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "never") {
		t.Errorf("list shows a used token as never used:\n%s", out)
	}

	if code, out, errOut := c.run("", "token", "revoke", "1"); code != 0 || out != "revoked token 1\n" {
		t.Fatalf("revoke: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if got := status(token); got != http.StatusUnauthorized {
		t.Errorf("the revoked token: %d", got)
	}
	for _, args := range [][]string{
		{"token", "revoke", "1"},
		{"token", "revoke", "x"},
		{"token", "create"},
		{"token", "delete", "1"},
	} {
		if code, _, errOut := c.run("", args...); code == 0 || errOut == "" {
			t.Errorf("%v succeeded", args)
		}
	}
}

// messagesStatus is the status the server at base answers GET
// /api/messages with, signed in by the bearer token.
func messagesStatus(t *testing.T, base, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/api/messages", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
