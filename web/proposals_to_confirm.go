package web

import (
	"context"

	"github.com/claimdesk/claimdesk/storage"
)

// toConfirmShown is how many claims the line names.
const toConfirmShown = 12

// toConfirm is the line of the board and the morning page naming the open
// claims with equipment read from mail that nobody confirmed or dismissed
// yet: until someone does, the claim's equipment log, and the dates read
// from it, leave that equipment out.
type toConfirm struct {
	Claims []storage.ClaimProposals
	// Total counts the proposals waiting, and More the claims the line
	// leaves out.
	Total, More int
}

// toConfirmOf reads the line for the claims the viewer looks at.
func (s *Server) toConfirmOf(ctx context.Context) (toConfirm, error) {
	cs, claims, total, err := s.db.ProposalsToConfirm(ctx, scopeFrom(ctx).claimOffices(), toConfirmShown)
	return toConfirm{Claims: cs, Total: total, More: claims - len(cs)}, err
}
