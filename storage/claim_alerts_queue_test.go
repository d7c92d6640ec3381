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
