package storage_test

import (
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// stampRetryBundle is a scanned form filed in claim 26-1001-WTR, for the
// tests of the stamps tried again.
type stampRetryBundle struct {
	*docsBundle
	doc storage.Document
}

func setupStampRetry(t *testing.T) stampRetryBundle {
	t.Helper()
	b := setupDocs(t)
	d, _ := b.file(t, storage.NewDocument{MessageID: b.message(t), SHA256: sha("tif", 1), Filename: "COS.tif", ContentType: "image/tiff"})
	return stampRetryBundle{docsBundle: b, doc: d}
}

// meet records the scan's stamp error of kind, met by a server with
// abilities.
func (b stampRetryBundle) meet(t *testing.T, kind string, abilities ...string) {
	t.Helper()
	d := b.doc
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		_, ok, err := storage.RecordStamp(t.Context(), tx, storage.StampOutcome{DocumentID: d.ID, ClaimID: d.ClaimID,
			JobNumber: d.JobNumber, OfficeID: d.OfficeID, Error: "Not stamped: " + kind + ".", ErrorKind: kind, Abilities: abilities})
		if err == nil && !ok {
			t.Error("stamp error not recorded")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// retry runs the look for stamps to try again of a server with
// abilities, and fails unless it takes the scan when want says.
func (b stampRetryBundle) retry(t *testing.T, want bool, abilities ...string) {
	t.Helper()
	var ids []int64
	err := b.db.InTx(t.Context(), func(tx pgx.Tx) error {
		var err error
		ids, err = storage.RetryOutgrownStamps(t.Context(), tx, abilities, 50<<20, "stamp", 16)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := slices.Contains(ids, b.doc.ID); got != want {
		t.Errorf("a server with %v tried the scan again: %v, want %v", abilities, got, want)
	}
}

// Two servers share one database, each with a program the other lacks
// (tiffcp, heif-convert), and a scan neither reads. Each tries it again
// until it has met it itself, wherever the stamps queued run; once both
// have, neither does, however the stamps fell between them.
func TestRetryOutgrownStampsEndsOnceEachServerMetIt(t *testing.T) {
	t.Parallel()
	b := setupStampRetry(t)
	fax := []string{"picture-readers-3", "tiffcp"}
	heic := []string{"picture-readers-3", "heif-convert"}
	b.meet(t, storage.StampUnsupported, fax...)
	b.retry(t, false, fax...)
	b.retry(t, true, heic...)
	b.meet(t, storage.StampUnsupported, fax...) // its stamp ran on the fax server
	b.retry(t, true, heic...)
	b.meet(t, storage.StampUnsupported, heic...)
	b.retry(t, false, fax...)
	b.retry(t, false, heic...)
}

// A server of the version before stamp errors had kinds may still run
// stamp jobs beside one of this version (a rolling upgrade): it records
// a stamp error as a sentence alone. A stamp queued again that ran there
// and failed is tried again, not left without a kind for ever; one still
// being stamped is not queued twice.
func TestRetryOutgrownStampsAfterAnOlderServer(t *testing.T) {
	t.Parallel()
	b := setupStampRetry(t)
	older := []string{"picture-readers-3"}
	newer := []string{"picture-readers-3", "tiffcp"}
	b.meet(t, storage.StampNoProgram, older...)
	b.retry(t, true, newer...)
	b.retry(t, false, newer...) // being stamped
	if _, err := storage.PoolOf(b.db).Exec(t.Context(), `UPDATE documents SET stamped_sha256 = NULL, stamp_error = $2 WHERE id = $1`,
		b.doc.ID, "Not stamped: the fax is in two-dimensional Group 3 coding, which this server cannot read "+
			"(tiffcp, from libtiff-tools, is not installed). The original is filed unchanged."); err != nil {
		t.Fatal(err)
	}
	b.retry(t, true, newer...)
}
