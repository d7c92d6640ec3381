package storage_test

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// Reading what filing a message needs plans each of its statements once
// for the connection, from the first message on, and leaves the
// transaction's settings as it found them.
func TestFilingStateKeepsOneGenericPlan(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, pool, mailbox := openOneConnMailbox(t)
	insertMessages(t, pool, mailbox, 20)
	for id := int64(1); id <= 8; id++ {
		var modes string
		err := db.InTx(ctx, func(tx pgx.Tx) error {
			st, err := storage.LockFilingState(ctx, tx, id, 0, false)
			if err != nil {
				return err
			}
			if st.Message.ID != id {
				t.Errorf("locked message %d, want %d", st.Message.ID, id)
			}
			return tx.QueryRow(ctx, `SELECT current_setting('plan_cache_mode') || ' ' || current_setting('enable_seqscan')`).Scan(&modes)
		})
		if err != nil {
			t.Fatal(err)
		}
		if modes != "auto on" {
			t.Fatalf("plan_cache_mode and enable_seqscan after message %d are %s, want auto on as before", id, modes)
		}
	}
	for _, pattern := range []string{"%FROM messages WHERE id = $1 FOR UPDATE%", "%FROM message_parts%is_attachment%",
		"%FROM claims c JOIN offices o%"} {
		checkGenericPlansOnly(t, pool, pattern, 8)
	}
}

// A message's attachments are found by the message's key, by the plan the
// connection keeps: made on a table just filled as on one analyzed since.
func TestFilingPartsReadByMessage(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, pool, mailbox := openOneConnMailbox(t)
	conn := acquireConn(t, pool)
	insertMessages(t, conn, mailbox, 5000)
	if _, err := conn.Exec(ctx, `INSERT INTO message_parts (message_id, part_path, content_type, is_attachment, sha256)
		SELECT id, p::text, 'application/pdf', p > 1, CASE WHEN p > 1 THEN encode(sha256((id * 10 + p)::text::bytea), 'hex') END
		FROM messages, generate_series(1, 3) AS p`); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		plan := explainGeneric(t, conn, storage.FilingPartsSQL, `2500`)
		if !strings.Contains(plan, "message_parts_message_id_part_path_key") || strings.Contains(plan, "Seq Scan") {
			t.Errorf("%s: the plan does not find the parts by their message:\n%s", when, plan)
		}
	}
	check("just filled")
	if _, err := conn.Exec(ctx, `ANALYZE messages, message_parts`); err != nil {
		t.Fatal(err)
	}
	check("analyzed")
}
