package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// A coordinator's open claims follow their claims' status: closed, a claim
// leaves their open claims; opened again, it comes back; a coordinator
// added to a closed claim does not make it open.
func TestCoordinatorsOpenClaimsFollowTheirStatus(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := t.Context()
	pool := storage.PoolOf(db)
	open := saveClaim(t, db, storage.Claim{JobNumber: "26-4101-WTR", Status: "open"}).ID
	closed := saveClaim(t, db, storage.Claim{JobNumber: "26-4102-WTR", Status: "closed"}).ID
	for _, id := range []int64{open, closed} {
		if _, err := pool.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email) VALUES ($1, 'coordinator', 'Ana', 'Ana@smrestore.example')`, id); err != nil {
			t.Fatal(err)
		}
	}
	anas := storage.AllOffices.CoordinatedBy("ana@smrestore.example")
	openOnes := func() []int64 {
		t.Helper()
		claims, err := db.ListClaims(ctx, storage.ClaimFilter{Status: "open", Offices: anas, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, c := range claims {
			ids = append(ids, c.ID)
		}
		coordinates, err := db.CoordinatesOpenClaims(ctx, storage.AllOffices, "ana@smrestore.example")
		if err != nil {
			t.Fatal(err)
		}
		if coordinates != (len(ids) > 0) {
			t.Errorf("Ana coordinates open claims: %v, with open claims %v", coordinates, ids)
		}
		return ids
	}
	if got := openOnes(); !slices.Equal(got, []int64{open}) {
		t.Fatalf("Ana's open claims: %v, want %d", got, open)
	}
	setStatus := func(id int64, status string) {
		t.Helper()
		if _, err := pool.Exec(ctx, `UPDATE claims SET status = $2 WHERE id = $1`, id, status); err != nil {
			t.Fatal(err)
		}
	}
	setStatus(open, "closed")
	if got := openOnes(); len(got) != 0 {
		t.Errorf("Ana's open claims once hers is closed: %v", got)
	}
	setStatus(closed, "open")
	if got := openOnes(); !slices.Equal(got, []int64{closed}) {
		t.Errorf("Ana's open claims once the closed one is opened again: %v, want %d", got, closed)
	}
}

// A coordinator added while their claim is being closed waits for the
// close, and does not count the claim as open once it is closed.
func TestCoordinatorAddedWhileTheClaimClosesTakesTheClose(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := t.Context()
	pool := storage.PoolOf(db)
	id := saveClaim(t, db, storage.Claim{JobNumber: "26-4201-WTR", Status: "open"}).ID
	closing, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer closing.Rollback(context.WithoutCancel(ctx))
	if _, err := closing.Exec(ctx, `UPDATE claims SET status = 'closed' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	added := make(chan error, 1)
	go func() {
		_, err := pool.Exec(ctx, `INSERT INTO claim_participants (claim_id, role, name, email) VALUES ($1, 'coordinator', 'Ana', 'ana@smrestore.example')`, id)
		added <- err
	}()
	waitForAnotherLockWait(t, closing)
	if err := closing.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-added; err != nil {
		t.Fatal(err)
	}
	coordinates, err := db.CoordinatesOpenClaims(ctx, storage.AllOffices, "ana@smrestore.example")
	if err != nil {
		t.Fatal(err)
	}
	if coordinates {
		t.Error("Ana coordinates an open claim: the claim closed before she was added counts as open")
	}
}

// waitForAnotherLockWait returns once another session waits for a lock tx
// holds.
func waitForAnotherLockWait(t *testing.T, tx pgx.Tx) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting bool
		// pg_locks is read afresh within a transaction (pg_stat_activity is
		// not), and the session waiting is the one tx blocks.
		if err := tx.QueryRow(t.Context(), `SELECT EXISTS (SELECT FROM pg_locks l
			WHERE NOT l.granted AND pg_backend_pid() = ANY(pg_blocking_pids(l.pid)))`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("adding the coordinator did not wait for the claim's close")
		}
	}
}
