package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
)

// messageNotFound is the 404 of an unknown message.
func messageNotFound(id int64) error {
	return &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("message %d not found", id)}
}

// writeMessageItem answers an action on message id with the message as
// the message list shows it now.
func (s *Server) writeMessageItem(w http.ResponseWriter, r *http.Request, id int64) {
	items, _, err := s.listMessages(r.Context(), messageQuery{ID: id, Limit: 1})
	if err == nil && len(items) == 0 {
		err = messageNotFound(id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, items[0])
}

// assignInput asks to move a message into a claim.
type assignInput struct {
	ClaimID int64 `json:"claim_id"`
}

// handleAPIAssign moves a message into a claim, out of triage or out of the
// claim it was filed to by mistake, with its documents: the pipeline's own
// move, audited under the caller's name.
func (s *Server) handleAPIAssign(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, in, ok := readAction[assignInput](s, w, r)
	if !ok {
		return
	}
	if in.ClaimID <= 0 {
		s.fail(w, r, badRequest("claim_id: want the id of the claim to file the message in"))
		return
	}
	if _, err := s.assignMessage(ctx, id, in.ClaimID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeMessageItem(w, r, id)
}

// assignMessage moves message id into claim claimID with the filer, as
// the caller; the errors are the client's to read (404, 409, 503).
func (s *Server) assignMessage(ctx context.Context, id, claimID int64) (ingest.FileResult, error) {
	if s.opts.Filer == nil {
		return ingest.FileResult{}, &httpError{status: http.StatusServiceUnavailable, msg: "filing is not configured on this server"}
	}
	if _, err := s.db.GetMessage(ctx, id); errors.Is(err, storage.ErrNotFound) {
		return ingest.FileResult{}, messageNotFound(id)
	} else if err != nil {
		return ingest.FileResult{}, err
	}
	// Filing into a claim of another office is filing into a missing one.
	if err := s.rowInScope(ctx, scopeFrom(ctx), storage.KindClaim, claimID, true); err != nil {
		return ingest.FileResult{}, err
	}
	if _, err := s.lookupClaim(ctx, claimID); err != nil {
		return ingest.FileResult{}, err
	}
	// A message from triage has no documents yet: its attachments are filed
	// as the types classification gave them.
	types, err := s.db.PartDocTypes(ctx, id)
	if err != nil {
		return ingest.FileResult{}, err
	}
	res, err := s.opts.Filer.Move(ctx, ingest.MoveRequest{MessageID: id, ToClaimID: claimID, Actor: actorFrom(ctx), DocTypes: types})
	if errors.Is(err, storage.ErrConflict) {
		// The filer's words say why (not parsed yet, moved meanwhile).
		return res, &httpError{status: http.StatusConflict, msg: strings.TrimSuffix(err.Error(), ": "+storage.ErrConflict.Error())}
	}
	return res, err
}

// acknowledgeInput marks a message acknowledged outside email.
type acknowledgeInput struct {
	// Note says how: "called back, scheduling inspection".
	Note string `json:"note"`
}

// maxAckNote bounds an acknowledgment note.
const maxAckNote = 2000

// handleAPIAcknowledge records that a coordinator answered a message by
// phone or chat. The business minutes it took count on the office's
// calendar, as a reply's would.
func (s *Server) handleAPIAcknowledge(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, in, ok := readAction[acknowledgeInput](s, w, r)
	if !ok {
		return
	}
	in.Note = strings.TrimSpace(in.Note)
	if len(in.Note) > maxAckNote {
		s.fail(w, r, badRequest("note: longer than %d bytes", maxAckNote))
		return
	}
	if err := s.acknowledgeMessage(ctx, id, in.Note); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeMessageItem(w, r, id)
}

// ackManually records that the caller acknowledged message id of office
// now, outside email, with note; the business minutes it took count on the
// office's calendar, as a reply's would.
func (s *Server) ackManually(ctx context.Context, id, office int64, note string) error {
	now, cal := s.now(), s.rulesOf(office).Calendar
	return s.db.AckManually(ctx, id, actorFrom(ctx), note, now, func(arrived time.Time) int {
		return cal.BusinessMinutes(arrived, now)
	})
}

// acknowledgeMessage records that the caller acknowledged message id
// outside email, now, with note; the errors are the client's to read (404,
// 409).
func (s *Server) acknowledgeMessage(ctx context.Context, id int64, note string) error {
	m, err := s.db.GetMessage(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return messageNotFound(id)
	}
	if err != nil {
		return err
	}
	if m.Direction != "in" {
		return &httpError{status: http.StatusConflict, msg: fmt.Sprintf("message %d was sent by the office: there is nothing to acknowledge", id)}
	}
	err = s.ackManually(ctx, id, m.OfficeID, note)
	var first *storage.AckedAlready
	switch {
	case errors.As(err, &first):
		// Said in words, as the page says it: the client knows whom to ask.
		words, err := s.answerWords(ctx, first, m.OfficeID)
		if err != nil {
			return err
		}
		return &httpError{status: http.StatusConflict, msg: fmt.Sprintf("message %d is acknowledged already: %s", id, words)}
	case errors.Is(err, storage.ErrNotFound):
		return messageNotFound(id)
	}
	return err
}
