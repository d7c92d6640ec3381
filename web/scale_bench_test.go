package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// scalePage is one page the scale benchmark times, under the name its
// figures carry, with the addresses it cycles through.
type scalePage struct {
	name  string
	paths []string
	api   bool // called with the API token instead of the session
	mine  bool // with "Mine" chosen: the signed-in coordinator's claims alone
}

// BenchmarkDashboardScale times the dashboard's busiest pages on an office
// with years of history: 100,000 claims (10,000 open), 300,000 messages and
// 1,000,000 documents by default. Each page is requested rounds times
// through the server's handler, in process, so the figures are server time:
// routing, authentication, queries and rendering, without a network. It
// reports p50, p95 and p99 in milliseconds per page. Seeding takes a few
// minutes and is not counted. Sizes, as environment variables:
// CLAIMDESK_BENCH_DASHBOARD_CLAIMS, _OPEN, _MESSAGES, _DOCUMENTS, _ROUNDS.
// CLAIMDESK_BENCH_DASHBOARD_STATEMENTS=n logs the n statements Postgres
// spent most time on in the timed rounds (pg_stat_statements, which the
// test cluster loads). CLAIMDESK_BENCH_DASHBOARD_PAGES, names of pages
// separated by commas (morning-mine,board), times those alone.
//
//	go test -run '^$' -bench DashboardScale -benchtime 1x ./web/
func BenchmarkDashboardScale(b *testing.B) {
	ctx := context.Background()
	sizes := scaleSizes{
		Claims:    envInt(b, "CLAIMDESK_BENCH_DASHBOARD_CLAIMS", 100_000),
		Open:      envInt(b, "CLAIMDESK_BENCH_DASHBOARD_OPEN", 10_000),
		Messages:  envInt(b, "CLAIMDESK_BENCH_DASHBOARD_MESSAGES", 300_000),
		Documents: envInt(b, "CLAIMDESK_BENCH_DASHBOARD_DOCUMENTS", 1_000_000),
		Years:     8,
	}
	rounds := envInt(b, "CLAIMDESK_BENCH_DASHBOARD_ROUNDS", 100)
	sizes.Open = min(sizes.Open, sizes.Claims)

	dsn := testenv.Postgres(b)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	pool := testenv.SQL(b, dsn)
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		b.Fatal(err)
	}
	now := apiNow(loc)
	started := time.Now()
	if err := seedScale(ctx, pool, sizes, now); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d claims (%d open), %d messages, %d documents in %s",
		sizes.Claims, sizes.Open, sizes.Messages, sizes.Documents, time.Since(started).Round(time.Second))

	// The claims' alerts are worked out as the SLA sweep does on the first
	// start after the migration that keeps them: the seed loads with
	// triggers off, so nothing queued the claims, but the first refresh
	// finds no rules recorded and queues every open claim. Not timed.
	cal := sla.NewCalendar(loc, sla.DefaultHours())
	started = time.Now()
	refreshed, err := db.RefreshAllClaimAlerts(ctx, storage.AlertRules{Calendar: cal}, 500)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("worked out the alerts of %d claims in %s", refreshed, time.Since(started).Round(time.Millisecond))
	// Autovacuum would have visited the tables the refresh filled before a
	// day of use: their statistics and visibility maps are part of the
	// office's steady state.
	if _, err := pool.Exec(ctx, `VACUUM ANALYZE claim_alerts, claim_alert_firsts, claim_starts, claim_alerts_stale`); err != nil {
		b.Fatal(err)
	}

	srv := New(Options{
		DB: db, Calendar: cal, AckMinutes: 30,
		OfficeDomain: "smrestore.example", Location: loc,
		Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
	})
	handler := srv.Handler()
	session, token, mine := scaleCredentials(ctx, b, db, now)

	claim := func(i int) string { return "/claims/" + strconv.Itoa(1+(i*7919)%sizes.Claims) }
	var claimPaths []string
	for i := range 20 {
		claimPaths = append(claimPaths, claim(i))
	}
	pages := []scalePage{
		{name: "claims", paths: []string{"/claims", "/claims?status=all", "/claims?before=" + strconv.Itoa(max(1, sizes.Claims-5000))}},
		{name: "claims-search", paths: []string{
			"/claims?q=Rodriguez", "/claims?q=magnolia+dr", "/claims?q=Maria+Lopez&status=all", "/claims?q=LA0451",
			"/claims?q=26-0999&status=all", "/claims?q=P0012&status=all", "/claims?q=austin",
		}},
		// Names as heard on the phone: the claims spelt close to them
		// follow those spelt as typed.
		{name: "claims-search-spelt", paths: []string{
			"/claims?q=Rodrigez&status=all", "/claims?q=Jonson+Mapel", "/claims?q=Gonzales", "/claims?q=Pflugervile+Nguyen",
		}},
		{name: "claims-filter", paths: []string{
			"/claims?carrier=USAA", "/claims?carrier=Allstate&adjuster=Dana+Reyes&status=all",
			"/claims?status=closed&carrier=Chubb", "/claims?overdue=1",
		}},
		{name: "claims-billing", paths: []string{"/claims?billing=1", "/claims?sort=billing", "/claims?sort=billing&billing=1&carrier=USAA"}},
		{name: "claim", paths: claimPaths},
		{name: "board", paths: []string{"/"}},
		{name: "claims-mine", paths: []string{"/claims", "/claims?status=all", "/claims?sort=attention", "/claims?carrier=USAA"}, mine: true},
		{name: "board-mine", paths: []string{"/"}, mine: true},
		{name: "morning-mine", paths: []string{"/morning"}, mine: true},
		{name: "api-sla", paths: []string{"/api/sla"}, api: true},
	}
	if only := os.Getenv("CLAIMDESK_BENCH_DASHBOARD_PAGES"); only != "" {
		names := strings.Split(only, ",")
		pages = slices.DeleteFunc(pages, func(p scalePage) bool { return !slices.Contains(names, p.name) })
	}
	request := func(p scalePage, path string) time.Duration {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if p.api {
			req.Header.Set("Authorization", "Bearer "+token)
		} else {
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: session})
		}
		if p.mine {
			req.AddCookie(&http.Cookie{Name: mineCookie, Value: mine})
		}
		rec := httptest.NewRecorder()
		start := time.Now()
		handler.ServeHTTP(rec, req)
		took := time.Since(start)
		if rec.Code != http.StatusOK {
			body, _ := io.ReadAll(io.LimitReader(rec.Body, 2000))
			b.Fatalf("GET %s: %d\n%s", path, rec.Code, body)
		}
		return took
	}
	// One untimed pass warms the caches, as a day's use would.
	for _, p := range pages {
		for _, path := range p.paths {
			request(p, path)
		}
	}
	statements := os.Getenv("CLAIMDESK_BENCH_DASHBOARD_STATEMENTS")
	if statements != "" {
		resetStatementStats(ctx, b, pool)
	}
	took := map[string][]time.Duration{}
	b.ResetTimer()
	for b.Loop() {
		for i := range rounds {
			for _, p := range pages {
				took[p.name] = append(took[p.name], request(p, p.paths[i%len(p.paths)]))
			}
		}
	}
	b.StopTimer()
	if statements != "" {
		logTopStatements(ctx, b, pool, envInt(b, "CLAIMDESK_BENCH_DASHBOARD_STATEMENTS", 0))
	}
	for _, p := range pages {
		ds := took[p.name]
		slices.Sort(ds)
		for _, q := range []struct {
			name string
			at   float64
		}{{"p50", 0.50}, {"p95", 0.95}, {"p99", 0.99}} {
			b.ReportMetric(float64(percentile(ds, q.at))/float64(time.Millisecond), fmt.Sprintf("%s-%s-ms", p.name, q.name))
		}
	}
	b.ReportMetric(float64(sizes.Claims), "claims")
	b.ReportMetric(float64(sizes.Open), "open-claims")
	b.ReportMetric(float64(sizes.Documents), "documents")
	b.ReportMetric(float64(sizes.Messages), "messages")
}

// scaleCredentials signs a coordinator in, returning a session cookie's
// value, an API token and the "Mine" cookie's value for them.
func scaleCredentials(ctx context.Context, b *testing.B, db *storage.DB, now time.Time) (session, token, mine string) {
	b.Helper()
	u, err := db.CreateUser(ctx, storage.User{Email: "ana@smrestore.example", Name: "Ana", PasswordHash: "unused"})
	if err != nil {
		b.Fatal(err)
	}
	session = randomToken()
	if err := db.CreateSession(ctx, hashToken(session), u.ID, randomToken(), now, now.Add(24*time.Hour)); err != nil {
		b.Fatal(err)
	}
	token, hash := NewAPIToken()
	if _, err := db.CreateAPIToken(ctx, "bench", hash, u.ID, now); err != nil {
		b.Fatal(err)
	}
	return session, token, mineValue(u.ID)
}

// percentile returns the value at quantile q of sorted ds (nearest rank).
func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := int(float64(len(ds))*q+0.999999) - 1
	return ds[max(0, min(i, len(ds)-1))]
}

// envInt reads a positive whole number from the environment, def when
// unset.
func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s: want a positive number, got %q", name, v)
	}
	return n
}

// resetStatementStats starts Postgres' statement statistics afresh for the
// benchmark's database.
func resetStatementStats(ctx context.Context, b *testing.B, pool *pgxpool.Pool) {
	b.Helper()
	_, err := pool.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`)
	if err == nil {
		_, err = pool.Exec(ctx, `SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)`)
	}
	if err != nil {
		b.Fatalf("statement statistics (does the server load pg_stat_statements?): %v", err)
	}
}

// logTopStatements logs the n statements of the benchmark's database that
// took Postgres most time since resetStatementStats.
func logTopStatements(ctx context.Context, b *testing.B, pool *pgxpool.Pool, n int) {
	b.Helper()
	rows, err := pool.Query(ctx, `
		SELECT calls, total_exec_time / calls, total_exec_time, rows / calls, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
		FROM pg_stat_statements
		WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND calls > 0
		ORDER BY total_exec_time DESC
		LIMIT $1`, n)
	if err != nil {
		b.Fatalf("statement statistics: %v", err)
	}
	var (
		calls, perCall int64
		mean, total    float64
		query          string
	)
	_, err = pgx.ForEachRow(rows, []any{&calls, &mean, &total, &perCall, &query}, func() error {
		b.Logf("%7d calls %8.2f ms/call %9.0f ms %6d rows/call  %s", calls, mean, total, perCall, query)
		return nil
	})
	if err != nil {
		b.Fatalf("statement statistics: %v", err)
	}
}
