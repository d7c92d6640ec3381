package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// TestChangesNameTheirOffice: a change notification names the office whose
// things changed, the claim's for rows that take their claim's office, and
// both offices when a claim moves from one to the other.
func TestChangesNameTheirOffice(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	payloads := make(chan string, 16)
	go func() { _ = db.Listen(ctx, storage.ChangesChannel, func(p string) { payloads <- p }) }()
	next := func() string {
		t.Helper()
		select {
		case p := <-payloads:
			return p
		case <-time.After(10 * time.Second):
			t.Fatal("no notification within 10s")
			return ""
		}
	}
	if p := next(); p != "" {
		t.Fatalf("first call %q, want the empty catch-up call", p)
	}
	east, err := db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East"})
	if err != nil {
		t.Fatal(err)
	}
	claim, err := db.CreateClaim(ctx, storage.Claim{JobNumber: "26-3001-EST", ClaimNumber: "EAST-1"}, "", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	expect := func(want ...string) {
		t.Helper()
		for _, w := range want {
			if got := next(); got != w {
				t.Errorf("notification %q, want %q", got, w)
			}
		}
	}
	main := storage.DefaultOfficeID
	expect(fmt.Sprintf("claims:%d", main))
	sql := storage.PoolOf(db)
	if _, err := sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, claim.ID, east.ID); err != nil {
		t.Fatal(err)
	}
	expect(fmt.Sprintf("claims:%d", main), fmt.Sprintf("claims:%d", east.ID))
	if _, err := sql.Exec(ctx, `INSERT INTO claim_updates (claim_id, at, source, note) VALUES ($1, now(), 'note', 'called')`,
		claim.ID); err != nil {
		t.Fatal(err)
	}
	expect(fmt.Sprintf("claim_updates:%d", east.ID))
	if _, err := sql.Exec(ctx, `SELECT pg_notify($1, 'sla')`, storage.ChangesChannel); err != nil {
		t.Fatal(err)
	}
	expect("sla")
}
