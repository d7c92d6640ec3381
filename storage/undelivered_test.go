package storage_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/internal/testenv"
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
		{"outside a claim", storage.ReportsOutsideClaimSQL, "42", "messages_undelivered_idx"},
	} {
		plan := explainGeneric(t, conn, tt.sql, tt.args)
		if !strings.Contains(plan, tt.index) || strings.Contains(plan, "Seq Scan") {
			t.Errorf("%s: the plan does not read %s alone:\n%s", tt.name, tt.index, plan)
		}
	}
}

// reportFixture stores messages straight into a fresh database: the
// office's, sent to ann@carrier.example, and delivery reports of them.
type reportFixture struct {
	t       *testing.T
	db      *storage.DB
	mailbox int64
	uid     int
}

func newReportFixture(t *testing.T) *reportFixture {
	t.Helper()
	db := openDB(t)
	mb, err := db.EnsureMailbox(t.Context(), "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	return &reportFixture{t: t, db: db, mailbox: mb.ID}
}

// insert stores a message of office 1 to ann@carrier.example; undelivered
// is its report's JSON, or empty.
func (f *reportFixture) insert(direction, messageID, undelivered string) int64 {
	f.t.Helper()
	f.uid++
	var id int64
	err := storage.PoolOf(f.db).QueryRow(f.t.Context(), `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256,
		raw_size, office_id, message_id, to_addresses, undelivered)
		VALUES ($1, 1, $2, $3, $6, 10, 1, $4, '{Ann@Carrier.example}', nullif($5, '')::jsonb) RETURNING id`,
		f.mailbox, f.uid, direction, messageID, undelivered, strings.Repeat(fmt.Sprint(f.uid%10), 64-len(fmt.Sprint(f.uid)))+fmt.Sprint(f.uid)).Scan(&id)
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

// sent stores the office's message messageID.
func (f *reportFixture) sent(messageID string) int64 { return f.insert("out", messageID, "") }

// report stores a report that the office's message returned did not
// reach to.
func (f *reportFixture) report(returned, to string) int64 {
	return f.insert("in", fmt.Sprintf("<r%d@mx.example>", f.uid+1),
		fmt.Sprintf(`{"returned": %q, "recipients": [{"address": %q, "status": "5.1.1"}]}`, returned, to))
}

// exec runs a fixture's statement.
func (f *reportFixture) exec(sql string, args ...any) {
	f.t.Helper()
	if _, err := storage.PoolOf(f.db).Exec(f.t.Context(), sql, args...); err != nil {
		f.t.Fatal(err)
	}
}

// link runs one of the link statements for message id, in a transaction
// of its own, and returns the reports it gives to match again.
func (f *reportFixture) link(link func(context.Context, pgx.Tx, int64) ([]int64, error), id int64) []int64 {
	f.t.Helper()
	var again []int64
	err := f.db.InTx(f.t.Context(), func(tx pgx.Tx) error {
		var err error
		again, err = link(f.t.Context(), tx, id)
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return again
}

// linked checks the message report is linked to: want, or none when nil.
func (f *reportFixture) linked(what string, report int64, want *int64) {
	f.t.Helper()
	var of *int64
	if err := storage.PoolOf(f.db).QueryRow(f.t.Context(), `SELECT undelivered_of FROM messages WHERE id = $1`, report).Scan(&of); err != nil {
		f.t.Fatal(err)
	}
	if (of == nil) != (want == nil) || (of != nil && *of != *want) {
		f.t.Errorf("%s: linked to %v, want %v", what, of, want)
	}
}

// shown checks the reports the board lists, the latest first.
func (f *reportFixture) shown(what string, want ...int64) {
	f.t.Helper()
	list, total, err := f.db.UndeliveredMail(f.t.Context(), storage.AllOffices, time.Now(), 10)
	if err != nil {
		f.t.Fatal(err)
	}
	var got []int64
	for _, r := range list {
		got = append(got, r.ID)
	}
	if total != len(want) || !slices.Equal(got, want) {
		f.t.Errorf("%s: the board lists %v (%d in all), want %v", what, got, total, want)
	}
}

// TestLinkingAReportTellsTheBoard stores a report of the office's message
// before the message, then after it: each is linked by the look of the one
// stored second, and each link tells the board (a notification of the
// office's messages), so that it shows the report at once. A report naming
// none of the message's recipients is never linked.
func TestLinkingAReportTellsTheBoard(t *testing.T) {
	t.Parallel()
	f := newReportFixture(t)
	ctx := t.Context()
	notes := make(chan string, 16)
	listening := make(chan struct{})
	go f.db.Listen(ctx, "claimdesk_changes", func(payload string) {
		if payload == "" {
			close(listening)
			return
		}
		notes <- payload
	})
	<-listening
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

	early := f.report("<cos@office.example>", "ann@carrier.example")
	told("a report stored")
	forged := f.report("<cos@office.example>", "someone@elsewhere.example")
	told("a forged report stored")
	f.link(storage.LinkUndeliveredReport, early)
	f.linked("a report before the office's message", early, nil)
	sent := f.sent("<cos@office.example>")
	told("the office's message stored")
	f.link(storage.LinkReportsOf, sent)
	told("the report linked by the office's message")
	f.linked("the report, once the office's message is stored", early, &sent)
	f.linked("a report naming someone else", forged, nil)

	late := f.report("<cos@office.example>", "ann@carrier.example")
	told("a report after the office's message")
	f.link(storage.LinkUndeliveredReport, late)
	told("the report linked by itself")
	f.linked("a report after the office's message", late, &sent)
}

// TestUndeliveredLinksHoldTheirOffice covers what changes under a link:
// two messages of the office with one Message-ID (the report goes to the
// one it names a recipient of), a report or a message moved to another
// office, and a report processed again that no longer reads as one.
func TestUndeliveredLinksHoldTheirOffice(t *testing.T) {
	t.Parallel()
	f := newReportFixture(t)
	ctx := t.Context()
	first := f.sent("<same@office.example>")
	second := f.sent("<same@office.example>")
	f.exec(`UPDATE messages SET to_addresses = '{bob@insured.example}' WHERE id = $1`, first)
	report := f.report("<same@office.example>", "ann@carrier.example")
	f.link(storage.LinkUndelivered, report)
	f.linked("a report of one of two messages sharing a Message-ID", report, &second)
	f.shown("linked", report)

	// The office's message moved to another office: the link is not shown.
	f.exec(`INSERT INTO offices (name, slug, domain) VALUES ('East', 'east', 'east.example')`)
	f.exec(`UPDATE messages SET office_id = (SELECT id FROM offices WHERE slug = 'east') WHERE id = $1`, second)
	f.shown("the office's message in another office")
	if _, err := f.db.GetMessageDetail(ctx, report); err != nil {
		t.Fatal(err)
	}
	f.exec(`UPDATE messages SET office_id = 1 WHERE id = $1`, second)
	f.shown("back in its office", report)

	// The report moved to another office (unfiled): its link goes.
	err := f.db.InTx(ctx, func(tx pgx.Tx) error {
		var east int64
		if err := tx.QueryRow(ctx, `SELECT id FROM offices WHERE slug = 'east'`).Scan(&east); err != nil {
			return err
		}
		return storage.MoveMessageToOffice(ctx, tx, storage.OfficeMove{MessageID: report, FromOfficeID: 1,
			ToOfficeID: east, Actor: "dana@office.example"})
	})
	if err != nil {
		t.Fatal(err)
	}
	f.linked("a report moved to another office", report, nil)

	// Processed again, a linked report that no longer reads as one.
	other := f.report("<same@office.example>", "ann@carrier.example")
	f.link(storage.LinkUndelivered, other)
	f.exec(`UPDATE messages SET undelivered = NULL WHERE id = $1`, other)
	f.shown("a report that no longer reads as one")
	if d, err := f.db.GetMessageDetail(ctx, other); err != nil || d.Undelivered != nil {
		t.Errorf("its page: %+v, %v; want no delivery report", d.Undelivered, err)
	}
}

// TestLinkedReportsOutsideAClaimAreMatchedAgain links reports to the
// office's message from either side: those ignored or in triage are given
// back to be matched again when the office's message is filed, and no
// other.
func TestLinkedReportsOutsideAClaimAreMatchedAgain(t *testing.T) {
	t.Parallel()
	f := newReportFixture(t)
	claim, err := f.db.CreateClaim(f.t.Context(), storage.Claim{JobNumber: "26-1042-W"}, "", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	status := func(id int64, s string) { f.exec(`UPDATE messages SET status = $2 WHERE id = $1`, id, s) }

	early := f.report("<cos@office.example>", "ann@carrier.example")
	status(early, storage.StatusIgnored)
	seen := f.report("<cos@office.example>", "ann@carrier.example")
	status(seen, storage.StatusFiled)
	sent := f.sent("<cos@office.example>")
	f.exec(`UPDATE messages SET status = 'filed', claim_id = $2 WHERE id = $1`, sent, claim.ID)
	if got := f.link(storage.LinkReportsOf, sent); !slices.Equal(got, []int64{early}) {
		t.Errorf("linked by the office's filed message: %v to match again, want [%d], the ignored report", got, early)
	}
	late := f.report("<cos@office.example>", "ann@carrier.example")
	status(late, storage.StatusTriage)
	if got := f.link(storage.LinkUndeliveredReport, late); !slices.Equal(got, []int64{late}) {
		t.Errorf("a report in triage linked by itself: %v to match again, want [%d]", got, late)
	}

	unfiled := f.sent("<atp@office.example>")
	f.exec(`UPDATE messages SET status = 'triage' WHERE id = $1`, unfiled)
	waiting := f.report("<atp@office.example>", "ann@carrier.example")
	status(waiting, storage.StatusIgnored)
	if got := f.link(storage.LinkUndelivered, waiting); len(got) != 0 {
		t.Errorf("linked to the office's message in triage: %v to match again, want none", got)
	}
	f.linked("a report of the office's message in triage", waiting, &unfiled)
}

// TestReportLinkWaitsForTheFilingOfItsMessage links a report while the
// office's message it returns is being filed: the link waits for the
// filing's commit, sees the claim, and gives the report to be matched
// again, rather than reading the message as in no claim.
func TestReportLinkWaitsForTheFilingOfItsMessage(t *testing.T) {
	t.Parallel()
	f := newReportFixture(t)
	ctx := t.Context()
	claim, err := f.db.CreateClaim(ctx, storage.Claim{JobNumber: "26-1042-W"}, "", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	sent := f.sent("<cos@office.example>")
	report := f.report("<cos@office.example>", "ann@carrier.example")
	f.exec(`UPDATE messages SET status = 'ignored' WHERE id = $1`, report)

	filing, err := storage.PoolOf(f.db).Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer filing.Rollback(context.Background())
	var filingPID int
	if err := filing.QueryRow(ctx, `SELECT pg_backend_pid() FROM messages WHERE id = $1 FOR UPDATE`, sent).Scan(&filingPID); err != nil {
		t.Fatal(err)
	}
	if _, err := filing.Exec(ctx, `UPDATE messages SET status = 'filed', claim_id = $2 WHERE id = $1`, sent, claim.ID); err != nil {
		t.Fatal(err)
	}
	var got []int64
	linked := make(chan error, 1)
	go func() {
		linked <- f.db.InTx(ctx, func(tx pgx.Tx) (err error) {
			got, err = storage.LinkUndeliveredReport(ctx, tx, report)
			return err
		})
	}()
	testenv.WaitForBlocked(t, storage.PoolOf(f.db), filingPID, "%FOR SHARE OF o%")
	if err := filing.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-linked; err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []int64{report}) {
		t.Errorf("linked while its message was filed: %v to match again, want [%d]", got, report)
	}
}
