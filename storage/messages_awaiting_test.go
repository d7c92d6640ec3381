package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/storage"
)

// awaitingBundle is a database with messages in triage: a reply by
// In-Reply-To, a reply by References only, one naming a number no claim
// had, and one replying elsewhere.
type awaitingBundle struct {
	*docsBundle
	byInReplyTo, byRefs, byNumber, other int64
}

func setupAwaiting(t *testing.T) awaitingBundle {
	t.Helper()
	b := awaitingBundle{docsBundle: setupDocs(t)}
	b.byInReplyTo = b.triage(t, storage.NewMessage{InReplyTo: "<first@example.com>"}, nil)
	b.byRefs = b.triage(t, storage.NewMessage{References: []string{"<root@example.com>", "<first@example.com>"}}, nil)
	b.byNumber = b.triage(t, storage.NewMessage{}, []string{"608H778H5"})
	b.other = b.triage(t, storage.NewMessage{InReplyTo: "<elsewhere@example.com>"}, []string{"0683449786"})
	return b
}

// triage stores m in triage, with the numbers it named that no claim had.
func (b awaitingBundle) triage(t *testing.T, m storage.NewMessage, unknown []string) int64 {
	t.Helper()
	ctx := t.Context()
	b.uid++
	m.MailboxID, m.UIDValidity, m.UID, m.Direction = b.mailbox, 1, b.uid, "in"
	m.RawSHA256, m.RawSize, m.InternalDate, m.Status = sha("awaiting", int(b.uid)), 10, b.received, storage.StatusParsed
	var id int64
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if id, _, err = storage.InsertMessage(ctx, tx, m); err != nil {
			return err
		}
		return storage.SaveClassification(ctx, tx, id, storage.Classification{Status: storage.StatusTriage, Unknown: unknown})
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (b awaitingBundle) awaiting(t *testing.T, q pgx.Tx, messageID string, numbers []string) []int64 {
	t.Helper()
	ids, err := storage.MessagesAwaiting(t.Context(), q, 1, messageID, numbers)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

func TestMessagesAwaitingFindsRepliesAndNumbers(t *testing.T) {
	t.Parallel()
	b := setupAwaiting(t)
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		for _, c := range []struct {
			name      string
			messageID string
			numbers   []string
			want      []int64
		}{
			{"replies", "<first@example.com>", nil, []int64{b.byInReplyTo, b.byRefs}},
			{"numbers", "", []string{"608H778H5", "26-1001-WTR"}, []int64{b.byNumber}},
			{"both", "<first@example.com>", []string{"608H778H5"}, []int64{b.byInReplyTo, b.byRefs, b.byNumber}},
			{"a reply naming the number too, once", "<elsewhere@example.com>", []string{"0683449786"}, []int64{b.other}},
			{"nothing to look for", "", nil, nil},
			{"nothing found", "<nobody@example.com>", []string{"LA123-456789-01"}, nil},
		} {
			if got := b.awaiting(t, tx, c.messageID, c.numbers); !slices.Equal(got, c.want) {
				t.Errorf("%s: awaiting %q or %q = %v, want %v", c.name, c.messageID, c.numbers, got, c.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Finding the messages a filing settles is planned once per connection,
// not at every filing: the plan kept for one Message-ID and numbers is the
// plan for any other.
func TestMessagesAwaitingKeepsItsPlan(t *testing.T) {
	t.Parallel()
	b := setupAwaiting(t)
	ctx := t.Context()
	conn := acquireConn(t, storage.PoolOf(b.db))
	fillMessages(t, conn, b.mailbox, 4000)
	asks := []struct {
		messageID string
		numbers   []string
	}{{"<first@example.com>", []string{"608H778H5"}}, {"<elsewhere@example.com>", []string{"26-1001-WTR", "0683449786"}}}
	for i := range 10 {
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		a := asks[i%len(asks)]
		if got := b.awaiting(t, tx, a.messageID, a.numbers); len(got) == 0 {
			t.Fatalf("awaiting %q or %q found nothing", a.messageID, a.numbers)
		}
		if err := tx.Rollback(ctx); err != nil {
			t.Fatal(err)
		}
	}
	checkGenericPlansOnly(t, conn, "%array_append(refs, in_reply_to) END @>%unknown_ids END &&%", 10)
}

// Finding the mail a filing settles reads the indexes of mail in triage
// alone, by a plan made while the table held a few messages and kept while
// a backfill adds thousands, as by one made once they are analyzed, or
// made when the statistics said no message was in triage (a new office's
// backfill is analyzed before it processes any): never every message in
// triage.
func TestMessagesAwaitingReadsTriageIndexes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		analyze func(t *testing.T, conn *pgxpool.Conn, b awaitingBundle)
	}{
		{"analyzed with a few in triage", func(*testing.T, *pgxpool.Conn, awaitingBundle) {}},
		{"analyzed with none in triage", func(t *testing.T, conn *pgxpool.Conn, b awaitingBundle) {
			if _, err := conn.Exec(t.Context(), `UPDATE messages SET status = 'parsed' WHERE status = 'triage'`); err != nil {
				t.Fatal(err)
			}
			if _, err := conn.Exec(t.Context(), `
				INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, office_id, status)
				SELECT $1, 3, i, 'in', encode(sha256(('new' || i)::bytea), 'hex'), 10, 1, 'new'
				FROM generate_series(1, 500) AS i`, b.mailbox); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b := setupAwaiting(t)
			conn := acquireConn(t, storage.PoolOf(b.db))
			c.analyze(t, conn, b)
			if _, err := conn.Exec(t.Context(), `ANALYZE messages`); err != nil {
				t.Fatal(err)
			}
			checkTriageIndexes(t, conn, "analyzed")
			insertMessages(t, conn, b.mailbox, 4000)
			checkTriageIndexes(t, conn, "grown since analyzed")
			if _, err := conn.Exec(t.Context(), `ANALYZE messages`); err != nil {
				t.Fatal(err)
			}
			checkTriageIndexes(t, conn, "grown and analyzed")
		})
	}
}

// checkTriageIndexes checks that the plan MessagesAwaiting keeps, made on
// conn now, reads the indexes of mail in triage and no other.
func checkTriageIndexes(t *testing.T, conn *pgxpool.Conn, when string) {
	t.Helper()
	plan := explainKept(t, conn, storage.MessagesAwaitingSQL, `1, '<m77x@example.com>', ARRAY['N8']`)
	for _, index := range []string{"messages_triage_replies_idx", "messages_triage_numbers_idx"} {
		if !strings.Contains(plan, index) {
			t.Errorf("%s: the plan reads no %s: %s", when, index, plan)
		}
	}
	if strings.Contains(plan, "messages_status_idx") || strings.Contains(plan, "Seq Scan") {
		t.Errorf("%s: the plan reads every message in triage: %s", when, plan)
	}
}

// explainKept explains q, on conn, as the plan a connection keeps for it
// when it runs with keptIndexPlans.
func explainKept(t *testing.T, conn *pgxpool.Conn, q, args string) string {
	t.Helper()
	if _, err := conn.Exec(t.Context(), `SET enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(context.Background(), `RESET enable_seqscan`)
	return explainGeneric(t, conn, q, args)
}

// explainGeneric explains q, on conn, as a plan made without the values
// of its parameters, args.
func explainGeneric(t *testing.T, conn *pgxpool.Conn, q, args string) string {
	t.Helper()
	ctx := t.Context()
	if _, err := conn.Exec(ctx, `SET plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(context.Background(), `RESET plan_cache_mode`)
	if _, err := conn.Exec(ctx, `PREPARE explained AS `+q); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(context.Background(), `DEALLOCATE explained`)
	rows, err := conn.Query(ctx, `EXPLAIN EXECUTE explained(`+args+`)`)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// checkKeptPlan checks that the statement conn prepared whose text is like
// pattern made a generic plan and kept it, in runs runs.
func checkKeptPlan(t *testing.T, conn statsConn, pattern string, runs int64) {
	t.Helper()
	generic, custom := preparedPlans(t, conn, pattern)
	if generic == 0 || custom > 5 || generic+custom != runs {
		t.Errorf("%d runs made %d generic and %d custom plans, want one generic plan kept after at most 5 custom ones", runs, generic, custom)
	}
}

// checkGenericPlansOnly checks that the statement conn prepared whose text
// is like pattern ran runs times, each by the plan kept for it.
func checkGenericPlansOnly(t *testing.T, conn statsConn, pattern string, runs int64) {
	t.Helper()
	if generic, custom := preparedPlans(t, conn, pattern); generic != runs || custom != 0 {
		t.Errorf("%s: %d runs made %d generic and %d custom plans, want %d generic ones", pattern, runs, generic, custom, runs)
	}
}

// preparedPlans counts the generic and the custom plans of the statement
// conn prepared whose text is like pattern.
func preparedPlans(t *testing.T, conn statsConn, pattern string) (generic, custom int64) {
	t.Helper()
	if err := conn.QueryRow(context.Background(), `SELECT generic_plans, custom_plans FROM pg_prepared_statements
		WHERE statement LIKE $1 AND statement NOT LIKE '%pg_prepared_statements%'`, pattern).Scan(&generic, &custom); err != nil {
		t.Fatalf("statement like %s: %v", pattern, err)
	}
	return generic, custom
}

// fillMessages adds n messages to mailbox, replies to one another, one in
// four in triage naming a number, and analyzes them: Postgres knows the
// Message-IDs and numbers they name, and that those a test asks are rare.
func fillMessages(t *testing.T, q statsConn, mailbox int64, n int) {
	t.Helper()
	insertMessages(t, q, mailbox, n)
	if _, err := q.Exec(t.Context(), `ANALYZE messages`); err != nil {
		t.Fatal(err)
	}
}

// insertMessages adds the messages fillMessages does, unanalyzed.
func insertMessages(t *testing.T, q statsConn, mailbox int64, n int) {
	t.Helper()
	if _, err := q.Exec(t.Context(), `
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, office_id, message_id,
		                      in_reply_to, refs, status, unknown_ids)
		SELECT $1, 2, i, 'in', encode(sha256(i::text::bytea), 'hex'), 10, 1, '<m' || i || '@example.com>',
		       '<m' || i - 1 || '@example.com>', ARRAY['<m' || i - 2 || '@example.com>', '<m' || i - 1 || '@example.com>'],
		       CASE WHEN i % 4 = 0 THEN 'triage' ELSE 'filed' END, CASE WHEN i % 8 = 0 THEN ARRAY['N' || i % 80] ELSE '{}' END
		FROM generate_series(1, $2::int) AS i`, mailbox, n); err != nil {
		t.Fatal(err)
	}
}

// TestTriageSettledReadsIndexes checks that the look for what settles a
// message put in triage reads the claims with its numbers, the messages
// of its thread and the delivery reports returning it by the indexes of
// numbers and Message-IDs, never the
// office's claims or all filed mail, by a plan kept while the table grows
// from a few messages to thousands, and once analyzed.
func TestTriageSettledReadsIndexes(t *testing.T) {
	t.Parallel()
	b := setupAwaiting(t)
	conn := acquireConn(t, storage.PoolOf(b.db))
	check := func(when string) {
		t.Helper()
		plan := explainKept(t, conn, storage.TriageSettledSQL, `1, 1, ARRAY[]::bigint[]`)
		for _, index := range []string{"claims_job_number_norm_idx", "claims_claim_number_norm_key",
			"claims_policy_number_norm_idx", "claims_adjuster_file_number_norm_idx", "messages_message_id_idx",
			"messages_undelivered_returned_idx"} {
			if !strings.Contains(plan, index) {
				t.Errorf("%s: the plan reads no %s: %s", when, index, plan)
			}
		}
		for _, wide := range []string{"Seq Scan", "claims_id_office_key", "messages_claim_idx"} {
			if strings.Contains(plan, wide) {
				t.Errorf("%s: the plan reads %s, every claim of the office or all filed mail: %s", when, wide, plan)
			}
		}
	}
	check("a few messages")
	insertMessages(t, conn, b.mailbox, 4000)
	check("grown")
	if _, err := conn.Exec(t.Context(), `ANALYZE messages; ANALYZE claims`); err != nil {
		t.Fatal(err)
	}
	check("grown and analyzed")
}

// TestTriageSettledByAFileNumber puts in triage mail naming an adjusting
// firm's file number no claim has: it is settled once a claim of its
// office gets that number, as by a claim number.
func TestTriageSettledByAFileNumber(t *testing.T) {
	t.Parallel()
	b := setupAwaiting(t)
	ctx := t.Context()
	id := b.triage(t, storage.NewMessage{}, []string{"FP7731"})
	settled := func() bool {
		t.Helper()
		var ok bool
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			ok, err = storage.TriageSettled(ctx, tx, id, 1, nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if settled() {
		t.Fatal("settled before any claim has the file number")
	}
	if _, err := b.db.CreateClaim(ctx, storage.Claim{JobNumber: "26-7731-WTR", AdjusterFileNumber: "FP-7731"}, "", time.Now(), 0); err != nil {
		t.Fatal(err)
	}
	if !settled() {
		t.Error("not settled by the claim with the file number")
	}
}
