package main

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/config"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/web"
)

func TestFirstAdminPasswordPrintedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := newCLI(t).db()
	dir := t.TempDir()

	login, password, err := initialAdmin(ctx, db, dir, "office.example")
	if err != nil || login != "admin@office.example" || len(password) < 20 {
		t.Fatalf("first start: %q, %q, %v", login, password, err)
	}
	u, err := db.GetUserByEmail(ctx, login)
	if err != nil || !u.IsAdmin || !web.CheckPassword(u.PasswordHash, password) {
		t.Fatalf("the first administrator %+v, %v", u, err)
	}
	// Later starts say where the password is, not what it is.
	login, again, err := initialAdmin(ctx, db, dir, "office.example")
	if err != nil || again != "" || strings.Contains(login, password) || !strings.Contains(login, filepath.Join(dir, initialPasswordFile)) {
		t.Errorf("second start: %q, %q, %v", login, again, err)
	}
	if saved, _ := os.ReadFile(filepath.Join(dir, initialPasswordFile)); string(saved) != "admin@office.example "+password+"\n" {
		t.Errorf("saved %q", saved)
	}
}

// Two processes starting on one database at once both find no users; the
// one whose insert loses is not in error, and the password file keeps the
// password of the administrator that exists.
func TestFirstAdminCreatedByAnotherProcess(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := newCLI(t).db()
	dir := t.TempDir()
	_, winner, err := createFirstAdmin(ctx, db, dir, "admin@office.example")
	if err != nil {
		t.Fatal(err)
	}
	login, password, err := createFirstAdmin(ctx, db, dir, "admin@office.example")
	if err != nil || password != "" || !strings.Contains(login, "another claimdesk process") {
		t.Fatalf("the second creator: %q, %q, %v", login, password, err)
	}
	if saved, _ := os.ReadFile(filepath.Join(dir, initialPasswordFile)); string(saved) != "admin@office.example "+winner+"\n" {
		t.Errorf("saved %q, want the winner's password", saved)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, initialPasswordFile+".*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

// Any number of processes starting at once on a fresh database: the first
// administrator is created exactly once, and every process goes on.
func TestFirstAdminCreatedOnceByProcessesStartingTogether(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := newCLI(t).db()
	const processes = 8
	type result struct {
		login, password string
		err             error
	}
	results := make(chan result, processes)
	start := make(chan struct{})
	for range processes {
		// Each its own data dir, as on machines of their own.
		dir := t.TempDir()
		go func() {
			<-start
			login, password, err := initialAdmin(ctx, db, dir, "office.example")
			results <- result{login, password, err}
		}()
	}
	close(start)
	var passwords []string
	for range processes {
		r := <-results
		if r.err != nil {
			t.Errorf("a process failed to start: %v", r.err)
		}
		if r.password != "" {
			passwords = append(passwords, r.password)
		}
	}
	if len(passwords) != 1 {
		t.Fatalf("%d processes printed a first password, want exactly one", len(passwords))
	}
	u, err := db.GetUserByEmail(ctx, "admin@office.example")
	if err != nil || !web.CheckPassword(u.PasswordHash, passwords[0]) {
		t.Fatalf("the administrator %+v, %v: not the printed password's", u, err)
	}
	if n, err := db.CountUsers(ctx); n != 1 || err != nil {
		t.Errorf("%d users, %v; want one", n, err)
	}
}

func TestWarnPlainHTTPOnTheNetwork(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg := config.Register(fs, func(string) string { return "" })
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[string]bool{"0.0.0.0:8080": true, "127.0.0.1:8080": false} {
		var log testenv.Buffer
		a, _ := net.ResolveTCPAddr("tcp", addr)
		warnPlainHTTP(slog.New(slog.NewTextHandler(&log, nil)), cfg, a)
		out := log.String()
		if got := strings.Contains(out, "level=WARN") && strings.Contains(out, "CLAIMDESK_PUBLIC_URL"); got != want || strings.Count(out, "\n") > 1 {
			t.Errorf("listening on %s: warned %v, want %v:\n%s", addr, got, want, out)
		}
	}
}
