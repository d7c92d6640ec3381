package ingest

import (
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestOldFormPicturesGetStamps files a technician's phone photos as the
// server did before pictures of signed forms were stamped: an ATP and an
// ATR photo, a job photo, and a COS photo whose stamp failed, none with a
// stamp job. The look for old forms, a batch of one document at a time,
// queues the stamps of the ATP and the ATR, and nothing for the job photo
// or the COS; a second look queues nothing while those wait.
func TestOldFormPicturesGetStamps(t *testing.T) {
	t.Parallel()
	b := setupFiling(t, localBlobs, false)
	ctx := t.Context()
	files := []mailFile{
		{"ATP.jpg", "image/jpeg", sidePhoto(t, 64, 48, 1)}, {"ATR.jpg", "image/jpeg", sidePhoto(t, 80, 60, 1)},
		{"kitchen.jpg", "image/jpeg", sidePhoto(t, 96, 72, 1)}, {"COS.jpg", "image/jpeg", sidePhoto(t, 112, 84, 1)},
	}
	types := map[string]string{"ATP.jpg": "atp", "ATR.jpg": "atr", "kitchen.jpg": "photo", "COS.jpg": "cos"}
	m := b.addRaw(t, attachmentsMail("old-forms", "signed papers", files...), time.Date(2026, 11, 2, 16, 0, 0, 0, time.UTC))
	docTypes := map[string]string{}
	for _, p := range m.parsed.Parts {
		docTypes[p.Path] = types[p.Filename]
	}
	if _, err := b.filer.File(ctx, FileRequest{MessageID: m.id, ClaimID: b.claims["26-1001-WTR"], DocTypes: docTypes}); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, d := range b.documents(t, m.id) {
		ids[d.Filename] = d.ID
	}
	// As an upgrade finds them: no stamp jobs, and the COS's stamp failed.
	if _, err := b.sql.Exec(ctx, `DELETE FROM river_job WHERE kind = 'stamp_document'`); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE documents SET stamp_error = 'Not stamped: damaged.' WHERE id = $1`, ids["COS.jpg"]); err != nil {
		t.Fatal(err)
	}

	inserter, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := NewQueue(inserter)
	n, err := q.enqueueOldFormStamps(ctx, b.db, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{ids["ATP.jpg"], ids["ATR.jpg"]}
	slices.Sort(want)
	if got := stampJobDocuments(t, b); n != 2 || !slices.Equal(got, want) {
		t.Errorf("look queued %d stamps, for documents %v; want the ATP's and the ATR's, %v", n, got, want)
	}
	n, err = q.EnqueueOldFormStamps(ctx, b.db)
	if err != nil {
		t.Fatal(err)
	}
	if got := stampJobDocuments(t, b); n != 0 || !slices.Equal(got, want) {
		t.Errorf("second look queued %d stamps, jobs now for documents %v; want none more than %v", n, got, want)
	}
}

// stampJobDocuments returns the documents of the stamp jobs queued, in
// order.
func stampJobDocuments(t *testing.T, b *filingBundle) []int64 {
	t.Helper()
	rows, err := b.sql.Query(t.Context(), `SELECT (args->>'document_id')::bigint FROM river_job
		WHERE kind = 'stamp_document' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
