package web

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// updateClaim saves a person's patch of claim id. Through the pipeline's
// filer a new job number also moves the claim's documents to the new job's
// folder of the blob store; a server without one (no pipeline) only saves.
func (s *Server) updateClaim(ctx context.Context, id int64, p storage.ClaimPatch) (storage.Claim, error) {
	if s.opts.Filer != nil {
		return s.opts.Filer.UpdateClaim(ctx, id, p, actorFrom(ctx))
	}
	return s.db.UpdateClaim(ctx, id, p, actorFrom(ctx))
}

// rematchNaming queues, within tx, the mail in triage that names the
// numbers of claims, which a person has just made or renumbered, to be
// matched again (ingest.Queue.RematchNaming). A server without the
// pipeline's queue leaves it: nothing there would match it.
func (s *Server) rematchNaming(ctx context.Context, tx pgx.Tx, claims []storage.Claim) error {
	if s.opts.Queue == nil {
		return nil
	}
	return s.opts.Queue.RematchNaming(ctx, tx, claims)
}
