package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
)

// handleNewClaimForm creates a claim from a message (an assignment nobody
// matched, a first email about a new loss) in the message's office, and
// files the message into it, both in one transaction: a failed filing
// leaves no claim behind.
func (s *Server) handleNewClaimForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := claimFormInput(r).claim()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.fileableMessage(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c.OfficeID = m.OfficeID
	if s.opts.Filer == nil {
		s.fail(w, r, &httpError{status: http.StatusServiceUnavailable, msg: "filing is not configured on this server"})
		return
	}
	if r.PostFormValue("anyway") != "1" {
		likely, err := s.db.OpenClaimsLike(ctx, c.OfficeID, c.InsuredName, c.LossAddress)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(likely) > 0 {
			s.showLikelyClaims(w, r, id, likely)
			return
		}
	}
	types, err := s.db.PartDocTypes(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	actor := actorFrom(ctx)
	created, res, err := s.createClaimWithMessage(ctx, c, id, types, actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The publish job queued with the move repeats this should it fail.
	if err := s.opts.Filer.Publish(context.WithoutCancel(ctx), res); err != nil {
		s.log.Warn("publish filed documents", "message_id", id, "err", err)
	}
	s.log.Info("claim created from message", "claim_id", created.ID, "job_number", created.JobNumber, "message_id", id, "actor", actor)
	http.Redirect(w, r, fmt.Sprintf("/claims/%d", created.ID), http.StatusSeeOther)
}

// createClaimWithMessage creates claim c and files message id into it,
// its parts typed as types say, in one transaction; a conflict, such as
// another claim with c's numbers, is a 409.
func (s *Server) createClaimWithMessage(ctx context.Context, c storage.Claim, id int64, types map[string]string, actor string) (storage.Claim, ingest.FileResult, error) {
	// Job numbers carry the office's year.
	at := s.now().In(s.rulesOf(c.OfficeID).Calendar.Location())
	var (
		created storage.Claim
		res     ingest.FileResult
	)
	err := s.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if created, err = storage.CreateClaimTx(ctx, tx, c, s.opts.JobPattern, at, id); err != nil {
			return err
		}
		if res, err = s.opts.Filer.MoveTx(ctx, tx, ingest.MoveRequest{MessageID: id, ToClaimID: created.ID, Actor: actor, DocTypes: types}); err != nil {
			return err
		}
		// After the move: the message filed is out of triage.
		return s.rematchNaming(ctx, tx, []storage.Claim{created})
	})
	var ce *storage.ClaimConflictError
	switch {
	case errors.As(err, &ce):
		return storage.Claim{}, ingest.FileResult{}, conflictError(err)
	case errors.Is(err, storage.ErrConflict):
		return storage.Claim{}, ingest.FileResult{}, &httpError{status: http.StatusConflict, msg: strings.TrimSuffix(err.Error(), ": "+storage.ErrConflict.Error())}
	case err != nil:
		return storage.Claim{}, ingest.FileResult{}, err
	}
	return created, res, nil
}
