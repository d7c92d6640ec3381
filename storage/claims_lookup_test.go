package storage_test

import (
	"fmt"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// The claims of a thread's messages are found through the index of
// Message-IDs, by one plan the connection keeps, however many messages
// there are.
func TestClaimLookupsByThreadKeepItsPlanAndIndex(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openOneConnDB(t)
	pool := storage.PoolOf(db)
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	// A hundred claims, each with forty messages.
	if _, err := pool.Exec(ctx, `INSERT INTO claims (job_number, office_id) SELECT '26-' || 1000 + i || '-WTR', 1 FROM generate_series(1, 100) i`); err != nil {
		t.Fatal(err)
	}
	fillMessages(t, pool, mb.ID, 4000)
	if _, err := pool.Exec(ctx, `UPDATE messages SET claim_id = (SELECT min(id) FROM claims) + uid % 100`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `ANALYZE messages`); err != nil {
		t.Fatal(err)
	}
	before := seqScans(t, pool, "messages")
	for i := range 10 {
		thread := []string{fmt.Sprintf("<m%d@example.com>", 100*i+7), "<nobody@example.com>"}
		l, err := db.ClaimLookupsOf(ctx, 1, nil, thread, true)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.ByThread[thread[0]]; len(got) != 1 {
			t.Fatalf("claims of thread %s = %+v, want one", thread[0], got)
		}
	}
	if n := seqScans(t, pool, "messages") - before; n != 0 {
		t.Errorf("10 lookups read every message %d times", n)
	}
	checkKeptPlan(t, pool, "%SELECT DISTINCT message_id AS mid%", 10)
}
