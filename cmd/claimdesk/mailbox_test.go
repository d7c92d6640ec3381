package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// storedSecrets returns every sealed secret in the database, to check that
// no credential is kept in clear.
func storedSecrets(t *testing.T, pool *pgxpool.Pool) []byte {
	t.Helper()
	var all []byte
	err := pool.QueryRow(context.Background(), `SELECT coalesce(string_agg(secret, '\x00'::bytea), '') FROM mailbox_accounts`).Scan(&all)
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func TestMailboxAddPasswordTestListRemove(t *testing.T) {
	c := newCLI(t)
	pool := c.sql()
	srv := testenv.Dovecot(t)

	code, out, errOut := c.run(srv.Password+"\n", "mailbox", "add", "--user", srv.User, "--host", srv.Addr, "--tls", "none", "--name", "claims")
	if code != 0 {
		t.Fatalf("add: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, want := range []string{"login:           ok (LOGIN)", "IDLE yes, MOVE yes, UIDPLUS yes", "custom keywords yes",
		`sent folder:     Sent (marked \Sent by the server)`, "marked with the keyword $ClaimdeskFiled", "saved mailbox claims"} {
		if !strings.Contains(out, want) {
			t.Errorf("add output lacks %q:\n%s", want, out)
		}
	}
	if all := storedSecrets(t, pool); len(all) == 0 || bytes.Contains(all, []byte(srv.Password)) {
		t.Fatalf("stored secret %d bytes; it must exist and not hold the password in clear", len(all))
	}
	if fi, err := os.Stat(filepath.Join(c.env["CLAIMDESK_DATA_DIR"], "secret.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret key file: %v, %v; want one made with mode 0600", fi, err)
	}

	code, out, errOut = c.run("", "mailbox", "test", "claims")
	if code != 0 || !strings.Contains(out, "inbox:           INBOX (0 messages)") {
		t.Fatalf("test: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = c.run("", "mailbox", "list")
	if code != 0 || !strings.Contains(out, "claims") || !strings.Contains(out, "not yet watched") || strings.Contains(out, srv.Password) {
		t.Fatalf("list: exit %d, stdout %q; want the mailbox, no password", code, out)
	}

	// A wrong password is found before anything is saved.
	code, out, errOut = c.run("wrong\n", "mailbox", "add", "--user", srv.User, "--host", srv.Addr, "--tls", "none", "--name", "other")
	if code == 0 || !strings.Contains(errOut, "nothing was saved") || strings.Contains(out+errOut, "wrong\n") {
		t.Fatalf("add with a wrong password: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// Options may follow the name, as people type them.
	if code, _, errOut := c.run("", "mailbox", "remove", "claims", "--data-dir", c.env["CLAIMDESK_DATA_DIR"]); code != 0 {
		t.Fatalf("remove: %s", errOut)
	}
	if code, _, errOut := c.run("", "mailbox", "remove", "claims"); code == 0 || !strings.Contains(errOut, "no mailbox named claims") {
		t.Fatalf("second remove: exit %d, %s", code, errOut)
	}
}

func TestMailboxMicrosoftAppSurvivesKeyRotation(t *testing.T) {
	c := newCLI(t)
	pool := c.sql()
	srv := testenv.DovecotOAuth(t)
	ep := testenv.StartTokenEndpoint(t, srv.Tokens, srv.User)
	const clientSecret = "app-client-secret-42"

	code, out, errOut := c.run(clientSecret+"\n", "mailbox", "add", "--auth", "microsoft", "--user", srv.User, "--host", srv.Addr,
		"--tls", "none", "--tenant", "contoso.example", "--client-id", "app-1", "--token-url", ep.URL, "--mechanism", "xoauth2")
	if code != 0 || !strings.Contains(out, "login:           ok (XOAUTH2)") {
		t.Fatalf("add: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if req := ep.Requests()[0]; req.Get("client_secret") != clientSecret || req.Get("grant_type") != "client_credentials" {
		t.Fatalf("token request %v: want client credentials with the secret from stdin", req)
	}
	if bytes.Contains(storedSecrets(t, pool), []byte(clientSecret)) {
		t.Fatal("the client secret is stored in clear")
	}
	keyFile := filepath.Join(c.env["CLAIMDESK_DATA_DIR"], "secret.key")
	before, _ := os.ReadFile(keyFile)

	code, out, errOut = c.run("", "secrets", "rotate")
	if code != 0 || !strings.Contains(out, "sealed 1 mailbox secrets under a new key") {
		t.Fatalf("rotate: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	after, _ := os.ReadFile(keyFile)
	if bytes.Equal(before, after) || len(after) == 0 {
		t.Fatal("the key file did not change")
	}
	if _, err := os.Stat(keyFile + ".new"); !os.IsNotExist(err) {
		t.Fatalf("the pending key file is left behind: %v", err)
	}
	code, out, errOut = c.run("", "mailbox", "test", srv.User)
	if code != 0 || !strings.Contains(out, "login:           ok (XOAUTH2)") {
		t.Fatalf("test after rotation: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	// The old key opens nothing any more, and says so.
	old := map[string]string{}
	for k, v := range c.env {
		old[k] = v
	}
	c.env["CLAIMDESK_SECRET_KEY"] = strings.TrimSpace(string(before))
	code, _, errOut = c.run("", "mailbox", "test", srv.User)
	c.env = old
	if code == 0 || !strings.Contains(errOut, "sealed under another secret key") {
		t.Fatalf("test with the old key: exit %d, stderr %q", code, errOut)
	}
}

func TestMailboxConnectStoresRefreshToken(t *testing.T) {
	c := newCLI(t)
	pool := c.sql()
	srv := testenv.DovecotOAuth(t)
	ep := testenv.StartTokenEndpoint(t, srv.Tokens, srv.User)

	// What the person pastes: the address the provider sent the browser to.
	// Its state is only known once the consent URL is printed, so the
	// pasted address carries none (the code alone would do as well).
	code, out, errOut := c.run("http://localhost/?code=consent-code-1\n", "mailbox", "connect", "--provider", "microsoft",
		"--user", srv.User, "--host", srv.Addr, "--tls", "none", "--client-id", "public-app",
		"--auth-url", "https://login.example/authorize", "--token-url", ep.URL)
	if code != 0 {
		t.Fatalf("connect: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	consent := ""
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "https://login.example/authorize?") {
			consent = strings.TrimSpace(line)
		}
	}
	u, err := url.Parse(consent)
	if err != nil || u.Query().Get("code_challenge_method") != "S256" || u.Query().Get("login_hint") != srv.User ||
		!strings.Contains(u.Query().Get("scope"), "IMAP.AccessAsUser.All") {
		t.Fatalf("consent URL %q: want PKCE, the user as login hint and the IMAP scope", consent)
	}
	reqs := ep.Requests()
	if reqs[0].Get("grant_type") != "authorization_code" || reqs[0].Get("code") != "consent-code-1" || reqs[0].Get("code_verifier") == "" {
		t.Fatalf("first token request %v: want the code with its PKCE verifier", reqs[0])
	}
	if !strings.Contains(out, "login:           ok (OAUTHBEARER)") {
		t.Fatalf("connect did not log in:\n%s", out)
	}
	// The test's login refreshed the token, and the endpoint rotated the
	// refresh token: the one saved is the newest, sealed.
	last := reqs[len(reqs)-1]
	if last.Get("grant_type") != "refresh_token" {
		t.Fatalf("last token request %v: want a refresh", last)
	}
	sealed := storedSecrets(t, pool)
	if bytes.Contains(sealed, []byte(last.Get("refresh_token"))) || bytes.Contains(sealed, []byte("rt-")) {
		t.Fatal("a refresh token is stored in clear")
	}
	code, _, errOut = c.run("", "mailbox", "test", srv.User)
	if code != 0 {
		t.Fatalf("test after connect: %s", errOut)
	}
	if got := ep.Requests(); got[len(got)-1].Get("refresh_token") == last.Get("refresh_token") {
		t.Fatal("the later test refreshed with the refresh token the provider had replaced")
	}
}

func TestServeWatchesDatabaseMailbox(t *testing.T) {
	c := newCLI(t)
	db, pool := c.db(), c.sql()
	srv := testenv.DovecotOAuth(t)
	ep := testenv.StartTokenEndpoint(t, srv.Tokens, srv.User)
	const clientSecret = "serve-client-secret-77"
	if code, out, errOut := c.run(clientSecret+"\n", "mailbox", "add", "--auth", "microsoft", "--name", "claims", "--user", srv.User,
		"--host", srv.Addr, "--tls", "none", "--tenant", "t", "--client-id", "app-1", "--token-url", ep.URL); code != 0 {
		t.Fatalf("add: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	testenv.AppendFiles(t, srv.Addr, srv.User, srv.Password, "INBOX", []testenv.AppendMessage{{Raw: []byte(
		"From: Dana Whitfield <dwhitfield@carrier.example>\r\nTo: claims@office.example\r\nSubject: Status?\r\n" +
			"Message-ID: <serve-oauth-1@carrier.example>\r\n\r\nAny update?\r\n")}})

	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	var stderr testenv.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--http-addr", "127.0.0.1:0", "--log-level", "debug"}, func(k string) string { return c.env[k] }, outW, &stderr)
		outW.Close()
	}()
	stop := sync.OnceFunc(func() { cancel(); <-done })
	defer stop()
	go func() { _, _ = io.Copy(io.Discard, bufio.NewReader(outR)) }()

	waitFor(t, 60*time.Second, func() bool {
		var n int
		_ = pool.QueryRow(ctx, `SELECT count(*) FROM messages m JOIN mailboxes mb ON mb.id = m.mailbox_id WHERE mb.account = 'claims'`).Scan(&n)
		return n == 1
	})
	waitFor(t, 30*time.Second, func() bool {
		hs, _ := db.MailboxHealths(ctx)
		return len(hs) == 1 && hs[0].Account == "claims" && hs[0].State == storage.MailboxConnected && !hs[0].LastSuccessAt.IsZero()
	})
	stop()
	logs := stderr.String()
	for _, secret := range append([]string{clientSecret}, ep.Issued()...) {
		if strings.Contains(logs, secret) {
			t.Errorf("serve's logs contain a secret (%.6s...)", secret)
		}
	}
	if strings.Contains(logs, "sample mailbox") {
		t.Error("serve watched the sample mailbox although a mailbox is configured in the database")
	}
}

// TestMailboxHelpListsWhatConcernsIt: claimdesk mailbox add --help lists
// the mailbox flags and the few settings mailbox commands read, not every
// setting of serve.
func TestMailboxHelpListsWhatConcernsIt(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"mailbox", "add", "--help"}, func(string) string { return "" }, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	help := stderr.String()
	for _, want := range []string{"-user string", "-host string", "-skip-test", "-database-url", "-data-dir", "-secret-key-file"} {
		if !strings.Contains(help, want) {
			t.Errorf("the help lacks %s:\n%s", want, help)
		}
	}
	for _, not := range []string{"-ack-minutes", "-digest-hour", "-workers", "-smtp-url"} {
		if strings.Contains(help, not) {
			t.Errorf("the help lists %s, a setting mailbox commands do not read", not)
		}
	}
}
