package migrations_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// rowTriggerSetup gives the scenario two offices, a mailbox in each, and
// claims: two open in the first office, one in the second, one closed.
const rowTriggerSetup = `
	INSERT INTO offices (name, slug, domain) VALUES ('East', 'east', 'east.example');
	INSERT INTO mailboxes (account, folder, role, office_id) VALUES
		('claims@office.example', 'INBOX', 'inbox', 1),
		('claims@east.example', 'INBOX', 'inbox', (SELECT id FROM offices WHERE slug = 'east'));
	INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1), ('26-1002-WTR', 1),
		('26-1003-WTR', (SELECT id FROM offices WHERE slug = 'east'));
	INSERT INTO claims (job_number, status, closed_at, office_id) VALUES ('26-1004-WTR', 'closed', '2026-03-01Z', 1);`

// rowTriggerScenario is mail being imported, processed, filed, moved and
// removed, a transaction (or a statement) per element, touching every
// table whose rows notify the dashboard or queue a claim's alerts.
var rowTriggerScenario = []string{
	// an import batch: mail of both offices, one row already filed
	`BEGIN;
	 INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, subject, from_name, from_address, office_id)
	 VALUES (1, 1, 1, 'in', repeat('1', 64), 10, 'Water damage 26-1001-WTR photos', 'Jane Adjuster', 'jane@carrier.example', 1);
	 INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, subject, from_name, from_address, office_id)
	 VALUES (1, 1, 2, 'in', repeat('2', 64), 10, 'follow-up on the estimate', 'Bob', 'bob@insured.example', 1);
	 INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, subject, from_name, from_address, office_id)
	 VALUES (2, 1, 3, 'in', repeat('3', 64), 10, 'Moisture log', 'Ann Tech-Smith', 'ann@east.example', 2);
	 INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, subject, claim_id, received_at, office_id)
	 VALUES (1, 1, 4, 'in', repeat('4', 64), 10, 'Late photos 26-1004-WTR', 4, '2026-03-05Z', 1);
	 INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, subject, claim_id, received_at, office_id)
	 VALUES (1, 1, 5, 'out', repeat('5', 64), 10, 'Re: Late photos', 4, '2026-03-05Z', 1);
	 COMMIT`,
	// processing and filing one message: its row twice, documents, a
	// request and a claim update
	`BEGIN;
	 UPDATE messages SET body_text = 'Call 555-123-4567 about claim 60-8H77-8H5, job 26-1001-WTR.', status = 'parsed',
	        claim_id = 1, needs_ack = true WHERE uid = 1;
	 INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
	 VALUES (1, repeat('a', 64), 1, 'estimate 26-1001.pdf', 'estimate', 'Estimates', 'k1', now(), 1);
	 INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
	 VALUES (1, repeat('b', 64), 1, 'mail.eml', 'correspondence', 'Correspondence', 'k2', now(), 1);
	 INSERT INTO requests (claim_id, message_id, from_addr, text, asked_at, office_id)
	 VALUES (1, (SELECT id FROM messages WHERE uid = 1), 'jane@carrier.example', 'send photos', now(), 1);
	 INSERT INTO claim_updates (claim_id, at, source) VALUES (1, now(), 'note');
	 UPDATE messages SET claim_id = 1, status = 'filed' WHERE uid = 1;
	 COMMIT`,
	// work rolled back to a savepoint is notified and queued again after it
	`BEGIN;
	 SAVEPOINT a;
	 UPDATE messages SET status = 'triage' WHERE uid = 2;
	 INSERT INTO claim_updates (claim_id, at, source) VALUES (2, now(), 'note');
	 ROLLBACK TO SAVEPOINT a;
	 UPDATE messages SET status = 'ignored' WHERE uid = 2;
	 INSERT INTO claim_updates (claim_id, at, source) VALUES (2, now(), 'note');
	 INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
	 VALUES (2, repeat('c', 64), 1, 'follow-up notes.pdf', 'other', 'Other', 'k3', now(), 1);
	 COMMIT`,
	// HTML mail, and mail marked after its claim closed
	`UPDATE messages SET body_html = '<p>Job <b>26-1003-WTR</b> &amp; well-being</p>', status = 'parsed', claim_id = 3 WHERE uid = 3`,
	`UPDATE messages SET claim_id = NULL, status = 'triage' WHERE uid = 4`,
	`UPDATE messages SET claim_id = 4, status = 'filed' WHERE uid = 4`,
	`UPDATE messages SET direction = 'in' WHERE uid = 5`,
	// moves: a message, then a claim with its message, documents, request
	// and equipment
	`UPDATE messages SET office_id = 2 WHERE uid = 2`,
	`UPDATE messages SET office_id = 1 WHERE uid = 2`,
	`INSERT INTO equipment (claim_id, kind, count, office_id) VALUES (2, 'dehumidifier', 2, 1)`,
	`UPDATE messages SET claim_id = 2 WHERE uid = 2`,
	`UPDATE claims SET office_id = 2 WHERE id = 2`,
	`UPDATE equipment SET count = 3`,
	`UPDATE documents SET verified_at = now() WHERE browse_key = 'k1'`,
	`UPDATE claim_updates SET claim_id = 3 WHERE claim_id = 2`,
	// one statement, many rows
	`UPDATE messages SET needs_ack = false`,
	// removals
	`BEGIN;
	 DELETE FROM requests;
	 DELETE FROM documents WHERE browse_key = 'k2';
	 DELETE FROM claim_updates WHERE claim_id = 1;
	 DELETE FROM equipment;
	 DELETE FROM messages WHERE uid = 5;
	 COMMIT`,
}

// rowTriggerOutcome is what the scenario leaves for the dashboard, the SLA
// board and search.
type rowTriggerOutcome struct {
	notifications []string // per transaction, "end" after each
	alerts        []string // claim queued: changes
	messages      []string // uid: after_close, search words
	documents     []string // browse key: search words
}

// runRowTriggerScenario runs the scenario on the fresh database at dsn and
// returns what it left.
func runRowTriggerScenario(t *testing.T, dsn string) rowTriggerOutcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn := connect(t, dsn)
	listener := connect(t, dsn)
	if _, err := conn.Exec(ctx, rowTriggerSetup); err != nil {
		t.Fatal(err)
	}
	if _, err := listener.Exec(ctx, "LISTEN claimdesk_changes"); err != nil {
		t.Fatal(err)
	}
	for _, step := range rowTriggerScenario {
		if _, err := conn.Exec(ctx, step); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if _, err := conn.Exec(ctx, `SELECT pg_notify('claimdesk_changes', 'end')`); err != nil {
			t.Fatal(err)
		}
	}
	var out rowTriggerOutcome
	for ends := 0; ends < len(rowTriggerScenario); {
		n, err := listener.WaitForNotification(ctx)
		if err != nil {
			t.Fatalf("after notifications %q: %v", out.notifications, err)
		}
		out.notifications = append(out.notifications, n.Payload)
		if n.Payload == "end" {
			ends++
		}
	}
	out.alerts = queryStrings(t, conn, `SELECT c.job_number || ': ' || s.changes
		FROM claim_alerts_stale s JOIN claims c ON c.id = s.claim_id ORDER BY 1`)
	out.messages = queryStrings(t, conn, `SELECT uid || ': ' || after_close || ' ' || search_vector::text
		|| ' / ' || coalesce(header_search_vector::text, '-') FROM messages ORDER BY uid`)
	out.documents = queryStrings(t, conn, `SELECT browse_key || ': ' || name_search_vector::text FROM documents ORDER BY browse_key`)
	return out
}

// TestRowTriggersKeepWhatTheyTell: since migration 47 calls fewer
// triggers, the scenario's notifications, in order, the claims queued for
// their alerts and how often, the after-close marks and the search words
// are still those of version 46.
func TestRowTriggersKeepWhatTheyTell(t *testing.T) {
	t.Parallel()
	before := runRowTriggerScenario(t, dsnAt(t, 46))
	after := runRowTriggerScenario(t, testenv.Postgres(t))
	for _, c := range []struct {
		what          string
		before, after []string
		want          string
	}{
		{"notifications", before.notifications, after.notifications, "claims:2"},
		{"claims queued for alerts", before.alerts, after.alerts, "26-1003-WTR:"},
		{"messages", before.messages, after.messages, "4: true"},
		{"documents", before.documents, after.documents, "'261001'"},
	} {
		if !slices.Equal(c.before, c.after) {
			t.Errorf("%s differ:\nversion 46: %q\nlatest:     %q", c.what, c.before, c.after)
		}
		if !slices.ContainsFunc(c.before, func(s string) bool { return strings.Contains(s, c.want) }) {
			t.Errorf("%s of version 46 have nothing with %q: %q", c.what, c.want, c.before)
		}
	}
}

// TestRowTriggersCalledOnce: importing and filing mail enters a trigger
// function once per transaction for each table's notification, once per
// row for its claim's alerts, and not at all for number words in a text
// without a dash or for the body of mail not parsed yet.
func TestRowTriggersCalledOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := connect(t, testenv.Postgres(t))
	if _, err := conn.Exec(ctx, `
		INSERT INTO mailboxes (account, folder, role, office_id) VALUES ('claims@office.example', 'INBOX', 'inbox', 1);
		INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1)`); err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL track_functions = 'pl'`); err != nil {
		t.Fatal(err)
	}
	// the counts not yet reported include the work before the transaction
	count := func(prefix string) int {
		t.Helper()
		var n int
		if err := tx.QueryRow(ctx, `SELECT coalesce(sum(pg_stat_get_xact_function_calls(oid)), 0)
			FROM pg_proc WHERE starts_with(proname, $1)`, prefix).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := map[string]int{}
	for _, f := range []string{"claimdesk_message_text", "claimdesk_number_words", "claimdesk_notify", "claim_alerts"} {
		before[f] = count(f)
	}
	calls := func(prefix string) int { return count(prefix) - before[prefix] }
	for uid := 1; uid <= 3; uid++ {
		if _, err := tx.Exec(ctx, `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size,
			subject, from_name, from_address, office_id)
			VALUES (1, 1, $1::int, 'in', repeat($1::text, 64), 10, 'Water damage', 'Jane Adjuster', 'jane@carrier.example', 1)`,
			uid); err != nil {
			t.Fatal(err)
		}
	}
	if n := calls("claimdesk_message_text"); n != 0 {
		t.Errorf("mail not parsed yet: claimdesk_message_text called %d times, want 0", n)
	}
	if n := calls("claimdesk_number_words"); n != 0 {
		t.Errorf("texts without a dash: claimdesk_number_words called %d times, want 0", n)
	}
	if _, err := tx.Exec(ctx, `
		UPDATE messages SET body_text = 'Photos attached.', status = 'parsed', claim_id = 1, needs_ack = true WHERE uid = 1;
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		VALUES (1, repeat('a', 64), 1, 'a.pdf', 'estimate', 'Estimates', 'k1', now(), 1);
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		VALUES (1, repeat('b', 64), 1, 'b.jpg', 'photo', 'Photos', 'k2', now(), 1);
		UPDATE messages SET claim_id = 1, status = 'filed' WHERE uid = 1;
		SET CONSTRAINTS ALL IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	if n := calls("claimdesk_notify"); n != 2 {
		t.Errorf("messages and documents of one office: notification triggers called %d times, want 2", n)
	}
	if n := calls("claim_alerts"); n != 3 {
		t.Errorf("a message and two documents filed: alert functions called %d times, want 3", n)
	}
}

func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func queryStrings(t *testing.T, conn *pgx.Conn, query string) []string {
	t.Helper()
	rows, err := conn.Query(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}
