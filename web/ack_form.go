package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/claimdesk/claimdesk/storage"
)

// handleAcknowledgeForm records that a coordinator answered a message by
// phone (or another way than email), with a note: the board's one-click
// action. The business minutes it took count on the office's calendar, as
// a reply's would.
func (s *Server) handleAcknowledgeForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, note, ok := s.readNoteForm(w, r, maxAckNote)
	if !ok {
		return
	}
	m, err := s.db.GetMessage(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if m.Direction != "in" {
		s.fail(w, r, &httpError{status: http.StatusConflict, msg: "this message was sent by the office: there is nothing to acknowledge"})
		return
	}
	switch err := s.ackManually(ctx, id, m.OfficeID, note); {
	case errors.Is(err, storage.ErrConflict):
		// Someone else got there first (a colleague, or the reply): what
		// the coordinator wanted is done.
		s.log.Info("already acknowledged", "message_id", id, "actor", actorFrom(ctx))
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		s.log.Info("acknowledged by phone", "message_id", id, "actor", actorFrom(ctx))
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/messages/%d", id)), http.StatusSeeOther)
}

// handleUndoAcknowledgeForm takes back an acknowledgment by phone, made
// on the wrong row or too soon: the message is owed an answer again, on
// its first clock. One the office has replied to in its thread since stays
// answered.
func (s *Server) handleUndoAcknowledgeForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch err := s.db.UndoManualAck(ctx, id); {
	case errors.Is(err, storage.ErrRepliedInThread):
		s.fail(w, r, &httpError{status: http.StatusConflict, msg: "the office has replied in this message's thread since it came: that reply answers it, so it stays answered"})
		return
	case errors.Is(err, storage.ErrConflict):
		// Taken back already, or answered by a reply: nothing to undo.
		s.log.Info("no acknowledgment by hand to take back", "message_id", id, "actor", actorFrom(ctx))
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		s.log.Info("acknowledgment by phone taken back", "message_id", id, "actor", actorFrom(ctx))
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/messages/%d", id)), http.StatusSeeOther)
}
