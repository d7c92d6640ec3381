package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/demo"
	"github.com/claimdesk/claimdesk/internal/pgcluster"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/sla"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// dataDir returns a data dir that does not exist yet, in a directory open
// to others like /var/lib (a t.TempDir is closed to the private cluster's
// user when the tests run as root).
func dataDir(t *testing.T) string {
	t.Helper()
	if _, err := pgcluster.BinDir(); err != nil {
		if testenv.InCI() {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	base, err := os.MkdirTemp("", "claimdesk-cmd-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	return base + "/data"
}

// noEnv is an empty environment: claimdesk's embedded defaults only.
func noEnv(string) string { return "" }

// TestServeWithNoConfiguration runs the demo as scripts/demo does
// (serve --demo) with nothing configured.
func TestServeWithNoConfiguration(t *testing.T) {
	dir := dataDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--data-dir", dir, "--http-addr", "127.0.0.1:0"}, noEnv, outW, &stderr)
		outW.Close()
	}()

	var url, login, password string
	sc := bufio.NewScanner(outR)
	for sc.Scan() {
		k, v, _ := strings.Cut(strings.TrimSpace(sc.Text()), ":")
		switch k {
		case "dashboard":
			url = strings.TrimSpace(v)
		case "login":
			login = strings.TrimSpace(v)
		case "password":
			password = strings.TrimSpace(v)
		}
		if password != "" {
			break
		}
	}
	go io.Copy(io.Discard, outR)
	if url == "" || login == "" || len(password) < 20 {
		t.Fatalf("serve printed url=%q login=%q password=%q; stderr:\n%s", url, login, password, stderr.String())
	}

	resp, err := http.Get(url + "readyz")
	if err != nil {
		t.Fatal(err)
	}
	var health struct {
		Status string `json:"status"`
	}
	err = json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || health.Status != "ok" {
		t.Fatalf("readyz: status %d, %+v, err %v", resp.StatusCode, health, err)
	}

	saved, err := os.ReadFile(dir + "/initial-admin-password")
	if err != nil || !strings.Contains(string(saved), password) {
		t.Errorf("initial admin password not kept in the data dir: %q, %v", saved, err)
	}
	if fi, err := os.Stat(dir + "/initial-admin-password"); err == nil && fi.Mode().Perm() != 0o600 {
		t.Errorf("initial admin password file mode %v, want 0600", fi.Mode().Perm())
	}

	// The sample mailbox goes through the pipeline: every message stored
	// once and classified, most of them filed to the sample claims.
	pool, err := pgxpool.New(ctx, pgcluster.SocketDSN(dir+"/postgres", "claimdesk"))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	inbox, _ := demo.Mail()
	sent, _ := demo.Sent()
	want := len(inbox) + len(sent)
	var filed int
	waitFor(t, 2*time.Minute, func() bool {
		var done, total int
		err := pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status IN ('filed', 'triage', 'ignored')),
			count(*) FILTER (WHERE status = 'filed'), count(*) FROM messages`).Scan(&done, &filed, &total)
		if err != nil {
			t.Fatal(err)
		}
		if total > want {
			t.Fatalf("%d messages stored, want %d", total, want)
		}
		return done == want
	})
	if filed < want/2 {
		t.Errorf("only %d of %d sample messages filed to a claim", filed, want)
	}
	checkWorkingOffice(t, pool, dir)
	checkSampleStaff(t, pool)
	pool.Close()

	// Monitoring sees the same: messages by status, and the pipeline's
	// latency for every message this process processed.
	resp, err = http.Get(url + "metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`claimdesk_messages{direction="in",status="filed"} `,
		`claimdesk_job_latency_seconds_count{kind="process_message"} `,
		`claimdesk_jobs_finished_total{kind="process_message",outcome="completed"} `,
	} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	cancel() // as SIGTERM would
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d after shutdown; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not stop within 60s of shutdown")
	}

	// Serving the sample again finds its mail stored already.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	outR2, outW2 := io.Pipe()
	done2 := make(chan int, 1)
	go func() {
		done2 <- run(ctx2, []string{"serve", "--demo", "--data-dir", dir, "--http-addr", "127.0.0.1:0"}, noEnv, outW2, &stderr)
		outW2.Close()
	}()
	sc2 := bufio.NewScanner(outR2)
	for sc2.Scan() && !strings.Contains(sc2.Text(), "dashboard:") {
	}
	go io.Copy(io.Discard, outR2)
	pool2, err := pgxpool.New(ctx2, pgcluster.SocketDSN(dir+"/postgres", "claimdesk"))
	if err != nil {
		t.Fatal(err)
	}
	defer pool2.Close()
	waitFor(t, 60*time.Second, func() bool {
		var inbox, sentScanned int
		err := pool2.QueryRow(ctx2, `SELECT count(*) FILTER (WHERE role = 'inbox' AND last_uid > 0),
			count(*) FILTER (WHERE role = 'sent' AND last_uid > 0) FROM mailboxes WHERE updated_at > now() - interval '1 minute'`).
			Scan(&inbox, &sentScanned)
		if err != nil {
			t.Fatal(err)
		}
		return inbox == 1 && sentScanned == 1
	})
	var total int
	if err := pool2.QueryRow(ctx2, `SELECT count(*) FROM messages`).Scan(&total); err != nil || total != want {
		t.Errorf("after a restart: %d messages (err %v), want the same %d", total, err, want)
	}
	pool2.Close()
	cancel2()
	<-done2
}

// checkWorkingOffice checks that the sample, as served from data dir dir,
// reads as a working office on the day it is first served: the mail of
// people answered but for a handful of the last hour's, and every claim
// updated on each business day it owed one, up to the newest mail's.
func checkWorkingOffice(t *testing.T, pool *pgxpool.Pool, dir string) {
	t.Helper()
	ctx := t.Context()
	var waiting, answered int
	err := pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE acknowledged_at IS NULL), count(*) FILTER (WHERE acknowledged_at IS NOT NULL)
		FROM messages WHERE direction = 'in' AND needs_ack`).Scan(&waiting, &answered)
	if err != nil {
		t.Fatal(err)
	}
	if waiting < 3 || waiting > 6 || answered < 3*waiting {
		t.Errorf("%d messages wait for an answer and %d were answered; want 3-6 waiting, the rest answered", waiting, answered)
	}
	b, err := os.ReadFile(dir + "/sample-mail-date")
	if err != nil {
		t.Fatal(err)
	}
	newest, err := time.Parse(time.RFC3339, strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation(demo.OfficeTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	cal := sla.NewCalendar(loc, sla.DefaultHours())
	rows, err := pool.Query(ctx, `SELECT c.job_number, least(c.created_at, min(coalesce(m.internal_date, m.sent_date, m.received_at))),
		array(SELECT u.at FROM claim_updates u WHERE u.claim_id = c.id)
		FROM claims c JOIN messages m ON m.claim_id = c.id GROUP BY c.id ORDER BY c.job_number`)
	if err != nil {
		t.Fatal(err)
	}
	var job string
	var opened time.Time
	var updates []time.Time
	_, err = pgx.ForEachRow(rows, []any{&job, &opened, &updates}, func() error {
		for _, d := range cal.DailyUpdates(opened, nil, updates, newest, 0) {
			if d.State != sla.StateMet {
				t.Errorf("%s: the update of %s is %s", job, d.Date, d.State)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, limit time.Duration, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(limit)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("condition not met within %v", limit)
		}
	}
}

func TestMigrateTwiceIsNoOp(t *testing.T) {
	dir := dataDir(t)
	ctx := context.Background()
	for i := range 2 {
		var stdout, stderr bytes.Buffer
		if code := run(ctx, []string{"migrate", "--data-dir", dir}, noEnv, &stdout, &stderr); code != 0 {
			t.Fatalf("migrate run %d: exit %d: %s", i+1, code, stderr.String())
		}
		got := strings.TrimSpace(stdout.String())
		if i == 0 && (got == "applied 0 migrations" || !strings.HasPrefix(got, "applied ")) {
			t.Errorf("first migrate printed %q, want some migrations applied", got)
		}
		if i == 1 && got != "applied 0 migrations" {
			t.Errorf("second migrate printed %q, want %q", got, "applied 0 migrations")
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"migrate", "--data-dir", dir, "status"}, noEnv, &stdout, &stderr); code != 0 {
		t.Fatalf("migrate status: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "00001_initial.sql") || strings.Contains(stdout.String(), "pending") {
		t.Errorf("migrate status:\n%s", stdout.String())
	}
	// The data dir written after the action word is the one read, not the
	// environment's (another, empty one here).
	other := dataDir(t)
	env := func(k string) string {
		if k == "CLAIMDESK_DATA_DIR" {
			return other
		}
		return ""
	}
	stdout.Reset()
	if code := run(ctx, []string{"migrate", "status", "--data-dir", dir}, env, &stdout, &stderr); code != 0 {
		t.Fatalf("migrate status --data-dir: exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "00001_initial.sql") || strings.Contains(stdout.String(), "pending") {
		t.Errorf("migrate status --data-dir DIR read another database:\n%s", stdout.String())
	}
}

func TestBadSettingsFailInOneLine(t *testing.T) {
	for _, tc := range []struct {
		name, env, value, want string
	}{
		{"blob scheme", "CLAIMDESK_BLOB_URL", "ftp://bucket", "CLAIMDESK_BLOB_URL: "},
		{"blob relative path", "CLAIMDESK_BLOB_URL", "file://relative/dir", "CLAIMDESK_BLOB_URL: "},
		{"database scheme", "CLAIMDESK_DATABASE_URL", "mysql://db", "CLAIMDESK_DATABASE_URL: "},
		{"unreachable database", "CLAIMDESK_DATABASE_URL", "postgres://u:secretpw@127.0.0.1:1/db?connect_timeout=2", "CLAIMDESK_DATABASE_URL: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{tc.env: tc.value, "CLAIMDESK_DATA_DIR": t.TempDir()}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"serve", "--http-addr", "127.0.0.1:0"},
				func(k string) string { return env[k] }, &stdout, &stderr)
			msg := stderr.String()
			if code == 0 {
				t.Fatal("serve started with a bad setting")
			}
			if !strings.Contains(msg, tc.want) || strings.Count(strings.TrimSpace(msg), "\n") != 0 {
				t.Errorf("stderr %q: want one line containing %q", msg, tc.want)
			}
			if strings.Contains(msg, "secretpw") {
				t.Errorf("the error shows the database password: %q", msg)
			}
		})
	}
}

func TestBackfillWithoutMailbox(t *testing.T) {
	dir := dataDir(t)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"backfill", "--data-dir", dir}, noEnv, &stdout, &stderr); code == 0 ||
		!strings.Contains(stderr.String(), "no mailbox to import") {
		t.Fatalf("backfill with no mailbox: exit %d, stderr %q", code, stderr.String())
	}
}

// checkSampleStaff: the sample office's people list holds its own staff
// from the sample claims (not the carriers' adjusters), each once per
// role, Luis in Spanish.
func checkSampleStaff(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	var technicians, adjusters int
	var luis string
	err := pool.QueryRow(t.Context(), `SELECT count(*) FILTER (WHERE role = 'technician'), count(*) FILTER (WHERE role = 'adjuster'),
		coalesce(max(language) FILTER (WHERE name = 'Luis Ortega'), '') FROM people`).Scan(&technicians, &adjusters, &luis)
	if err != nil {
		t.Fatal(err)
	}
	if technicians != 2 || adjusters != 0 || luis != "es" {
		t.Errorf("sample people: %d technicians, %d adjusters, Luis writes %q; want 2, 0, es", technicians, adjusters, luis)
	}
}
