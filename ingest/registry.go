package ingest

import (
	"context"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// DBRegistry is the claims registry in the database, as the classifier
// sees it. The classifier's interface has no errors: the first one is kept
// in Err, and a decision made while it is set must not be stored.
type DBRegistry struct {
	ctx  context.Context
	db   *storage.DB
	open []classify.Claim // loaded once: weak signals scan them all
	Err  error
}

var _ classify.Registry = (*DBRegistry)(nil)

// NewDBRegistry returns a registry reading db; use one per message.
func NewDBRegistry(ctx context.Context, db *storage.DB) *DBRegistry {
	return &DBRegistry{ctx: ctx, db: db}
}

func (r *DBRegistry) claims(cs []storage.Claim, err error) []classify.Claim {
	if err != nil {
		if r.Err == nil {
			r.Err = err
		}
		return nil
	}
	out := make([]classify.Claim, len(cs))
	for i, c := range cs {
		out[i] = ClassifyClaim(c)
	}
	return out
}

// ByJobNumber implements classify.Registry.
func (r *DBRegistry) ByJobNumber(norm string) []classify.Claim {
	return r.claims(r.db.ClaimsByJobNumber(r.ctx, norm))
}

// ByClaimNumber implements classify.Registry.
func (r *DBRegistry) ByClaimNumber(norm string) []classify.Claim {
	return r.claims(r.db.ClaimsByClaimNumber(r.ctx, norm))
}

// ByPolicyNumber implements classify.Registry.
func (r *DBRegistry) ByPolicyNumber(norm string) []classify.Claim {
	return r.claims(r.db.ClaimsByPolicyNumber(r.ctx, norm))
}

// ByThread implements classify.Registry.
func (r *DBRegistry) ByThread(ids []string) []classify.Claim {
	return r.claims(r.db.ClaimsByThread(r.ctx, ids))
}

// OpenClaims implements classify.Registry.
func (r *DBRegistry) OpenClaims() []classify.Claim {
	if r.open == nil {
		r.open = r.claims(r.db.OpenClaims(r.ctx))
	}
	return r.open
}

// ClassifyClaim is a stored claim as the classifier sees it.
func ClassifyClaim(c storage.Claim) classify.Claim {
	return classify.Claim{
		ID: c.ID, JobNumber: c.JobNumber, ClaimNumber: c.ClaimNumber, PolicyNumber: c.PolicyNumber,
		Carrier: c.Carrier, InsuredName: c.InsuredName, LossAddress: c.LossAddress,
		AdjusterName: c.AdjusterName, AdjusterEmail: c.AdjusterEmail, Open: c.Status == "open",
	}
}
