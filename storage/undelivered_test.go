package storage_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestUndeliveredReadsItsIndexes makes the statements of undelivered mail
// read their partial indexes, among 5,000 messages of which 1,000 are
// reports no message of the office answers to (bounces of spam forging its
// address, which stay): linking an office's message finds its reports by
// Message-ID, and the board counts only the linked reports not yet seen.
func TestUndeliveredReadsItsIndexes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, pool, mailbox := openOneConnMailbox(t)
	conn := acquireConn(t, pool)
	insertMessages(t, conn, mailbox, 5000)
	if _, err := conn.Exec(ctx, `UPDATE messages SET undelivered = jsonb_build_object('returned', '<spam' || id || '@office.example>',
		'recipients', '[{"address": "x@gone.example", "status": "5.1.1"}]'::jsonb) WHERE id % 5 = 0`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `UPDATE messages SET undelivered_of = id - 1 WHERE id % 1000 = 0`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `ANALYZE messages`); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, sql, args, index string
	}{
		{"link", storage.LinkReportsOfSQL, "42", "messages_undelivered_waiting_idx"},
		{"count", storage.UndeliveredCountSQL, "now() - interval '30 days', NULL", "messages_undelivered_idx"},
	} {
		plan := explainGeneric(t, conn, tt.sql, tt.args)
		if !strings.Contains(plan, tt.index) || strings.Contains(plan, "Seq Scan") {
			t.Errorf("%s: the plan does not read %s alone:\n%s", tt.name, tt.index, plan)
		}
	}
}

// TestLinkingAReportTellsTheBoard stores a report of the office's message
// before the message, then after it: each is linked by the look of the one
// stored second, and each link tells the board (a notification of the
// office's messages), so that it shows the report at once. A report naming
// none of the message's recipients is never linked.
func TestLinkingAReportTellsTheBoard(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := t.Context()
	pool := storage.PoolOf(db)
	mailbox, err := db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	insert := func(uid int, direction, messageID, undelivered string) int64 {
		t.Helper()
		var id int64
		err := pool.QueryRow(ctx, `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, office_id,
			message_id, to_addresses, undelivered)
			VALUES ($1, 1, $2, $3, $6, 10, 1, $4, '{Ann@Carrier.example}', nullif($5, '')::jsonb) RETURNING id`,
			mailbox.ID, uid, direction, messageID, undelivered, strings.Repeat(fmt.Sprint(uid), 64)).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	report := func(uid int, returned, to string) int64 {
		return insert(uid, "in", fmt.Sprintf("<r%d@mx.example>", uid),
			fmt.Sprintf(`{"returned": %q, "recipients": [{"address": %q, "status": "5.1.1"}]}`, returned, to))
	}
	notes := make(chan string, 16)
	listening := make(chan struct{})
	go db.Listen(ctx, "claimdesk_changes", func(payload string) {
		if payload == "" {
			close(listening)
			return
		}
		notes <- payload
	})
	<-listening
	linked := func(what string, id int64, want *int64) {
		t.Helper()
		var of *int64
		if err := pool.QueryRow(ctx, `SELECT undelivered_of FROM messages WHERE id = $1`, id).Scan(&of); err != nil {
			t.Fatal(err)
		}
		if (of == nil) != (want == nil) || (of != nil && *of != *want) {
			t.Errorf("%s: linked to %v, want %v", what, of, want)
		}
	}
	told := func(what string) {
		t.Helper()
		select {
		case got := <-notes:
			if got != "messages:1" {
				t.Errorf("%s: notification %q, want messages:1", what, got)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: the board was not told", what)
		}
	}

	early := report(1, "<cos@office.example>", "ann@carrier.example")
	forged := report(2, "<cos@office.example>", "someone@elsewhere.example")
	told("reports stored")
	if err := db.LinkUndeliveredReport(ctx, early); err != nil {
		t.Fatal(err)
	}
	linked("a report before the office's message", early, nil)
	sent := insert(3, "out", "<cos@office.example>", "")
	told("the office's message stored")
	if err := db.LinkReportsOf(ctx, sent); err != nil {
		t.Fatal(err)
	}
	told("the report linked by the office's message")
	linked("the report, once the office's message is stored", early, &sent)
	linked("a report naming someone else", forged, nil)

	late := report(4, "<cos@office.example>", "ann@carrier.example")
	told("a report after the office's message")
	if err := db.LinkUndeliveredReport(ctx, late); err != nil {
		t.Fatal(err)
	}
	told("the report linked by itself")
	linked("a report after the office's message", late, &sent)
}
