package storage_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// Two messages filed into one claim at once do not wait for each other to
// queue the claim's alerts: the claim is queued, and its queue row locked,
// as each filing commits. A refresh while one filing is still open takes
// the claim off the queue; that filing's commit queues it again.
func TestFilingsIntoOneClaimQueueItsAlertsAtCommit(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	pool := storage.PoolOf(b.db)
	doc := func(msg int64, n int) storage.NewDocument {
		return storage.NewDocument{ClaimID: b.claimA, JobNumber: "26-1001-WTR", OfficeSlug: "main", MessageID: msg,
			SHA256: sha("cos", n), Size: 3, Filename: fmt.Sprintf("COS %d.pdf", n), DocType: "cos", Folder: "Contracts", ReceivedAt: b.received}
	}
	m1, m2 := b.message(t), b.message(t)

	open, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer open.Rollback(ctx)
	if _, _, err := storage.FileDocument(ctx, open, doc(m1, 1), b.loc); err != nil {
		t.Fatal(err)
	}
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		// Without a limit, a filing that waits would wait for the test's end.
		if _, err := tx.Exec(ctx, `SET LOCAL lock_timeout = '5s'`); err != nil {
			return err
		}
		_, _, err := storage.FileDocument(ctx, tx, doc(m2, 2), b.loc)
		return err
	})
	if err != nil {
		t.Fatalf("a filing into the claim waited for another one still open: %v", err)
	}

	rules := storage.AlertRules{Calendar: sla.NewCalendar(time.UTC, sla.Hours{})}
	if _, err := b.db.RefreshAllClaimAlerts(ctx, rules, 10); err != nil {
		t.Fatal(err)
	}
	if queued(t, pool, b.claimA) {
		t.Fatal("the claim is still queued after a refresh")
	}
	if err := open.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if !queued(t, pool, b.claimA) {
		t.Error("the filing committed after the refresh left the claim off the queue: its document would never count")
	}
}

func queued(t *testing.T, pool *pgxpool.Pool, claim int64) bool {
	t.Helper()
	var q bool
	if err := pool.QueryRow(t.Context(), `SELECT EXISTS (SELECT FROM claim_alerts_stale WHERE claim_id = $1)`, claim).Scan(&q); err != nil {
		t.Fatal(err)
	}
	return q
}

// Filing a message with several documents queues its claim once at the
// commit, not once per document; a transaction that also changes another
// claim queues that one too, and the first claim again after it.
func TestFilingQueuesItsClaimOnce(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	pool := storage.PoolOf(b.db)
	if _, err := pool.Exec(ctx, `DELETE FROM claim_alerts_stale`); err != nil {
		t.Fatal(err)
	}
	m := b.message(t)
	var ds []storage.NewDocument
	for n := range 4 {
		ds = append(ds, storage.NewDocument{ClaimID: b.claimA, JobNumber: "26-1001-WTR", OfficeSlug: "main", MessageID: m,
			SHA256: sha("photo", n), Size: 3, Filename: fmt.Sprintf("IMG_%d.jpg", n), DocType: "photo", Folder: "Photos", ReceivedAt: b.received})
	}
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := storage.FileDocuments(ctx, tx, ds, b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := queueChanges(t, pool, b.claimA); got != 1 {
		t.Errorf("filing 4 documents queued the claim %d times, want once", got)
	}

	if _, err := pool.Exec(ctx, `DELETE FROM claim_alerts_stale`); err != nil {
		t.Fatal(err)
	}
	m2 := b.message(t)
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		for i, claim := range []int64{b.claimA, b.claimB, b.claimA} {
			d := storage.NewDocument{ClaimID: claim, JobNumber: "26-100x-WTR", OfficeSlug: "main", MessageID: m2,
				SHA256: sha("cos", i), Size: 3, Filename: fmt.Sprintf("COS %d.pdf", i), DocType: "cos", Folder: "Contracts", ReceivedAt: b.received}
			if _, _, err := storage.FileDocument(ctx, tx, d, b.loc); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := queueChanges(t, pool, b.claimA), queueChanges(t, pool, b.claimB); a != 2 || b != 1 {
		t.Errorf("documents filed into claims A, B, A queued A %d and B %d times, want 2 and 1", a, b)
	}
}

// queueChanges is how many times claim was queued since it was last taken
// off the queue; 0 when it is not queued.
func queueChanges(t *testing.T, pool *pgxpool.Pool, claim int64) int64 {
	t.Helper()
	var n int64
	if err := pool.QueryRow(t.Context(), `SELECT coalesce((SELECT changes FROM claim_alerts_stale WHERE claim_id = $1), 0)`, claim).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
