package storage_test

import (
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestIsDeadlockKnowsPostgresBreakingOne locks two claims in opposite
// orders in two transactions: the one Postgres ends to break the deadlock
// answers an error IsDeadlock knows, which callers run again.
func TestIsDeadlockKnowsPostgresBreakingOne(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, pool := openDBAndSQL(t)
	var a, b int64
	if err := pool.QueryRow(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-0001-WTR', 1), ('26-0002-WTR', 1)
		RETURNING id`).Scan(&a); err != nil {
		t.Fatal(err)
	}
	b = a + 1
	first, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback(ctx)
	second, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Rollback(ctx)
	var pid int
	if err := second.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	lock := `SELECT FROM claims WHERE id = $1 FOR NO KEY UPDATE`
	if _, err := first.Exec(ctx, lock, a); err != nil {
		t.Fatal(err)
	}
	if _, err := second.Exec(ctx, lock, b); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := first.Exec(ctx, lock, b)
		done <- err
	}()
	testenv.WaitForBlocked(t, pool, pid, "%FOR NO KEY UPDATE%")
	_, errSecond := second.Exec(ctx, lock, a)
	if errSecond == nil {
		second.Rollback(ctx)
	}
	errFirst := <-done
	if !storage.IsDeadlock(errFirst) && !storage.IsDeadlock(errSecond) {
		t.Errorf("errors %v and %v: IsDeadlock knows neither", errFirst, errSecond)
	}
	if storage.IsDeadlock(nil) || storage.IsDeadlock(storage.ErrConflict) {
		t.Error("IsDeadlock of an error that is no deadlock")
	}
}
