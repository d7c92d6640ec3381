package storage_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// BenchmarkInsertMessages records fetched batches of 50 new messages as the
// import does, one transaction a batch, into a mailbox that holds the
// batches before: the raw import's cost a message, in all (us/msg) and in
// Postgres' execution of its statements (pg-us/msg).
func BenchmarkInsertMessages(b *testing.B) {
	const batch = 50
	ctx := b.Context()
	db := openDB(b)
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		b.Fatal(err)
	}
	pool := storage.PoolOf(db)
	if _, err := pool.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`); err != nil {
		b.Skipf("no pg_stat_statements: %v", err)
	}
	ms := make([]storage.NewMessage, batch)
	uid, batches := uint32(0), 0
	_, ms0 := statementStats(b, pool)
	for b.Loop() {
		batches++
		for i := range ms {
			uid++
			ms[i] = importedMessage(mb.ID, uid)
		}
		err := db.InTx(ctx, func(tx pgx.Tx) error {
			results, err := storage.InsertMessages(ctx, tx, ms)
			if err == nil && !results[batch-1].Inserted {
				err = fmt.Errorf("message uid %d not stored: %+v", uid, results[batch-1])
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	_, ms1 := statementStats(b, pool)
	n := float64(batches * batch)
	b.ReportMetric(float64(b.Elapsed().Microseconds())/n, "us/msg")
	b.ReportMetric((ms1-ms0)*1000/n, "pg-us/msg")
}

// importedMessage is a reply from an adjuster as the import stores it.
func importedMessage(mailbox int64, uid uint32) storage.NewMessage {
	sent := time.Date(2026, 11, 9, 14, 0, 0, 0, time.UTC).Add(time.Duration(uid) * time.Minute)
	return storage.NewMessage{
		MailboxID: mailbox, UIDValidity: 1, UID: uid, Direction: "in", RawSHA256: sha("import", int(uid)), RawSize: 48_000,
		MessageID: fmt.Sprintf("<%d.reply@carrier.example>", uid), InReplyTo: fmt.Sprintf("<%d.ask@office.example>", uid),
		References:  []string{fmt.Sprintf("<%d.fnol@office.example>", uid), fmt.Sprintf("<%d.ask@office.example>", uid)},
		FromAddress: "pat@carrier.example", FromName: "Pat Adjuster",
		Subject:      fmt.Sprintf("RE: Water loss 26-%04d-W - estimate", uid%500),
		InternalDate: sent.Add(time.Second), SentDate: sent, Status: storage.StatusNew,
	}
}
