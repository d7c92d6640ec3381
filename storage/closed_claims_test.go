package storage_test

import (
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// The list of mail on closed claims follows the claims and the mail as they
// change: closing, reopening, closing again, a closed_at set by hand, mail
// filed, inserted into a claim, moved between claims, sent by the office,
// and marked seen. After each change every message's mark agrees with its
// definition: inbound, in a closed claim, stored after the claim closed.
func TestMailOnClosedClaimsFollowsClaimAndMailChanges(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	pool := storage.PoolOf(b.db)
	file := func(message, claim int64) {
		t.Helper()
		if err := b.db.InTx(ctx, func(tx pgx.Tx) error { return storage.SetMessageFiled(ctx, tx, message, claim) }); err != nil {
			t.Fatal(err)
		}
	}
	// insert stores mail already in claim, as a reply the office sends is.
	insert := func(direction string, claim int64) int64 {
		t.Helper()
		b.uid++
		var id int64
		err := pool.QueryRow(ctx, `
			INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, status, claim_id, office_id)
			VALUES ($1, 1, $2, $3, $4, 10, 'filed', $5, 1) RETURNING id`,
			b.mailbox, b.uid, direction, sha("closed", int(b.uid)), claim).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	listed := func(step string, want ...int64) {
		t.Helper()
		rows, total, err := b.db.MailOnClosedClaims(ctx, storage.AllOffices, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, r := range rows {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, want) || total != len(want) {
			t.Errorf("%s: listed %v (%d in all), want %v", step, got, total, want)
		}
		var wrong int
		err = pool.QueryRow(ctx, `
			SELECT count(*) FROM messages m LEFT JOIN claims c ON c.id = m.claim_id
			WHERE m.after_close <> coalesce(m.direction = 'in' AND c.status = 'closed' AND m.received_at > c.closed_at, false)`).Scan(&wrong)
		if err != nil {
			t.Fatal(err)
		}
		if wrong > 0 {
			t.Errorf("%s: %d messages marked against their claim", step, wrong)
		}
	}

	before := b.message(t)
	file(before, b.claimA)
	if _, err := b.db.CloseClaim(ctx, b.claimA, "done", "test"); err != nil {
		t.Fatal(err)
	}
	listed("closed after its mail came")

	filed := b.message(t)
	file(filed, b.claimA)
	listed("mail filed after closing", filed)
	stored := insert("in", b.claimA)
	insert("out", b.claimA)
	listed("mail stored into the closed claim, and a reply sent", stored, filed)
	rows, total, err := b.db.MailOnClosedClaims(ctx, storage.AllOffices, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].ID != stored || total != 2 {
		t.Errorf("one asked: got %d rows (%d in all), want message %d of 2", len(rows), total, stored)
	}

	file(stored, b.claimB)
	listed("moved to an open claim", filed)
	if _, err := b.db.ReopenClaim(ctx, b.claimA, "test"); err != nil {
		t.Fatal(err)
	}
	listed("reopened")
	if _, err := b.db.CloseClaim(ctx, b.claimA, "done again", "test"); err != nil {
		t.Fatal(err)
	}
	listed("closed again after the mail came")
	exec(`UPDATE claims SET closed_at = (SELECT received_at FROM messages WHERE id = $2) WHERE id = $1`, b.claimA, before)
	listed("closing dated back to the first mail", filed)
	file(stored, b.claimA)
	listed("moved back into the closed claim", stored, filed)
	exec(`UPDATE messages SET acknowledged_at = now() WHERE id = $1`, filed)
	listed("marked seen", stored)
}
