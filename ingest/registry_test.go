package ingest

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// registryFixture is an office's claims, and another office's claims of
// the same numbers, with a message filed to each.
type registryFixture struct {
	db      *storage.DB
	office  int64
	numbers []string
	threads []string
}

func setupRegistry(tb testing.TB) registryFixture {
	tb.Helper()
	ctx := tb.Context()
	dsn := testenv.Postgres(tb)
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(db.Close)
	north, err := db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North"})
	if err != nil {
		tb.Fatal(err)
	}
	sql := testenv.SQL(tb, dsn)
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		tb.Fatal(err)
	}
	for i, office := range []int64{storage.DefaultOfficeID, north.ID} {
		err := db.InTx(ctx, func(tx pgx.Tx) error {
			for _, c := range []storage.Claim{
				{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", PolicyNumber: "HO-552", Status: "open"},
				{JobNumber: "26-1002-WTR", ClaimNumber: "61-0000-1", PolicyNumber: "HO-552", Status: "closed"},
				{JobNumber: "26-1003-MLD", ClaimNumber: "HO-552", Status: "open"},
			} {
				c.OfficeID = office
				if _, _, err := storage.SaveClaim(ctx, tx, c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
		var id int64
		err = db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{
				MailboxID: mb.ID, UIDValidity: 1, UID: uint32(i + 1), Direction: "in", RawSHA256: fmt.Sprintf("%064d", i),
				MessageID: "<thread@example.com>", Status: storage.StatusNew,
			})
			return err
		})
		if err != nil {
			tb.Fatal(err)
		}
		// Filed to the office's closed claim: a reply finds it by thread.
		if _, err := sql.Exec(ctx, `UPDATE messages SET status = 'filed', office_id = $2,
			claim_id = (SELECT id FROM claims WHERE office_id = $2 AND job_number = '26-1002-WTR') WHERE id = $1`, id, office); err != nil {
			tb.Fatal(err)
		}
	}
	return registryFixture{
		db: db, office: north.ID,
		numbers: []string{classify.Normalize("26-1001-WTR"), classify.Normalize("60-8H77-8H5"), classify.Normalize("HO-552"), classify.Normalize("99-0000")},
		threads: []string{"<thread@example.com>", "<unknown@example.com>"},
	}
}

// A registry told what will be looked up answers every lookup as it would
// one at a time, from what it read at once: its database is gone by then.
func TestDBRegistryPrefetchAnswersEveryLookupAsAlone(t *testing.T) {
	t.Parallel()
	f := setupRegistry(t)
	alone := NewDBRegistry(t.Context(), f.db, f.office)
	ctx, cancel := context.WithCancel(t.Context())
	prefetched := NewDBRegistry(ctx, f.db, f.office)
	prefetched.Prefetch(f.numbers, f.threads)
	cancel() // a lookup asking the database now fails, and sets Err
	same := func(what string, got, want []classify.Claim) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: prefetched %+v, alone %+v", what, got, want)
		}
	}
	found := 0
	for _, n := range f.numbers {
		same("job "+n, prefetched.ByJobNumber(n), alone.ByJobNumber(n))
		same("claim "+n, prefetched.ByClaimNumber(n), alone.ByClaimNumber(n))
		same("policy "+n, prefetched.ByPolicyNumber(n), alone.ByPolicyNumber(n))
		found += len(alone.ByJobNumber(n)) + len(alone.ByClaimNumber(n)) + len(alone.ByPolicyNumber(n))
	}
	for _, id := range f.threads {
		same("thread "+id, prefetched.ByThread([]string{id}), alone.ByThread([]string{id}))
		found += len(alone.ByThread([]string{id}))
	}
	same("open claims", prefetched.OpenClaims(), alone.OpenClaims())
	if found != 6 || len(alone.OpenClaims()) != 2 {
		t.Errorf("alone found %d claims by number and thread and %d open, want 6 and 2", found, len(alone.OpenClaims()))
	}
	if prefetched.Err != nil || alone.Err != nil {
		t.Errorf("errors: prefetched %v, alone %v", prefetched.Err, alone.Err)
	}
}
