package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgStatTop is how many statements and functions logPostgresTop names.
const pgStatTop = 20

// workersDSN is dsn for the connections of the workers a benchmark times.
// The test harness' server keeps statistics of every statement, those of
// functions and triggers too, and of their planning; claimdesk serve's
// does not, and keeping them costs Postgres about a sixth more CPU in a
// backfill. So the workers run without them, unless benchPGStatsEnv asks
// for the statements Postgres spent its time on.
func workersDSN(dsn string) string {
	if pgStatsWanted() {
		return dsn
	}
	return dsn + " options='-c pg_stat_statements.track=none -c pg_stat_statements.track_planning=off -c track_functions=none'"
}

// pgStatsWanted reports whether benchPGStatsEnv asks for the workers'
// statement statistics.
func pgStatsWanted() bool { return os.Getenv(benchPGStatsEnv) != "" }

// resetPostgresStats empties the statement and function statistics of the
// benchmark's database, so that what logPostgresTop reports is the run's
// alone. It reports false when they are not asked for (benchPGStatsEnv),
// or the server keeps none (testenv turns them on where
// pg_stat_statements is installed).
func resetPostgresStats(b *testing.B, pool *pgxpool.Pool) bool {
	b.Helper()
	if !pgStatsWanted() {
		return false
	}
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`); err != nil {
		b.Logf("no statement statistics: %v", err)
		return false
	}
	if _, err := pool.Exec(ctx, `SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0), pg_stat_reset()`); err != nil {
		b.Fatal(err)
	}
	return true
}

// logPostgresTop logs the statements (those run by functions and triggers
// too, marked nested) that took the most of Postgres' execution time since
// resetPostgresStats, those run most often (the round trips), those
// planned most often (a statement planned at nearly every call keeps no
// plan), and the PL/pgSQL functions that took the most time.
func logPostgresTop(b *testing.B, pool *pgxpool.Pool) {
	b.Helper()
	ctx := context.Background()
	var total, planning float64
	var calls, plans int64
	if err := pool.QueryRow(ctx, `SELECT coalesce(sum(total_exec_time), 0), coalesce(sum(calls), 0)::bigint,
		coalesce(sum(total_plan_time), 0), coalesce(sum(plans), 0)::bigint FROM pg_stat_statements
		WHERE toplevel AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&total, &calls, &planning, &plans); err != nil {
		b.Fatal(err)
	}
	b.Logf("postgres: top-level statements %.1f s of execution, %d calls", total/1000, calls)
	b.Logf("postgres: top-level statements %.2f s of planning, %d plans", planning/1000, plans)
	// A statement whose plan costs more than jit_above_cost is compiled
	// to machine code first: tens of milliseconds, worth it only for
	// statements that read millions of rows.
	var jitted int64
	var jitTime float64
	if err := pool.QueryRow(ctx, `SELECT coalesce(sum(jit_functions), 0)::bigint,
		coalesce(sum(jit_generation_time + jit_inlining_time + jit_optimization_time + jit_emission_time), 0)
		FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&jitted, &jitTime); err != nil {
		b.Fatal(err)
	}
	b.Logf("postgres: %d functions compiled by JIT, %.2f s compiling", jitted, jitTime/1000)
	logReplanCauses(b, pool)
	logTopStatements(b, pool, "total_exec_time")
	logTopStatements(b, pool, "calls")
	logTopStatements(b, pool, "plans")
	rows, err := pool.Query(ctx, `SELECT funcname, calls, total_time, self_time FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT $1`, pgStatTop)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var n int64
		var totalMs, selfMs float64
		if err := rows.Scan(&name, &n, &totalMs, &selfMs); err != nil {
			b.Fatal(err)
		}
		b.Logf("postgres function: %7.2f s (self %.2f s) %6d calls %s", totalMs/1000, selfMs/1000, n, name)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	logMessageIndexes(b, pool)
}

// logReplanCauses logs what makes Postgres plan statements it has planned
// before: each session opened plans every statement it runs again, and
// each analyze or vacuum of a table invalidates every kept plan that reads
// it, in every session.
func logReplanCauses(b *testing.B, pool *pgxpool.Pool) {
	b.Helper()
	ctx := context.Background()
	var sessions int64
	if err := pool.QueryRow(ctx, `SELECT sessions FROM pg_stat_database WHERE datname = current_database()`).Scan(&sessions); err != nil {
		b.Fatal(err)
	}
	rows, err := pool.Query(ctx, `SELECT relname || ' ' || autoanalyze_count + analyze_count || '/' || autovacuum_count + vacuum_count
		FROM pg_stat_user_tables WHERE autoanalyze_count + analyze_count + autovacuum_count + vacuum_count > 0 ORDER BY relname`)
	if err != nil {
		b.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("postgres: %d sessions opened; tables analyzed/vacuumed: %s", sessions, strings.Join(tables, ", "))
}

// logMessageIndexes logs how many of messages' updates were HOT (they
// write no index entry) and, per index of messages, how many buffers its
// reads and writes touched and how often a query read it: what each index
// costs the rows' writes against what it gives the reads.
func logMessageIndexes(b *testing.B, pool *pgxpool.Pool) {
	b.Helper()
	ctx := context.Background()
	var ins, upd, hot int64
	if err := pool.QueryRow(ctx, `SELECT n_tup_ins, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'messages'`).Scan(&ins, &upd, &hot); err != nil {
		b.Fatal(err)
	}
	b.Logf("postgres messages: %d rows inserted, %d updated, %d of them HOT", ins, upd, hot)
	rows, err := pool.Query(ctx, `SELECT s.indexrelname, s.idx_scan, io.idx_blks_hit + io.idx_blks_read, pg_relation_size(s.indexrelid)
		FROM pg_stat_user_indexes s JOIN pg_statio_user_indexes io USING (indexrelid)
		WHERE s.relname = 'messages' ORDER BY 3 DESC`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var scans, blocks, size int64
		if err := rows.Scan(&name, &scans, &blocks, &size); err != nil {
			b.Fatal(err)
		}
		b.Logf("postgres messages index: %8d buffers %6d scans %6d kB %s", blocks, scans, size/1024, name)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
}

// logTopStatements logs the statements first by order, a column of
// pg_stat_statements (a constant of ours, never input).
func logTopStatements(b *testing.B, pool *pgxpool.Pool, order string) {
	b.Helper()
	rows, err := pool.Query(context.Background(), `SELECT total_exec_time, calls, rows, plans, total_plan_time, toplevel,
		left(regexp_replace(query, '\s+', ' ', 'g'), 220)
		FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		ORDER BY `+order+` DESC LIMIT $1`, pgStatTop)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	b.Logf("postgres statements by %s:", order)
	for rows.Next() {
		var ms, planMs float64
		var n, nrows, plans int64
		var top bool
		var query string
		if err := rows.Scan(&ms, &n, &nrows, &plans, &planMs, &top, &query); err != nil {
			b.Fatal(err)
		}
		where := "nested"
		if top {
			where = "top"
		}
		b.Logf("postgres statement: %7.2f s %6d calls %8.3f ms/call %6.1f rows/call %6d plans %6.2f s planning %s: %s",
			ms/1000, n, ms/float64(max(n, 1)), float64(nrows)/float64(max(n, 1)), plans, planMs/1000, where, query)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
}

// clockTicks is the unit of /proc's CPU times (USER_HZ, 100 on Linux).
const clockTicks = 100

// postgresCPU returns the CPU time the Postgres server behind pool has
// used so far: its postmaster's, its live processes' and its ended
// processes' (which the postmaster reaped). It reports false where /proc
// cannot tell (another machine, another system).
func postgresCPU(b *testing.B, pool *pgxpool.Pool) (time.Duration, bool) {
	b.Helper()
	var backend int
	if err := pool.QueryRow(context.Background(), `SELECT pg_backend_pid()`).Scan(&backend); err != nil {
		b.Fatal(err)
	}
	st, ok := procStat(strconv.Itoa(backend))
	if !ok {
		return 0, false
	}
	postmaster := st[1]
	pm, ok := procStat(postmaster)
	if !ok {
		return 0, false
	}
	// utime, stime, cutime, cstime
	ticks := statField(pm, 11) + statField(pm, 12) + statField(pm, 13) + statField(pm, 14)
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		if st, ok := procStat(filepath.Base(d)); ok && st[1] == postmaster {
			ticks += statField(st, 11) + statField(st, 12)
		}
	}
	return time.Duration(ticks) * time.Second / clockTicks, true
}

// kernelThreadsCPU returns the CPU time the kernel's own threads (the
// children of kthreadd, pid 2) have used so far: mostly writing dirty
// pages back to the disk, a cost of every byte the pipeline writes that
// no process of its own is charged for.
func kernelThreadsCPU() (time.Duration, bool) {
	dirs, err := filepath.Glob("/proc/[0-9]*")
	if err != nil || len(dirs) == 0 {
		return 0, false
	}
	var ticks int64
	for _, d := range dirs {
		if st, ok := procStat(filepath.Base(d)); ok && st[1] == "2" {
			ticks += statField(st, 11) + statField(st, 12)
		}
	}
	return time.Duration(ticks) * time.Second / clockTicks, true
}

// procStat returns the fields of /proc/PID/stat after the command's name,
// from the state on: [0] state, [1] parent pid, [11] utime.
func procStat(pid string) ([]string, bool) {
	raw, err := os.ReadFile(filepath.Join("/proc", pid, "stat"))
	if err != nil {
		return nil, false
	}
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return nil, false
	}
	f := strings.Fields(s[i+1:])
	return f, len(f) > 14
}

func statField(f []string, i int) int64 {
	n, _ := strconv.ParseInt(f[i], 10, 64)
	return n
}

// machineCPU returns the machine's CPU time, all cores together, spent
// busy and idle (waiting for the disk counts as idle) since boot, from
// /proc/stat; false where there is none.
func machineCPU() (busy, idle time.Duration, ok bool) {
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, false
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal
	if len(f) < 9 || f[0] != "cpu" {
		return 0, 0, false
	}
	for i := 1; i <= 8; i++ {
		n := time.Duration(statField(f, i)) * time.Second / clockTicks
		if i == 4 || i == 5 {
			idle += n
		} else {
			busy += n
		}
	}
	return busy, idle, true
}
