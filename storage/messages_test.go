package storage_test

import (
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/internal/testenv"
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
	return skippedIn(t, b.db, b.mailbox)
}

func skippedIn(t *testing.T, db *storage.DB, mailbox int64) int64 {
	t.Helper()
	var n int64
	if err := storage.PoolOf(db).QueryRow(t.Context(), `SELECT duplicates_skipped FROM mailboxes WHERE id = $1`, mailbox).Scan(&n); err != nil {
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

// delivered is a message of mailbox under UID uid whose raw bytes are raw.
func delivered(b *docsBundle, mailbox int64, uid uint32, raw string, refs ...string) storage.NewMessage {
	return storage.NewMessage{
		MailboxID: mailbox, UIDValidity: 1, UID: uid, Direction: "in", RawSHA256: sha(raw, 0), RawSize: 10,
		MessageID: "<" + raw + "@carrier.example>", References: refs, Subject: raw,
		InternalDate: b.received, Status: storage.StatusNew,
	}
}

func insertBatch(t *testing.T, db *storage.DB, ms ...storage.NewMessage) []storage.InsertResult {
	t.Helper()
	var results []storage.InsertResult
	err := db.InTx(t.Context(), func(tx pgx.Tx) error {
		var err error
		results, err = storage.InsertMessages(t.Context(), tx, ms)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != len(ms) {
		t.Fatalf("%d results for %d messages", len(results), len(ms))
	}
	return results
}

// A batch stores its new messages, each in its mailbox's office, and skips
// the others as InsertMessage would one after another: a message already
// stored, or stored earlier in the same batch, is counted once on its
// mailbox and answered with the row that holds it. Results come in the
// batch's order.
func TestInsertMessagesSkipsWhatIsStoredAlready(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	north, err := b.db.CreateOffice(ctx, storage.Office{Slug: "north", Name: "North"})
	if err != nil {
		t.Fatal(err)
	}
	northBox, err := b.db.EnsureMailbox(ctx, "north@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.db.SetMailboxOffice(ctx, "north@example.com", north.ID); err != nil {
		t.Fatal(err)
	}
	before := insertBatch(t, b.db, delivered(b, b.mailbox, 1, "estimate"), delivered(b, b.mailbox, 2, "photos"))
	estimate, photos := before[0], before[1]
	if !estimate.Inserted || !photos.Inserted || estimate.ID == photos.ID {
		t.Fatalf("two new messages: %+v and %+v, want two rows", estimate, photos)
	}

	batch := []storage.NewMessage{
		delivered(b, b.mailbox, 3, "invoice", "<estimate@carrier.example>", "<photos@carrier.example>"),
		delivered(b, b.mailbox, 9, "estimate"),   // a redelivery
		delivered(b, northBox.ID, 1, "estimate"), // the same bytes in another mailbox
		delivered(b, b.mailbox, 4, "invoice"),    // the batch's own first message again
		delivered(b, b.mailbox, 2, "photos, edited on the server"),
		delivered(b, b.mailbox, 5, "waiver", "<invoice@carrier.example>"),
		// stored: the same bytes came before, but were not stored
		delivered(b, b.mailbox, 6, "photos, edited on the server"),
		// held by the row with its bytes rather than the one with its UID
		delivered(b, b.mailbox, 1, "photos"),
	}
	got := insertBatch(t, b.db, batch...)
	stored := []bool{true, false, true, false, false, true, true, false}
	for i, r := range got {
		if r.Inserted != stored[i] || r.ID == 0 {
			t.Errorf("message %d (uid %d, %s): %+v, want stored %v", i, batch[i].UID, batch[i].Subject, r, stored[i])
		}
	}
	for i, held := range map[int]int64{1: estimate.ID, 3: got[0].ID, 4: photos.ID, 7: photos.ID} {
		if got[i].ID != held {
			t.Errorf("message %d (uid %d, %s) skipped against #%d, want #%d", i, batch[i].UID, batch[i].Subject, got[i].ID, held)
		}
	}
	for i, m := range batch {
		if stored[i] {
			checkStoredAs(t, b.db, got[i].ID, m, map[int64]int64{b.mailbox: storage.DefaultOfficeID, northBox.ID: north.ID}[m.MailboxID])
		}
	}

	// The same message twice over, UID and all, is stored once.
	twice := insertBatch(t, b.db, delivered(b, b.mailbox, 7, "lien waiver"), delivered(b, b.mailbox, 7, "lien waiver"))
	if !twice[0].Inserted || twice[1].Inserted || twice[1].ID != twice[0].ID {
		t.Errorf("one message twice in a batch: %+v, want the first stored and the second skipped against it", twice)
	}

	if n, north := skippedOn(t, b), skippedIn(t, b.db, northBox.ID); n != 5 || north != 0 {
		t.Errorf("skips counted: %d on the mailbox and %d on the other one, want 5 and 0", n, north)
	}
	var rows int
	if err := storage.PoolOf(b.db).QueryRow(ctx, `SELECT count(*) FROM messages`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 7 {
		t.Errorf("%d rows stored, want 7", rows)
	}
}

// checkStoredAs checks that row id holds m, in office.
func checkStoredAs(t *testing.T, db *storage.DB, id int64, m storage.NewMessage, office int64) {
	t.Helper()
	var mailbox, gotOffice, uid int64
	var subject string
	var refs []string
	err := storage.PoolOf(db).QueryRow(t.Context(), `SELECT mailbox_id, office_id, uid, subject, refs FROM messages WHERE id = $1`,
		id).Scan(&mailbox, &gotOffice, &uid, &subject, &refs)
	if err != nil {
		t.Fatal(err)
	}
	if mailbox != m.MailboxID || gotOffice != office || uid != int64(m.UID) || subject != m.Subject ||
		!slices.Equal(refs, append([]string{}, m.References...)) {
		t.Errorf("row #%d: mailbox %d, office %d, uid %d, %q, references %q; want mailbox %d, office %d, uid %d, %q, references %q",
			id, mailbox, gotOffice, uid, subject, refs, m.MailboxID, office, m.UID, m.Subject, m.References)
	}
}

// A message that another transaction stores while the batch waits on it is
// skipped without an id: the row holding it is not visible to the batch.
func TestInsertMessagesAfterAConcurrentInsert(t *testing.T) {
	t.Parallel()
	b, sql := setupDocsAndSQL(t)
	ctx := t.Context()
	holder, holderPID := beginHolder(t, sql)
	if _, _, err := storage.InsertMessage(ctx, holder, delivered(b, b.mailbox, 1, "estimate")); err != nil {
		t.Fatal(err)
	}
	done := make(chan []storage.InsertResult, 1)
	go func() {
		var results []storage.InsertResult
		err := b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			results, err = storage.InsertMessages(ctx, tx, []storage.NewMessage{
				delivered(b, b.mailbox, 7, "photos"), delivered(b, b.mailbox, 8, "estimate")})
			return err
		})
		if err != nil {
			t.Error(err)
		}
		done <- results
	}()
	testenv.WaitForBlocked(t, sql, holderPID, "%INSERT INTO messages%")
	if err := holder.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	got := <-done
	if len(got) != 2 || !got[0].Inserted || got[0].ID == 0 || got[1] != (storage.InsertResult{}) {
		t.Errorf("results %+v, want the photos stored and the estimate skipped without an id", got)
	}
	if n := skippedOn(t, b); n != 1 {
		t.Errorf("%d skips counted, want 1", n)
	}
}
