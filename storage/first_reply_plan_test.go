package storage_test

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// Looking for a message's first office reply keeps the connection's one
// plan while the messages grow many times over, as they do in a backfill:
// Postgres plans it again after each analyze, not at every message.
func TestFirstReplyKeepsItsPlanAsMessagesGrow(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := openOneConnDB(t)
	pool := storage.PoolOf(db)
	ask := func(times int) {
		t.Helper()
		for i := range times {
			err := db.InTx(ctx, func(tx pgx.Tx) error {
				var id int64
				if err := tx.QueryRow(ctx, `SELECT id FROM messages ORDER BY id LIMIT 1 OFFSET $1`, 10*i).Scan(&id); err != nil {
					return err
				}
				_, err := queryFirstReply(ctx, tx, id, fmt.Sprintf("<m%d@example.com>", 10*i+1))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, name := range []string{"INBOX", "Archive", "Old"} {
		mb, err := db.EnsureMailbox(ctx, "office@example.com", name, storage.RoleInbox)
		if err != nil {
			t.Fatal(err)
		}
		fillMessages(t, pool, mb.ID, 200*(1+9*i)) // 200, then 2,000 and 3,800 more
		ask(10)
	}
	checkKeptPlan(t, pool, "%SELECT r.id, coalesce(r.internal_date%", 30)
}
