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

// acknowledgeInput marks a message acknowledged outside the shared
// mailbox, or needing no answer.
type acknowledgeInput struct {
	// Note says how: "called back, scheduling inspection".
	Note string `json:"note"`
	// How is phone (the default), own_email or not_needed.
	How string `json:"how"`
	// At is when an answer from one's own mail was sent; now when nil.
	At *time.Time `json:"at"`
}

// maxAckNote bounds an acknowledgment note.
const maxAckNote = 2000

// ackSources are the acknowledgment sources a person records, by the
// names forms and the API give them.
var ackSources = map[string]string{
	"": storage.AckManual, "phone": storage.AckManual,
	"own_email": storage.AckOwnEmail, "not_needed": storage.AckNotNeeded,
}

// ackSourceOf is the source of an acknowledgment said how.
func ackSourceOf(how string) (string, error) {
	source, ok := ackSources[how]
	if !ok {
		return "", badRequest("how: want phone, own_email or not_needed, got %q", how)
	}
	return source, nil
}

// handleAPIAcknowledge records that a coordinator answered a message by
// phone or chat, or from their own mail account, or that it needs no
// answer. The business minutes an answer took count on the office's
// calendar, as a reply's would.
func (s *Server) handleAPIAcknowledge(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, in, ok := readAction[acknowledgeInput](s, w, r)
	if !ok {
		return
	}
	in.Note = strings.TrimSpace(in.Note)
	source, err := ackSourceOf(in.How)
	switch {
	case err != nil:
	case len(in.Note) > maxAckNote:
		err = badRequest("note: longer than %d bytes", maxAckNote)
	case in.At != nil && source != storage.AckOwnEmail:
		err = badRequest("at: only for how own_email")
	}
	if err == nil {
		err = s.acknowledgeMessage(ctx, id, source, in.Note, in.At)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeMessageItem(w, r, id)
}

// handleAPIUnacknowledge takes back an acknowledgment a person recorded:
// the message is owed an answer again, on its first clock.
func (s *Server) handleAPIUnacknowledge(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.undoAck(r.Context(), id)
	}
	switch {
	case errors.Is(err, storage.ErrNotFound):
		err = messageNotFound(id)
	case errors.Is(err, storage.ErrRepliedInThread):
		err = &httpError{status: http.StatusConflict, msg: fmt.Sprintf("message %d: the office has replied in its thread since it came: that reply answers it", id)}
	case errors.Is(err, storage.ErrConflict):
		err = &httpError{status: http.StatusConflict, msg: fmt.Sprintf("message %d has no acknowledgment recorded by a person to take back", id)}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("acknowledgment taken back", "message_id", id, "actor", actorFrom(r.Context()))
	s.writeMessageItem(w, r, id)
}

// undoAck takes back the acknowledgment a person recorded for message id
// (storage.UndoManualAck); a reply that answers it instead counts its
// business minutes on its office's calendar.
func (s *Server) undoAck(ctx context.Context, id int64) error {
	m, err := s.db.GetMessage(ctx, id)
	if err != nil {
		return err
	}
	cal := s.rulesOf(m.OfficeID).Calendar
	return s.db.UndoManualAck(ctx, id, cal.BusinessMinutes)
}

// ackByHand records that the caller acknowledged message id of office the
// way source says, with note: answered at at (now when nil), its business
// minutes counted on the office's calendar as a reply's would, or needing
// no answer.
func (s *Server) ackByHand(ctx context.Context, id, office int64, source, note string, at *time.Time) error {
	now, cal := s.now(), s.rulesOf(office).Calendar
	when := now
	if at != nil {
		if at.After(now) {
			return badRequest("the answer's time %s is later than now", clockWords(*at, now, cal.Location()))
		}
		when = *at
	}
	err := s.db.AckByHand(ctx, id, source, actorFrom(ctx), note, when, func(arrived time.Time) int {
		return cal.BusinessMinutes(arrived, when)
	})
	if errors.Is(err, storage.ErrInvalid) {
		return badRequest("the answer's time %s is before the message arrived", clockWords(when, now, cal.Location()))
	}
	return err
}

// acknowledgeMessage records that the caller acknowledged message id the
// way source says, with note, at at (now when nil); the errors are the
// client's to read (400, 404, 409).
func (s *Server) acknowledgeMessage(ctx context.Context, id int64, source, note string, at *time.Time) error {
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
	err = s.ackByHand(ctx, id, m.OfficeID, source, note, at)
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
