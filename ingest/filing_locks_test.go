package ingest

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/storage"
)

// heldTx begins a transaction on b's own pool and returns it with its
// backend's pid, which testenv.WaitForBlocked watches.
func (b *filingBundle) heldTx(t *testing.T) (pgx.Tx, int) {
	t.Helper()
	tx, err := b.sql.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback(context.Background()) })
	var pid int
	if err := tx.QueryRow(t.Context(), `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	return tx, pid
}

// fileAsync files m into claim job in a goroutine; its error comes on the
// channel returned.
func (b *filingBundle) fileAsync(t *testing.T, m corpusMessage, job string) <-chan error {
	done := make(chan error, 1)
	go func() {
		_, err := b.filer.File(t.Context(), FileRequest{MessageID: m.id, ClaimID: b.claims[job], DocTypes: m.docTypes()})
		done <- err
	}()
	return done
}

// A file sent again to a claim whose job number is being changed at that
// moment: the filing waits for the claim before it takes the documents it
// finds there, as the job-number change does, and both go through. Taking
// the found documents first, the filing held them while it waited for the
// claim (to add the message beside them), and the change waited for them
// (to forget their stamps) until Postgres ended one of the two.
func TestFilingASentAgainFileMeetsAJobNumberChange(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	b := setupFiling(t, testStores[0].open, false)
	first := b.add(t, "00074.eml", time.Time{}, nil)
	again := b.add(t, "00074.eml", time.Time{}, withHeader("X-Resent: again"))
	job, claim := b.claimOf(t, first)
	b.file(t, first, job)
	if _, err := b.sql.Exec(ctx, `UPDATE documents SET stamped_sha256 = sha256 WHERE claim_id = $1`, claim); err != nil {
		t.Fatal(err)
	}

	// The job-number change, step by step as Filer.UpdateClaim runs it.
	rename, pid := b.heldTx(t)
	if _, err := storage.LockClaimJobNumber(ctx, rename, claim); err != nil {
		t.Fatal(err)
	}
	done := b.fileAsync(t, again, job)
	testenv.WaitForBlocked(t, b.sql, pid, "%")
	forgot, renameErr := storage.ForgetClaimStamps(ctx, rename, claim)
	if renameErr == nil {
		renameErr = rename.Commit(ctx)
	}
	if fileErr := <-done; renameErr != nil || fileErr != nil {
		t.Fatalf("job-number change: %v\nfiling: %v", renameErr, fileErr)
	}
	if len(forgot) == 0 {
		t.Fatal("the change forgot no stamp: it met no document of the filing")
	}
	shared := 0
	for _, d := range b.documents(t, again.id) {
		if len(d.MessageIDs) == 2 {
			shared++
		}
	}
	if shared == 0 {
		t.Error("the message sent again shares no document with the first: its files were filed anew")
	}
}

// A lab report filed again (its processing run again) while a person
// changes the type of one of the claim's documents: the filing waits for
// the claim before it locks the message's documents, as the type change
// does, and both go through. Locking the documents first, the filing held
// the report while it waited for the claim (to set its sample stage) and
// the type change, holding the claim, waited for the report.
func TestFilingALabReportAgainMeetsATypeChange(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	b := setupFiling(t, testStores[0].open, false)
	m := b.add(t, "00048.eml", time.Time{}, nil)
	job, claim := b.claimOf(t, m)
	first := b.file(t, m, job)
	var report int64
	for _, d := range first.Documents {
		if d.DocType == "lab_report" {
			report = d.ID
		}
	}
	if report == 0 {
		t.Fatalf("no lab report filed from %s: %+v", m.truth.File, first.Documents)
	}

	// The type change, step by step as storage.ChangeDocumentType locks.
	change, pid := b.heldTx(t)
	if err := storage.LockClaimsForChange(ctx, change, claim); err != nil {
		t.Fatal(err)
	}
	done := b.fileAsync(t, m, job)
	testenv.WaitForBlocked(t, b.sql, pid, "%")
	_, changeErr := change.Exec(ctx, `SELECT FROM documents WHERE id = $1 FOR UPDATE`, report)
	if changeErr == nil {
		changeErr = change.Commit(ctx)
	}
	if fileErr := <-done; changeErr != nil || fileErr != nil {
		t.Fatalf("type change: %v\nfiling again: %v", changeErr, fileErr)
	}
}
