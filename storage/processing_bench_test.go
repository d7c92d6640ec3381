package storage_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// BenchmarkStoreMessage stores a message as the pipeline does, in one
// transaction each: its row as imported, then its parse and filing into a
// claim. Both write the row's search words, and the filing queues the
// claim's alerts: what a message costs Postgres beyond its documents.
func BenchmarkStoreMessage(b *testing.B) {
	ctx := b.Context()
	db := openDB(b)
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		b.Fatal(err)
	}
	var claim int64
	if err := storage.PoolOf(db).QueryRow(ctx, `INSERT INTO claims (job_number, office_id) VALUES ('26-1042-W', 1) RETURNING id`).Scan(&claim); err != nil {
		b.Fatal(err)
	}
	parsed := storage.ParsedMessage{
		To: []string{"office@example.com"},
		BodyText: "Hi, the estimate for job 26-1042-W (claim CLM-0043321) is attached.\r\n" +
			"Moisture readings are down to 18 percent; call me at 555-867-5309 with questions.\r\n-- Pat Adjuster",
	}
	uid := uint32(0)
	for b.Loop() {
		uid++
		var id int64
		err := db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{
				MailboxID: mb.ID, UIDValidity: 1, UID: uid, Direction: "in", RawSHA256: sha("bench", int(uid)),
				RawSize: 2000, Subject: "RE: Water loss 26-1042-W - estimate", FromAddress: "pat@carrier.example",
				FromName: "Pat Adjuster", InternalDate: time.Now(), Status: storage.StatusNew,
			})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		err = db.InTx(ctx, func(tx pgx.Tx) error {
			return storage.SaveProcessed(ctx, tx, id, parsed, storage.Classification{
				Status: storage.StatusFiled, ClaimID: claim, NeedsAck: true, Decision: []byte(`{}`)})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
