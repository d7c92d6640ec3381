package ingest

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// UpdateClaim saves patch p of claim id as storage.UpdateClaim does, and
// queues the mail in triage that names the claim's numbers to be matched
// again (Queue.RematchNaming): a corrected claim number settles it. A
// patch that changes the job number queues, in the same transaction, the
// job that moves the claim's documents to the new job's folder of the blob
// store (RelocateClaimBrowseKeys) and the stamps of its PDFs again, which
// show the job number (EnqueueRestampClaim), so that a crash after the
// commit leaves the move and the stamps to a retry rather than undone.
func (f *Filer) UpdateClaim(ctx context.Context, id int64, p storage.ClaimPatch, actor string) (storage.Claim, error) {
	var out storage.Claim
	err := f.db.InTx(ctx, func(tx pgx.Tx) error {
		before, err := storage.LockClaimJobNumber(ctx, tx, id)
		if err != nil {
			return err
		}
		if out, err = storage.UpdateClaimTx(ctx, tx, id, p, actor); err != nil {
			return err
		}
		if out.JobNumber != before {
			if _, err := f.queue.client.InsertTx(ctx, tx, RelocateClaimArgs{ClaimID: id}, nil); err != nil {
				return fmt.Errorf("enqueue moving claim %d's documents: %w", id, err)
			}
			if _, err := f.queue.EnqueueRestampClaim(ctx, tx, id); err != nil {
				return err
			}
		}
		if !setsNumber(p) {
			return nil
		}
		// Last: a rematch queued behind another transaction's copy of it
		// waits for that transaction, and must hold nothing it needs (the
		// stamps restamping forgets, say).
		return f.queue.RematchNaming(ctx, tx, []storage.Claim{out})
	})
	return out, err
}

// setsNumber reports whether patch p writes a number mail names claims by.
func setsNumber(p storage.ClaimPatch) bool {
	for _, name := range []string{"job_number", "claim_number", "policy_number", "adjuster_file_number"} {
		if _, ok := p.Fields[name]; ok {
			return true
		}
	}
	return false
}

// RelocateClaimArgs is the job that moves a claim's documents into its
// folder after its job number changed. It is not unique: a rename that
// commits while a run is under way queues a run of its own.
type RelocateClaimArgs struct {
	ClaimID int64 `json:"claim_id"`
}

// Kind names the job in River's tables.
func (RelocateClaimArgs) Kind() string { return "relocate_claim_documents" }

// InsertOpts retries for a long while, as publishing does: documents read
// the same from their old keys until they move.
func (RelocateClaimArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 25} }

// RelocateClaimWorker is the River worker of RelocateClaimArgs.
type RelocateClaimWorker struct {
	river.WorkerDefaults[RelocateClaimArgs]
	db    *storage.DB
	blobs blob.Store
	log   *slog.Logger
}

// NewRelocateClaimWorker builds the worker that moves renamed claims'
// documents.
func NewRelocateClaimWorker(db *storage.DB, blobs blob.Store, log *slog.Logger) *RelocateClaimWorker {
	return &RelocateClaimWorker{db: db, blobs: blobs, log: log}
}

// Work moves the claim's documents whose keys are outside its folder; a
// document that cannot move fails the job, which is retried.
func (w *RelocateClaimWorker) Work(ctx context.Context, job *river.Job[RelocateClaimArgs]) error {
	res, err := RelocateClaimBrowseKeys(ctx, w.db, w.blobs, job.Args.ClaimID, w.log)
	if res.Moved > 0 {
		w.log.Info("claim documents moved to the job's folder", "claim_id", job.Args.ClaimID, "moved", res.Moved)
	}
	return err
}
