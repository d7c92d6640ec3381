package ingest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// TestOpenClaimsCacheFollowsTheTable changes claims between reads of the
// cache (created, closed, renamed, moved to another office, and changed
// by a transaction that commits only after a read) and checks after each
// that the cache gives every office's open claims as the table has them.
func TestOpenClaimsCacheFollowsTheTable(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, dsn := openDB(t)
	sql := testenv.SQL(t, dsn)
	north, err := db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North"})
	if err != nil {
		t.Fatal(err)
	}
	claim := func(number, insured string, office int64) storage.Claim {
		t.Helper()
		c, err := db.CreateClaim(ctx, storage.Claim{ClaimNumber: number, InsuredName: insured, OfficeID: office}, "", time.Now(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := sql.Exec(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	cache := NewOpenClaimsCache(db)
	check := func(step string) {
		t.Helper()
		for _, office := range []int64{storage.DefaultOfficeID, north.ID} {
			got, err := cache.Open(ctx, office)
			if err != nil {
				t.Fatal(err)
			}
			if want := tableOpenClaims(t, db, office); !slices.Equal(got, want) {
				t.Errorf("%s: office %d's open claims %v; the table has %v", step, office, got, want)
			}
		}
	}

	pena := claim("11-1111-111", "Pena", storage.DefaultOfficeID)
	lee := claim("22-2222-222", "Lee", storage.DefaultOfficeID)
	check("first read")
	ortiz := claim("33-3333-333", "Ortiz", north.ID)
	check("a claim created")
	exec(`UPDATE claims SET status = 'closed', closed_at = now() WHERE id = $1`, pena.ID)
	check("a claim closed")
	exec(`UPDATE claims SET insured_name = 'Lee-Park', loss_address = '12 Maple Ave' WHERE id = $1`, lee.ID)
	check("a claim's insured and address changed")
	exec(`UPDATE claims SET office_id = $2 WHERE id = $1`, lee.ID, north.ID)
	check("a claim moved to another office")

	// A change committed after a read, by a transaction that was running
	// when the read was made (and began before another one that had
	// committed by then), is seen by the next read.
	tx, err := sql.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `UPDATE claims SET adjuster_email = 'kim@carrier.example' WHERE id = $1`, ortiz.ID); err != nil {
		t.Fatal(err)
	}
	exec(`UPDATE claims SET carrier = 'Acme Mutual' WHERE id = $1`, pena.ID)
	check("a change not yet committed, and a later one committed")
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	check("the change committed since the last read")
	exec(`UPDATE claims SET status = 'open', closed_at = NULL WHERE id = $1`, pena.ID)
	check("a claim reopened")
}

// tableOpenClaims reads office's open claims from the claims table, as the
// classifier sees them.
func tableOpenClaims(t *testing.T, db *storage.DB, office int64) []classify.Claim {
	t.Helper()
	cs, err := db.OpenClaims(t.Context(), office)
	if err != nil {
		t.Fatal(err)
	}
	out := []classify.Claim{}
	for _, c := range cs {
		out = append(out, ClassifyClaim(c))
	}
	return out
}

// TestOpenClaimsCacheSeesWhatCommittedBeforeEachCall has workers read the
// cache at once, each right after committing a claim of its own: a read
// shared with others, or one already running when a call arrives, must
// not answer it without that claim.
func TestOpenClaimsCacheSeesWhatCommittedBeforeEachCall(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, _ := openDB(t)
	cache := NewOpenClaimsCache(db)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 10 {
				c, err := db.CreateClaim(ctx, storage.Claim{ClaimNumber: fmt.Sprintf("%d-%d", w, i), InsuredName: "Pena"}, "", time.Now(), 0)
				if err != nil {
					t.Error(err)
					return
				}
				open, err := cache.Open(ctx, storage.DefaultOfficeID)
				if err != nil {
					t.Error(err)
					return
				}
				if !slices.ContainsFunc(open, func(o classify.Claim) bool { return o.ID == c.ID }) {
					t.Errorf("claim %d committed before the call is not among the %d open claims read", c.ID, len(open))
				}
			}
		})
	}
	wg.Wait()
}

// TestOpenClaimsCacheAfterARestore gives a claim a changed_xid ahead of
// the database's transactions, as a dump of another, older database
// restored here does: once every open claim has been read, the claim's
// changed_xid is behind the transactions to come, so that reads of the
// changes stop finding it once those running now have ended.
func TestOpenClaimsCacheAfterARestore(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, dsn := openDB(t)
	sql := testenv.SQL(t, dsn)
	c, err := db.CreateClaim(ctx, storage.Claim{ClaimNumber: "44-4444-444", InsuredName: "Pena"}, "", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sql.Exec(ctx, `UPDATE claims SET changed_xid = '90000000000'::xid8 WHERE id = $1`, c.ID); err != nil {
		t.Fatal(err)
	}
	first, err := db.ClaimsChangedSince(ctx, 0)
	if err != nil || len(first.Claims) != 1 {
		t.Fatalf("first read: %d claims, %v; want the one", len(first.Claims), err)
	}
	var behind bool
	if err := sql.QueryRow(ctx, `SELECT changed_xid < pg_current_xact_id() FROM claims WHERE id = $1`, c.ID).Scan(&behind); err != nil {
		t.Fatal(err)
	}
	if !behind {
		t.Error("the restored claim's changed_xid is still ahead of the database's transactions: every read would find it changed")
	}
}

// TestOpenClaimsCacheAfterTheTransactionsWentBack has the cache remember a
// read far ahead of the database's transactions, as when the database was
// restored or failed over to a standby behind it: the next read finds its
// snapshot behind the last and reads every open claim again, so that a
// claim created since is among them.
func TestOpenClaimsCacheAfterTheTransactionsWentBack(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, _ := openDB(t)
	claim := func(number, insured string) {
		t.Helper()
		if _, err := db.CreateClaim(ctx, storage.Claim{ClaimNumber: number, InsuredName: insured}, "", time.Now(), 0); err != nil {
			t.Fatal(err)
		}
	}
	cache := NewOpenClaimsCache(db)
	claim("55-5555-555", "Pena")
	if _, err := cache.Open(ctx, storage.DefaultOfficeID); err != nil {
		t.Fatal(err)
	}
	cache.mu.Lock()
	cache.xmin += 1 << 40
	cache.mu.Unlock()
	claim("66-6666-666", "Lee")
	got, err := cache.Open(ctx, storage.DefaultOfficeID)
	if err != nil {
		t.Fatal(err)
	}
	if want := tableOpenClaims(t, db, storage.DefaultOfficeID); !slices.Equal(got, want) {
		t.Errorf("open claims %v; the table has %v", got, want)
	}
}

// TestOpenClaimsCacheKeepsAnOfficeSortedWhenNothingChanged applies a claim
// read again unchanged, as every read does while a long transaction holds
// the snapshots' xmin back: the office's sorted list is kept, not sorted
// again at the next call.
func TestOpenClaimsCacheKeepsAnOfficeSortedWhenNothingChanged(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db, _ := openDB(t)
	c, err := db.CreateClaim(ctx, storage.Claim{ClaimNumber: "77-7777-777", InsuredName: "Ortiz"}, "", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	cache := NewOpenClaimsCache(db)
	before, err := cache.Open(ctx, storage.DefaultOfficeID)
	if err != nil || len(before) != 1 {
		t.Fatalf("open claims %v, %v; want the one", before, err)
	}
	cache.mu.Lock()
	cache.apply(storage.OfficeClaim{Office: storage.DefaultOfficeID, Claim: ClassifyClaim(c)})
	_, kept := cache.sorted[storage.DefaultOfficeID]
	cache.mu.Unlock()
	if !kept {
		t.Error("a claim read again unchanged dropped its office's sorted list")
	}
}
