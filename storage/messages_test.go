package storage_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// scanned is a message from the office copier: every scan it sends carries
// the same Message-ID, sender and Date, whatever the pages scanned.
func scanned(b *docsBundle, uidValidity, uid uint32, raw string) storage.NewMessage {
	return storage.NewMessage{
		MailboxID: b.mailbox, UIDValidity: uidValidity, UID: uid, Direction: "in", RawSHA256: sha(raw, 0), RawSize: 10,
		MessageID: "<scan@mfp.office.example>", FromAddress: "mfp@office.example", Subject: "Scanned document",
		SentDate: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), InternalDate: b.received, Status: storage.StatusNew,
	}
}

func skippedOn(t *testing.T, b *docsBundle) int64 {
	t.Helper()
	var n int64
	if err := storage.PoolOf(b.db).QueryRow(t.Context(), `SELECT duplicates_skipped FROM mailboxes WHERE id = $1`, b.mailbox).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Two different messages under one Message-ID, From and Date are two
// messages; the same bytes again (a UIDVALIDITY rescan) are the stored one,
// and the skip is counted.
func TestInsertMessageMergesOnlyTheSameBytes(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	insert := func(m storage.NewMessage) (int64, bool) {
		t.Helper()
		var id int64
		var inserted bool
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			id, inserted, err = storage.InsertMessage(ctx, tx, m)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return id, inserted
	}
	atp, ok1 := insert(scanned(b, 1, 1, "Lopez ATP"))
	cos, ok2 := insert(scanned(b, 1, 2, "Lopez COS"))
	if !ok1 || !ok2 || atp == cos {
		t.Fatalf("two scans under one Message-ID: ids %d (stored %v) and %d (stored %v), want two rows", atp, ok1, cos, ok2)
	}
	if n := skippedOn(t, b); n != 0 {
		t.Errorf("%d skips counted for two different messages", n)
	}

	// The folder is renumbered: the same two messages come back under new
	// UIDs, with a third, also from the copier.
	again, ok := insert(scanned(b, 2, 1, "Lopez ATP"))
	if ok || again != atp {
		t.Errorf("the ATP scan again after a rescan: id %d, stored %v; want the stored #%d", again, ok, atp)
	}
	var results []storage.InsertResult
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		results, err = storage.InsertMessages(ctx, tx, []storage.NewMessage{
			scanned(b, 2, 2, "Lopez COS"), scanned(b, 2, 3, "Lopez waiver"),
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.Inserted || r.ID != cos {
		t.Errorf("the COS scan again, in a batch: %+v; want the stored #%d", r, cos)
	}
	if r := results[1]; !r.Inserted || r.ID == atp || r.ID == cos {
		t.Errorf("a third scan under the same Message-ID, in a batch: %+v; want a row of its own", r)
	}
	var rows int
	if err := storage.PoolOf(b.db).QueryRow(ctx, `SELECT count(*) FROM messages WHERE message_id = '<scan@mfp.office.example>'`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 3 {
		t.Errorf("%d rows for three different scans", rows)
	}
	if n := skippedOn(t, b); n != 2 {
		t.Errorf("%d skips counted, want 2 (the two redelivered scans)", n)
	}
}
