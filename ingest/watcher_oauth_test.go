package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
)

// oauthAccount is an account on the token-taking Dovecot that logs in with
// app-only tokens from a test token endpoint.
func oauthAccount(t *testing.T, srv testenv.DovecotOAuthServer, mech string) (mailbox.Account, *testenv.TokenEndpoint, *mailbox.TokenCache) {
	t.Helper()
	ep := testenv.StartTokenEndpoint(t, srv.Tokens, srv.User)
	fetch, err := mailbox.MicrosoftApp{TokenURL: ep.URL, ClientID: "app-1", ClientSecret: "s3cret-client-value"}.Fetcher()
	if err != nil {
		t.Fatal(err)
	}
	cache := mailbox.NewTokenCache(fetch)
	return mailbox.Account{
		Host: srv.Addr, User: srv.User, TLS: "none", Inbox: "INBOX", Sent: "Sent",
		OAuth: &mailbox.OAuthLogin{Tokens: cache, Mechanism: mech},
	}, ep, cache
}

func TestWatcherSurvivesTokenExpiringMidSession(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	srv := testenv.DovecotOAuth(t)
	acct, ep, _ := oauthAccount(t, srv, mailbox.MechXOAuth2)
	health := &healthLog{}
	acct.Health = health
	testenv.AppendFiles(t, srv.Addr, srv.User, srv.Password, "INBOX", []testenv.AppendMessage{{Raw: rawMessage(1)}})
	ch := b.startWatcher(t, acct, "INBOX", storage.RoleInbox, WatcherConfig{})
	waitUID(t, ch, 1)

	// The first token lapses early (the cache still thinks it good for an
	// hour) and the server ends the session, as Exchange Online does.
	first := ep.Issued()[0]
	srv.Tokens.Revoke(first)
	srv.Kick(t)
	testenv.AppendFiles(t, srv.Addr, srv.User, srv.Password, "INBOX", []testenv.AppendMessage{{Raw: rawMessage(2)}})
	waitUID(t, ch, 2)

	issued := ep.Issued()
	if len(issued) != 2 {
		t.Fatalf("tokens issued: %d, want 2 (the first, then one after the server refused it)", len(issued))
	}
	if srv.Tokens.Asked(first) < 2 || srv.Tokens.Asked(issued[1]) == 0 {
		t.Fatalf("introspections: first token %d, second %d; want the refused first token retried once, then the new one",
			srv.Tokens.Asked(first), srv.Tokens.Asked(issued[1]))
	}
	if n := b.count(t, `SELECT count(*) FROM messages m JOIN mailboxes mb ON mb.id = m.mailbox_id WHERE mb.account = $1`, acct.Name()); n != 2 {
		t.Fatalf("stored %d messages, want 2", n)
	}
	if c := health.connections(); c < 2 {
		t.Fatalf("health heard %d logins, want 2", c)
	}
}

func TestWatcherBacksOffOnRevokedSecret(t *testing.T) {
	t.Parallel()
	b := setupWatch(t)
	srv := testenv.DovecotOAuth(t)
	acct, ep, _ := oauthAccount(t, srv, "")
	ep.Refuse("invalid_client")
	health := &healthLog{failed: make(chan healthFailure, 100)}
	acct.Health = health
	var logs bytes.Buffer
	cfg := WatcherConfig{BackoffMin: 20 * time.Millisecond, BackoffMax: 80 * time.Millisecond, TempDir: t.TempDir()}
	w := NewWatcher(acct, "INBOX", storage.RoleInbox, b.db, b.blobs, b.queue, cfg, slog.New(slog.NewTextHandler(&lockedWriter{w: &logs}, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.RunHeld(ctx) }()

	var failures []healthFailure
	deadline := time.After(60 * time.Second)
	for len(failures) < 5 {
		select {
		case f := <-health.failed:
			failures = append(failures, f)
		case err := <-done:
			t.Fatalf("watcher returned (%v) instead of retrying", err)
		case <-deadline:
			t.Fatalf("only %d failures reported within 60s", len(failures))
		}
	}
	cancel()
	<-done

	wantRetry := []time.Duration{20, 40, 80, 80, 80}
	for i, f := range failures {
		if !errors.Is(f.err, mailbox.ErrCredentialsRefused) || !strings.Contains(f.err.Error(), "invalid_client") {
			t.Errorf("failure %d: %v; want the provider's refusal, with its code", i, f.err)
		}
		if f.retryIn != wantRetry[i]*time.Millisecond {
			t.Errorf("failure %d: retry in %s, want %s", i, f.retryIn, wantRetry[i]*time.Millisecond)
		}
		// The next attempt waits out the backoff, less its jitter.
		if i > 0 && f.at.Sub(failures[i-1].at) < failures[i-1].retryIn*8/10 {
			t.Errorf("attempt %d came %s after the last, before its backoff of %s", i, f.at.Sub(failures[i-1].at), failures[i-1].retryIn)
		}
	}
	if n := len(ep.Requests()); n < 5 || n > 6 {
		t.Errorf("token requests: %d, want one per attempt (5, or 6 when one was under way at the end)", n)
	}
	if strings.Contains(logs.String(), "s3cret-client-value") {
		t.Error("the client secret appears in the logs")
	}
	if !strings.Contains(logs.String(), "invalid_client") {
		t.Errorf("the logs do not say why the login fails:\n%s", logs.String())
	}
}

// healthLog records what a HealthRecorder hears.
type healthLog struct {
	mu        sync.Mutex
	connected int
	failed    chan healthFailure
}

type healthFailure struct {
	folder  string
	err     error
	retryIn time.Duration
	at      time.Time
}

func (h *healthLog) Connected(string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.connected++
}

func (h *healthLog) Failed(_, folder string, err error, retryIn time.Duration) {
	if h.failed != nil {
		h.failed <- healthFailure{folder, err, retryIn, time.Now()}
	}
}

func (h *healthLog) connections() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.connected
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func rawMessage(n int) []byte {
	return []byte(fmt.Sprintf("From: Dana Whitfield <dwhitfield@carrier.example>\r\n"+
		"To: claims@office.example\r\n"+
		"Subject: Claim update %d\r\n"+
		"Date: Tue, 03 Nov 2026 09:14:00 -0600\r\n"+
		"Message-ID: <oauth-%d@carrier.example>\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n"+
		"\r\n"+
		"Update %d.\r\n", n, n, n))
}
