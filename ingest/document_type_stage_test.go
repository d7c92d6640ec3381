package ingest

import (
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// A document a person typed a lab report by mistake sets the sample
// stage; once they correct its type, the stage is not yet again, rather
// than stuck at a time no lab report gives and no one can clear.
func TestRetypedLabReportGivesBackTheSample(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	b, filer, claim := setupRetype(t, testStores[0].open(t))
	content := []byte("%PDF moisture map, not a lab report")
	key := "offices/main/claims/26-1001-WTR/Photos/2026-03-02_map.pdf"
	b.put(t, blob.ContentKey(hexSum(content)), content, true, key)
	var id int64
	if err := b.sql.QueryRow(ctx, `
		INSERT INTO documents (claim_id, office_id, sha256, size, filename, content_type, doc_type, folder, browse_key, received_at)
		VALUES ($1, 1, $2, $3, 'map.pdf', 'application/pdf', 'photo', 'Photos', $4, '2026-03-02 10:00Z') RETURNING id`,
		claim, hexSum(content), len(content), key).Scan(&id); err != nil {
		t.Fatal(err)
	}
	sampled := func() *time.Time {
		t.Helper()
		var at *time.Time
		if err := b.sql.QueryRow(ctx, `SELECT sampled_at FROM claims WHERE id = $1`, claim).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	if _, err := filer.ChangeDocumentType(ctx, id, "lab_report", "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	if at := sampled(); at == nil || !at.Equal(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("sampled at %v as a lab report, want when it came", at)
	}
	if _, err := filer.ChangeDocumentType(ctx, id, "photo", "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	if at := sampled(); at != nil {
		t.Errorf("sampled at %v once the map is a photo again, want not yet", at)
	}
	if recs, err := b.db.StageRecords(ctx, claim); err != nil || len(recs) != 0 {
		t.Errorf("stage records %+v (%v), want none", recs, err)
	}
	if moved, err := b.db.ClearJobStage(ctx, claim, storage.StageSampled, "dana@office.example"); err != nil || moved || sampled() != nil {
		t.Errorf("clear: moved %v (%v), sampled at %v; want nothing left to clear", moved, err, sampled())
	}
}
