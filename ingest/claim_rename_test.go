package ingest

import (
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// TestRenamedClaimDocumentsMove runs the rename test on both blob stores.
func TestRenamedClaimDocumentsMove(t *testing.T) {
	t.Parallel()
	for _, st := range testStores {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			testRenamedClaimDocumentsMove(t, st.open)
		})
	}
}

// testRenamedClaimDocumentsMove renames a claim's job number through the
// filer: the rename queues the job that moves the claim's documents, which
// copies, checks and records them under the new job's folder and deletes
// the old keys. A claim of another office may take the same job number,
// and its documents move to its own office's folder. The stamped copies,
// which show the old job number, are forgotten and made again: none moves.
func testRenamedClaimDocumentsMove(t *testing.T, open func(t *testing.T) blob.Store) {
	b := setupRelocation(t, open)
	ctx := t.Context()
	log := slog.New(slog.DiscardHandler)
	if _, err := RelocateBrowseKeys(ctx, b.db, b.blobs, log); err != nil {
		t.Fatal(err)
	}
	rc, err := storage.NewQueueClient(b.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	filer := NewFiler(b.db, b.blobs, NewQueue(rc), nil, log)
	var mainClaim, northClaim int64
	if err := b.sql.QueryRow(ctx, `SELECT (SELECT id FROM claims WHERE job_number = '26-1001-WTR'),
		(SELECT id FROM claims WHERE job_number = '26-2001-WTR')`).Scan(&mainClaim, &northClaim); err != nil {
		t.Fatal(err)
	}

	const renamed = "26-1001-MLD"
	rename := storage.ClaimPatch{Fields: map[string]string{"job_number": renamed}}
	if _, err := filer.UpdateClaim(ctx, mainClaim, rename, "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	// Job numbers are an office's own: North may take the same one.
	if _, err := filer.UpdateClaim(ctx, northClaim, rename, "nora@north.example"); err != nil {
		t.Errorf("North's claim renamed to the main office's job number: %v", err)
	}
	var queued []int64
	if err := b.sql.QueryRow(ctx, `SELECT array_agg((args->>'claim_id')::bigint ORDER BY id) FROM river_job
		WHERE kind = 'relocate_claim_documents'`).Scan(&queued); err != nil {
		t.Fatal(err)
	}
	if len(queued) != 2 || queued[0] != mainClaim || queued[1] != northClaim {
		t.Fatalf("queued moves %v, want one per renamed claim, the main office's first", queued)
	}

	w := NewRelocateClaimWorker(b.db, b.blobs, log)
	for _, id := range queued {
		if err := w.Work(ctx, &river.Job[RelocateClaimArgs]{Args: RelocateClaimArgs{ClaimID: id}}); err != nil {
			t.Fatal(err)
		}
	}
	moved := map[string]string{
		"offices/main/claims/26-1001-WTR/":  "offices/main/claims/" + renamed + "/",
		"offices/north/claims/26-2001-WTR/": "offices/north/claims/" + renamed + "/",
	}
	var restamp []int64
	for id, d := range b.docs {
		d.key = d.want
		for old, now := range moved {
			if rest, ok := strings.CutPrefix(d.want, old); ok {
				d.want = now + rest
				if d.stamped != nil {
					restamp = append(restamp, id)
					d.stamped = nil
				}
			}
		}
		b.docs[id] = d
	}
	b.check(t)
	var stampJobs []int64
	if err := b.sql.QueryRow(ctx, `SELECT coalesce(array_agg((args->>'document_id')::bigint ORDER BY (args->>'document_id')::bigint), '{}')
		FROM river_job WHERE kind = 'stamp_document' AND queue = $1`, StampQueue).Scan(&stampJobs); err != nil {
		t.Fatal(err)
	}
	slices.Sort(restamp)
	if len(restamp) == 0 || !slices.Equal(stampJobs, restamp) {
		t.Errorf("stamp jobs queued for documents %v, want %v", stampJobs, restamp)
	}
}
