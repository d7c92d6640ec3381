package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/storage"
)

// twinWriter gives a document of claim A a key in its Contracts folder of
// the bundle's day, within tx, and returns that key; setup, run before the
// other transaction begins, makes what it needs.
type twinWriter struct {
	name  string
	setup func(t *testing.T, b *docsBundle) storage.Document
	write func(ctx context.Context, tx pgx.Tx, b *docsBundle, d storage.Document) (string, error)
}

// A name and its twin (a photo ATP.jpg and the PDF ATP.jpg.pdf) given at
// once by two transactions: whichever writes second, while the other has
// yet to commit, waits for it and then takes the next name, as it would
// had it come after. Every writer of a key is raced with a filing: a
// filing, a message's move, OCR's retype, a person's type change being
// planned, and a key's relocation into its claim's folder.
func TestTwinNamesGivenAtOnce(t *testing.T) {
	t.Parallel()
	photo, pdf := twinDocument{"ATP.jpg", "image/jpeg"}, twinDocument{"ATP.jpg.pdf", "application/pdf"}
	for _, c := range []struct {
		writer twinWriter
		held   twinDocument // filed by the transaction that commits first
		want   string
	}{
		{twinFiling("FilingThePhoto", photo), pdf, "ATP_2.jpg"},
		{twinFiling("FilingThePDF", pdf), photo, "ATP.jpg_2.pdf"},
		{twinMove, pdf, "ATP_2.jpg"},
		{twinRetype, pdf, "ATP_2.jpg"},
		{twinTypeChangePlan, pdf, "ATP_2.jpg"},
		{twinRelocation, pdf, "ATP_2.jpg"},
	} {
		t.Run(c.writer.name, func(t *testing.T) {
			t.Parallel()
			b, sql := setupDocsAndSQL(t)
			key, held, waited := raceTwin(t, b, sql, c.writer, c.held)
			if !waited || key != contractsOfDay+c.want {
				t.Errorf("given %s while %s was being filed (waited for it: %v), want %s", key, held, waited, c.want)
			}
			requireStampedKeysApart(t, b, b.claimA)
		})
	}
}

// raceTwin files held in a transaction of its own, runs w meanwhile, and
// commits held: then w's key, held's, and whether w waited for held.
func raceTwin(t *testing.T, b *docsBundle, sql *pgxpool.Pool, w twinWriter, held twinDocument) (key, heldKey string, waited bool) {
	t.Helper()
	ctx := t.Context()
	d := w.setup(t, b)
	holder, holderPID := beginHolder(t, sql)
	h, _, err := storage.FileDocument(ctx, holder, b.twinDocument(b.message(t), held, 1), b.loc)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var werr error
	go func() {
		defer close(done)
		werr = b.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			key, err = w.write(ctx, tx, b, d)
			return err
		})
	}()
	waited = waitForBlockedOrDone(t, sql, holderPID, done)
	if err := holder.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	<-done
	if werr != nil {
		t.Fatal(werr)
	}
	return key, h.BrowseKey, waited
}

// twinFiling files f, the test's second file, as processing does.
func twinFiling(name string, f twinDocument) twinWriter {
	return twinWriter{name,
		func(t *testing.T, b *docsBundle) storage.Document {
			return storage.Document{MessageIDs: []int64{b.message(t)}}
		},
		func(ctx context.Context, tx pgx.Tx, b *docsBundle, d storage.Document) (string, error) {
			got, err := storage.FileDocuments(ctx, tx, []storage.NewDocument{b.twinDocument(d.MessageIDs[0], f, 2)}, b.loc)
			if err != nil {
				return "", err
			}
			return got[0].BrowseKey, nil
		}}
}

// twinDocument is a file of a name and type.
type twinDocument struct{ filename, contentType string }

// twinDocument is f as an ATP of claim A that message m brought, the n-th
// file of the test.
func (b *docsBundle) twinDocument(m int64, f twinDocument, n int) storage.NewDocument {
	d := b.newDocument(m, sha("twin", n), f.filename)
	d.ContentType, d.DocType = f.contentType, "atp"
	return d
}

// twinPhoto files the photo ATP.jpg, the test's second file, as docType
// in folder of claim claimID, in its own transaction.
func twinPhoto(t *testing.T, b *docsBundle, claimID int64, job, docType, folder string) storage.Document {
	t.Helper()
	d := b.twinDocument(b.message(t), twinDocument{"ATP.jpg", "image/jpeg"}, 2)
	d.ClaimID, d.JobNumber, d.DocType, d.Folder = claimID, job, docType, folder
	var doc storage.Document
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		var err error
		doc, _, err = storage.FileDocument(t.Context(), tx, d, b.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

var (
	twinMove = twinWriter{"Move",
		func(t *testing.T, b *docsBundle) storage.Document {
			return twinPhoto(t, b, b.claimB, "26-1002-WTR", "atp", "Contracts")
		},
		func(ctx context.Context, tx pgx.Tx, b *docsBundle, d storage.Document) (string, error) {
			_, err := storage.MoveMessageDocuments(ctx, tx, storage.DocumentsMove{MessageID: d.MessageIDs[0], ToClaimID: b.claimA,
				To: storage.ClaimFolder{Office: "main", Job: "26-1001-WTR"}, ReceivedAt: b.received}, b.loc)
			return movedKey(ctx, tx, d, err)
		}}
	twinRetype = twinWriter{"Retype",
		func(t *testing.T, b *docsBundle) storage.Document {
			return twinPhoto(t, b, b.claimA, "26-1001-WTR", "photo", "Photos")
		},
		func(ctx context.Context, tx pgx.Tx, b *docsBundle, d storage.Document) (string, error) {
			_, err := storage.RetypeDocument(ctx, tx, d, "atp", "Contracts", b.loc)
			return movedKey(ctx, tx, d, err)
		}}
	twinTypeChangePlan = twinWriter{"TypeChangePlan",
		func(t *testing.T, b *docsBundle) storage.Document {
			return twinPhoto(t, b, b.claimA, "26-1001-WTR", "photo", "Photos")
		},
		func(ctx context.Context, tx pgx.Tx, b *docsBundle, d storage.Document) (string, error) {
			mv, err := storage.PlanTypeMove(ctx, tx, d.ID, "Contracts", b.loc)
			return mv.To, err
		}}
	twinRelocation = twinWriter{"Relocation",
		func(t *testing.T, b *docsBundle) storage.Document {
			d := twinPhoto(t, b, b.claimA, "26-1001-WTR", "atp", "Contracts")
			// The key it had before offices had folders.
			if _, err := storage.PoolOf(b.db).Exec(t.Context(), `UPDATE documents SET browse_key = $2 WHERE id = $1`,
				d.ID, "claims/26-1001-WTR/Contracts/2026-11-09_ATP.jpg"); err != nil {
				t.Fatal(err)
			}
			return d
		},
		func(ctx context.Context, tx pgx.Tx, b *docsBundle, _ storage.Document) (string, error) {
			r, ok, err := storage.RelocateNextDocumentKey(ctx, tx, 0, storage.RelocationScope{ClaimID: b.claimA, Wait: true})
			if err == nil && !ok {
				err = errors.New("no key relocated")
			}
			return r.To, err
		}}
)

// movedKey reads back the key d has in tx after a move that ended in err.
func movedKey(ctx context.Context, tx pgx.Tx, d storage.Document, err error) (string, error) {
	if err != nil {
		return "", err
	}
	var key string
	err = tx.QueryRow(ctx, `SELECT browse_key FROM documents WHERE id = $1`, d.ID).Scan(&key)
	return key, err
}

// waitForBlockedOrDone reports whether a backend came to wait for a lock
// of backend pid before done was closed: false when the work went through
// without waiting.
func waitForBlockedOrDone(t *testing.T, sql *pgxpool.Pool, pid int, done <-chan struct{}) bool {
	t.Helper()
	deadline := time.After(time.Minute)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		var blocked bool
		if err := sql.QueryRow(t.Context(), `SELECT EXISTS (SELECT FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)))`,
			pid).Scan(&blocked); err != nil {
			t.Fatal(err)
		}
		if blocked {
			return true
		}
		select {
		case <-done:
			return false
		case <-tick.C:
		case <-deadline:
			t.Fatalf("nothing waited for backend %d, and the work did not end", pid)
		}
	}
}
