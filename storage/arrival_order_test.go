package storage_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestMailListsGoInArrivalOrder stores this month's message, then a
// message of last year a backfill brings, then a Sent copy with only its
// Date: the lists of mail show them as they arrived, this month's first
// and last year's last, page after page, not in the order they were
// stored.
func TestMailListsGoInArrivalOrder(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openDB(t)
	pool := storage.PoolOf(db)
	mb, err := db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	claim, err := db.CreateClaim(ctx, storage.Claim{JobNumber: "26-1042-W"}, "", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64 // in the order stored
	for i, dates := range []struct{ internal, sent string }{
		{"2026-11-30 15:00:00+00", "2026-11-30 14:59:00+00"},
		{"2025-06-02 09:00:00+00", "2025-06-02 08:58:00+00"},
		{"", "2026-11-12 10:00:00+00"},
	} {
		var id int64
		err := pool.QueryRow(ctx, `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size,
			office_id, status, claim_id, internal_date, sent_date)
			VALUES ($1, 1, $2::bigint, 'in', encode(sha256($2::bigint::text::bytea), 'hex'), 10, 1, 'triage', $3,
			        nullif($4, '')::timestamptz, $5::timestamptz) RETURNING id`,
			mb.ID, i+1, claim.ID, dates.internal, dates.sent).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	want := []int64{ids[0], ids[2], ids[1]}

	var listed []int64
	f := storage.MessageFilter{Limit: 1, Offices: storage.AllOffices}
	for range 4 {
		page, err := db.ListMessages(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		listed = append(listed, page[0].ID)
		f.After = &storage.MessageKey{ArrivedAt: page[0].ArrivedAt, ID: page[0].ID}
	}
	if !slices.Equal(listed, want) {
		t.Errorf("messages list, a page a message: %v; want %v", listed, want)
	}

	var triaged []int64
	var after storage.TriageRow
	for range 4 {
		page, _, err := db.TriageMessages(ctx, storage.AllOffices, after.ArrivedAt, after.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		after = page[0]
		triaged = append(triaged, after.ID)
	}
	if !slices.Equal(triaged, want) {
		t.Errorf("triage, a page a message: %v; want %v", triaged, want)
	}

	rows, err := db.ClaimMessageRows(ctx, claim.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	var claimMail []int64
	for _, r := range rows {
		claimMail = append(claimMail, r.ID)
	}
	if !slices.Equal(claimMail, want) {
		t.Errorf("the claim's mail: %v; want %v", claimMail, want)
	}
}

// TestMessagesListReadsItsIndex lists the newest messages of 5,000, and
// the next page, by the index of arrival alone: no whole-table read and
// no sort of every message.
func TestMessagesListReadsItsIndex(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, pool, mailbox := openOneConnMailbox(t)
	conn := acquireConn(t, pool)
	insertMessages(t, conn, mailbox, 5000)
	if _, err := conn.Exec(ctx, `UPDATE messages SET internal_date = now() - id * interval '1 minute'; ANALYZE messages`); err != nil {
		t.Fatal(err)
	}
	for _, f := range []storage.MessageFilter{
		{Limit: 50, Offices: storage.AllOffices},
		{Limit: 50, Offices: storage.AllOffices, After: &storage.MessageKey{ArrivedAt: time.Now().Add(-100 * time.Minute), ID: 100}},
	} {
		query, args := storage.ListMessagesSQL(f)
		rows, err := conn.Query(ctx, `EXPLAIN `+query, args...)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		plan := strings.Join(lines, "\n")
		if !strings.Contains(plan, "messages_arrived_idx") || strings.Contains(plan, "Seq Scan on messages") ||
			strings.Contains(plan, "Sort Key: (COALESCE") {
			t.Errorf("the list does not read messages_arrived_idx alone:\n%s", plan)
		}
	}
}
