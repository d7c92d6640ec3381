package storage_test

import (
	"strings"
	"testing"

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
