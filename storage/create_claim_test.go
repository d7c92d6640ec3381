package storage_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestCreateClaim is the API's way to a new claim: the same checks as a
// claim made from a message, plus the status it asks for and the office's
// words for loss types.
func TestCreateClaim(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	saveClaim(t, db, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5"})
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

	c, err := db.CreateClaim(ctx, storage.Claim{ClaimNumber: "0683449786", LossType: "supply line leak", Status: "closed"}, "", at, 0)
	if err != nil {
		t.Fatal(err)
	}
	if c.JobNumber != "26-1002-WTR" || c.LossType != "Water" || c.Status != "closed" || c.Source != storage.SourceManual {
		t.Errorf("created %+v", c)
	}
	var ce *storage.ClaimConflictError
	for _, tc := range []struct {
		claim storage.Claim
		field string
	}{
		{storage.Claim{JobNumber: " 26 1001 wtr ", ClaimNumber: "X-1"}, "job_number"},
		{storage.Claim{ClaimNumber: "608H778H5"}, "claim_number"},
	} {
		_, err := db.CreateClaim(ctx, tc.claim, "", at, 0)
		if !errors.As(err, &ce) || ce.Field != tc.field || ce.JobNumber != "26-1001-WTR" || !errors.Is(err, storage.ErrConflict) {
			t.Errorf("%+v: %v, want a conflict on %s with 26-1001-WTR", tc.claim, err, tc.field)
		}
	}
	// A refused claim leaves nothing behind.
	var n int
	if err := storage.PoolOf(db).QueryRow(ctx, `SELECT count(*) FROM claims`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d claims (%v), want 2", n, err)
	}
}

// TestClaimFieldTooLong: text from hostile mail (an assignment with a
// 100 KB adjuster name) is refused with the field named, never passed to an
// index that cannot hold it.
func TestClaimFieldTooLong(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	long := strings.Repeat("Ávila ", 20000)
	_, err := db.CreateClaim(ctx, storage.Claim{ClaimNumber: "0683449786", AdjusterName: long}, "", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), 0)
	if !errors.Is(err, storage.ErrInvalid) || !strings.Contains(err.Error(), "adjuster_name") {
		t.Fatalf("a 120 KB adjuster name: %v, want ErrInvalid naming the field", err)
	}
	ok := storage.Claim{JobNumber: "26-1001-WTR", AdjusterName: strings.Repeat("a", storage.MaxClaimField)}
	if _, err := db.CreateClaim(ctx, ok, "", time.Now(), 0); err != nil {
		t.Fatalf("a field of exactly the limit: %v", err)
	}
}

// TestCreateClaimFromMessage: a claim a coordinator makes from a message
// reads the office's words for loss types as the API's claims do, and
// names the message it came from.
func TestCreateClaimFromMessage(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	inbox, err := db.EnsureMailbox(ctx, "claims@office.example", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	var msg int64
	err = storage.PoolOf(db).QueryRow(ctx, `INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, office_id)
		VALUES ($1, 1, 1, 'in', $2, 1, 1) RETURNING id`, inbox.ID, fmt.Sprintf("%064x", 1)).Scan(&msg)
	if err != nil {
		t.Fatal(err)
	}
	var c storage.Claim
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		c, err = storage.CreateClaimTx(ctx, tx, storage.Claim{ClaimNumber: "0683449786", LossType: "burst pipe in the attic"},
			"", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), msg)
		return err
	})
	if err != nil || c.LossType != "Water" || c.JobNumber != "26-0001-WTR" || c.Status != "open" {
		t.Fatalf("created %+v (%v), want a Water claim 26-0001-WTR, open", c, err)
	}
	var source int64
	if err := storage.PoolOf(db).QueryRow(ctx, `SELECT source_message_id FROM claims WHERE id = $1`, c.ID).Scan(&source); err != nil || source != msg {
		t.Errorf("claim made from message %d: source message %d (%v)", msg, source, err)
	}
}

// TestCreateClaimNumbersAreTheOfficesOwn: a claim that names no office is
// the default office's, and conflicts with its numbers only; another office
// may take the same job and claim number.
func TestCreateClaimNumbersAreTheOfficesOwn(t *testing.T) {
	t.Parallel()
	db := openDB(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	east, err := db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East"})
	if err != nil {
		t.Fatal(err)
	}
	first, err := db.CreateClaim(ctx, storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5"}, "", at, 0)
	if err != nil || first.OfficeID != storage.DefaultOfficeID {
		t.Fatalf("a claim naming no office: %+v %v, want the default office's", first, err)
	}
	same := storage.Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", OfficeID: east.ID}
	if c, err := db.CreateClaim(ctx, same, "", at, 0); err != nil || c.OfficeID != east.ID {
		t.Errorf("East's claim of the default office's numbers: %+v %v, want it created in East", c, err)
	}
	same.OfficeID = 0
	if _, err := db.CreateClaim(ctx, same, "", at, 0); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("the default office's numbers again: %v, want a conflict", err)
	}
}
