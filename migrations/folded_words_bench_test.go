package migrations_test

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/migrations"
)

// BenchmarkFoldedWordsMigration times migration 56 on an office's stored
// mail: 300,000 messages of about 1.5 KB by default (half plain, 30 % with
// curly quotes, 15 % naming people with accents, 5 % in Spanish or
// Vietnamese, and one sender in 25 with an accent), as many documents (3 %
// of their names with accents) and a sixth as many texts of PDFs of about
// 3 KB (one in ten with accents). Seeding (at schema 55, the search words
// made by their triggers and generated columns) takes minutes and is not
// timed. It logs how long finding the messages to index again takes alone,
// and each UPDATE's time (pg_stat_statements, which the test cluster
// loads). Sizes: CLAIMDESK_BENCH_MIGRATION_MESSAGES, _DOCUMENTS, _TEXTS.
//
//	go test -run '^$' -bench FoldedWordsMigration -benchtime 1x ./migrations/
func BenchmarkFoldedWordsMigration(b *testing.B) {
	ctx := context.Background()
	messages := benchEnvInt(b, "CLAIMDESK_BENCH_MIGRATION_MESSAGES", 300_000)
	documents := benchEnvInt(b, "CLAIMDESK_BENCH_MIGRATION_DOCUMENTS", messages)
	texts := benchEnvInt(b, "CLAIMDESK_BENCH_MIGRATION_TEXTS", messages/6)
	for b.Loop() {
		b.StopTimer()
		dsn := dsnAt(b, 59)
		db := openDSN(b, dsn)
		started := time.Now()
		for _, st := range []struct {
			q    string
			rows int
		}{
			{`INSERT INTO mailboxes (account, folder, role, office_id) VALUES ('claims@office.example', 'INBOX', 'inbox', 1)`, 0},
			{`INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1)`, 0},
			{`INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, subject, from_name,
			                      from_address, body_text, status, office_id)
			SELECT 1, 1, i, 'in', encode(sha256(i::text::bytea), 'hex'), 20000,
			       'RE: Water loss 26-' || (1000 + i % 400) || '-WTR - daily update',
			       CASE WHEN i % 25 = 0 THEN 'José Muñoz' ELSE 'Pat Adjuster' END, 'tech' || (i % 40) || '@example.com',
			       CASE WHEN i % 20 < 10 THEN 'Hi Pat, readings in room ' || (i % 12) || ' are down to ' || (i % 30) || ' percent today. '
			            WHEN i % 20 < 16 THEN E'Hi Pat, we\u2019ll pick up the dehumidifier Friday; the homeowner said it\u2019s \u201cfine\u201d.\u00a0Readings are at '
			                                  || (i % 30) || E' percent.\u00a0'
			            WHEN i % 20 < 19 THEN 'Hi Pat, I spoke with Tomás Peña this morning; Mrs. Peña says the stain in the baño is back. Readings are at '
			                                  || (i % 30) || ' percent. '
			            WHEN i % 40 = 19 THEN 'Hola Tomás, la señora Peña llamó sobre la reparación del baño. La humedad está en ' || (i % 30) || ' por ciento. '
			            ELSE 'Chào anh, chị Trần Thị Nguyễn gọi về trần nhà bị dột ở phòng khách. Độ ẩm hôm nay là ' || (i % 30) || ' phần trăm. '
			       END || repeat('Equipment checked, air movers running, baseboards removed along the north wall, drying continues. ', 12),
			       'filed', 1
			FROM generate_series(1, $1::int) i`, messages},
			{`INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
			SELECT 1, encode(sha256(('doc' || i)::bytea), 'hex'), 1000,
			       CASE WHEN i % 100 < 3 THEN 'Estimación Peña ' || i || '.pdf' ELSE 'IMG_' || i || '.jpg' END,
			       'photo', 'Photos', 'k' || i, now(), 1
			FROM generate_series(1, $1::int) i`, documents},
			{`INSERT INTO file_texts (sha256, content)
			SELECT encode(sha256(('doc' || i)::bytea), 'hex'),
			       CASE WHEN i % 10 = 0 THEN 'ESTIMACIÓN para la señora Peña, reparación del baño. ' ELSE 'ESTIMATE for water mitigation. ' END
			       || repeat('Line item: remove and replace baseboard, 42 LF, antimicrobial application 250 SF. ', 36)
			FROM generate_series(1, $1::int) i`, texts},
			{`VACUUM ANALYZE messages, documents, file_texts`, 0},
		} {
			var args []any
			if st.rows > 0 {
				args = append(args, st.rows)
			}
			if _, err := db.ExecContext(ctx, st.q, args...); err != nil {
				b.Fatal(err)
			}
		}
		var rows int
		if err := db.QueryRowContext(ctx, `
			SELECT (SELECT count(*) FROM messages WHERE concat(subject, from_name, body_text) ~ '[À-ỹ]')
			     + (SELECT count(*) FROM documents WHERE filename ~ '[À-ỹ]')
			     + (SELECT count(*) FROM file_texts WHERE content ~ '[À-ỹ]')`).Scan(&rows); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %d messages, %d documents, %d texts in %s; %d of them with accents",
			messages, documents, texts, time.Since(started).Round(time.Second), rows)
		// What finding the messages to index again costs alone.
		scanned := time.Now()
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE EXISTS (SELECT FROM unnest(search_vector) w
			WHERE CASE WHEN octet_length(w.lexeme) = length(w.lexeme) THEN false ELSE w.lexeme ~ '[À-ỹ]' END)`).Scan(&rows); err != nil {
			b.Fatal(err)
		}
		b.Logf("%d messages hold words with accents, found in %s", rows, time.Since(scanned).Round(time.Millisecond))
		// Each statement's time, where Postgres keeps statements' statistics.
		_, statsErr := db.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`)
		b.StartTimer()
		if _, err := migrations.Up(ctx, db); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if statsErr == nil {
			logStatementTimes(ctx, b, db)
		}
		b.StartTimer()
	}
}

// logStatementTimes logs the time each UPDATE of the migration took.
func logStatementTimes(ctx context.Context, b *testing.B, db *sql.DB) {
	b.Helper()
	rows, err := db.QueryContext(ctx, `SELECT split_part(query, E'\n', 1), calls, round(total_exec_time)::bigint
		FROM pg_stat_statements
		WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query LIKE 'UPDATE %' AND rows > 0
		ORDER BY total_exec_time DESC`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var query string
		var calls, ms int64
		if err := rows.Scan(&query, &calls, &ms); err != nil {
			b.Fatal(err)
		}
		b.Logf("%6d ms  %s", ms, query)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
}

// benchEnvInt reads a positive whole number from the environment, def when
// unset.
func benchEnvInt(b *testing.B, name string, def int) int {
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
