package storage_test

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// Storing a processed message plans its update once for the connection,
// from the first message on, and leaves the transaction's plan_cache_mode
// as it found it.
func TestProcessedMessageKeepsOneGenericPlan(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, pool, mailbox := openOneConnMailbox(t)
	insertMessages(t, pool, mailbox, 20)
	parsed := storage.ParsedMessage{BodyText: "Photos attached.", Parts: []storage.MessagePart{
		{Path: "1", ContentType: "text/plain"},
		{Path: "2", ContentType: "image/jpeg", IsAttachment: true, SHA256: sha("part", 2), Size: 10},
	}}
	for id := int64(1); id <= 8; id++ {
		var mode string
		err := db.InTx(ctx, func(tx pgx.Tx) error {
			if err := storage.SaveProcessed(ctx, tx, id, parsed, storage.Classification{Status: storage.StatusTriage}); err != nil {
				return err
			}
			return tx.QueryRow(ctx, `SELECT current_setting('plan_cache_mode')`).Scan(&mode)
		})
		if err != nil {
			t.Fatal(err)
		}
		if mode != "auto" {
			t.Fatalf("plan_cache_mode after storing message %d is %s, want auto as before", id, mode)
		}
	}
	checkGenericPlansOnly(t, pool, "%WITH earlier_parts AS%", 8)
}

// The update of a processed message finds the message by its key and its
// earlier parts by theirs, by the plan the connection keeps: made on a
// table just filled as on one analyzed since.
func TestProcessedMessageUpdateReadsByKeys(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, pool, mailbox := openOneConnMailbox(t)
	conn := acquireConn(t, pool)
	insertMessages(t, conn, mailbox, 5000)
	if _, err := conn.Exec(ctx, `INSERT INTO message_parts (message_id, part_path, content_type)
		SELECT id, p::text, 'text/plain' FROM messages, generate_series(1, 3) AS p`); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		plan := explainGeneric(t, conn, storage.ProcessedRowSQL,
			`2500, '{}', '{}', '', '', '{}', 'filed', NULL, false, '{}', '{}', NULL, '', NULL, ''`)
		for _, index := range []string{"messages_pkey", "message_parts_message_id_part_path_key"} {
			if !strings.Contains(plan, index) {
				t.Errorf("%s: the plan does not read %s:\n%s", when, index, plan)
			}
		}
		if strings.Contains(plan, "Seq Scan") {
			t.Errorf("%s: the plan reads a whole table:\n%s", when, plan)
		}
	}
	check("just filled")
	if _, err := conn.Exec(ctx, `ANALYZE messages, message_parts`); err != nil {
		t.Fatal(err)
	}
	check("analyzed")
}

// A connection's first processed message makes the plans its update keeps,
// maybe while the tables hold a few rows, and so cheaper to read whole
// than by an index: the plans kept must still find the message and its
// earlier parts by their keys once a backfill has filled the tables.
func TestProcessedMessageKeepsIndexPlansFromSmallTables(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	// The tables are filled by another session: the one storing the
	// messages makes its plans, foreign-key checks' included, at its first.
	dsn := testenv.Postgres(t)
	db, err := storage.Open(ctx, dsn+" pool_max_conns=1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	fill := testenv.SQL(t, dsn)
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	// Analyzed small, and not again: autovacuum would make the plans anew.
	insertMessages(t, fill, mb.ID, 20)
	if _, err := fill.Exec(ctx, `INSERT INTO message_parts (message_id, part_path, content_type)
		SELECT id, p::text, 'text/plain' FROM messages, generate_series(1, 3) AS p;
		ALTER TABLE messages SET (autovacuum_enabled = false);
		ALTER TABLE message_parts SET (autovacuum_enabled = false);
		ANALYZE messages, message_parts`); err != nil {
		t.Fatal(err)
	}
	parsed := storage.ParsedMessage{BodyText: "Photos attached.", Parts: []storage.MessagePart{{Path: "1", ContentType: "text/plain"}}}
	save := func(tx pgx.Tx, id int64) error {
		return storage.SaveProcessed(ctx, tx, id, parsed, storage.Classification{Status: storage.StatusTriage})
	}
	if err := db.InTx(ctx, func(tx pgx.Tx) error { return save(tx, 1) }); err != nil {
		t.Fatal(err)
	}
	if _, err := fill.Exec(ctx, `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, office_id, status)
		SELECT $1, 3, i, 'in', encode(sha256(('grown' || i)::bytea), 'hex'), 10, 1, 'filed' FROM generate_series(1, 5000) AS i`, mb.ID); err != nil {
		t.Fatal(err)
	}
	var messageScans, partScans int64
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		if err := save(tx, 2); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT pg_stat_get_xact_numscans('messages'::regclass),
			pg_stat_get_xact_numscans('message_parts'::regclass)`).Scan(&messageScans, &partScans)
	})
	if err != nil {
		t.Fatal(err)
	}
	if messageScans != 0 || partScans != 0 {
		t.Errorf("storing a message by plans made on small tables read messages whole %d times and its parts %d times, want none",
			messageScans, partScans)
	}
}
