package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/claimdesk/claimdesk/storage"
)

// A daily-update note is the coordinator's own record of an update (a
// call with the adjuster): its author, or an administrator of its office,
// may put a slip right or delete it, and the claim's history keeps what it
// said. An update sent by email stays as sent: the mail went.

// errEmailUpdate refuses to edit or delete an update sent by email.
var errEmailUpdate = &httpError{status: http.StatusConflict,
	msg: "this update was sent by email, and stays as sent: add a note to say more"}

// canChangeNote reports whether the request may edit or delete note n.
func canChangeNote(ctx context.Context, n storage.ClaimNote) bool {
	return n.Source == "note" && (n.Author == actorFrom(ctx) || scopeFrom(ctx).administers(n.OfficeID))
}

// noteToChange reads the note the path names, refused unless the request
// may change it.
func (s *Server) noteToChange(r *http.Request) (storage.ClaimNote, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return storage.ClaimNote{}, err
	}
	n, err := s.db.GetClaimNote(r.Context(), id)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return n, &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("update %d not found", id)}
	case err != nil:
		return n, err
	case n.Source != "note":
		return n, errEmailUpdate
	case !canChangeNote(r.Context(), n):
		return n, &httpError{status: http.StatusForbidden, msg: "only the note's author, or an administrator, may change it"}
	}
	return n, nil
}

// handleUpdateNoteEdit saves a note's new text; it keeps its time, and
// counts for the day it was written.
func (s *Server) handleUpdateNoteEdit(w http.ResponseWriter, r *http.Request) {
	s.changeNote(w, r, func(ctx context.Context, n storage.ClaimNote, text string) error {
		if text == "" {
			return badRequest("write what the update was, or delete the note")
		}
		_, err := s.db.EditClaimNote(ctx, n.ID, text, actorFrom(ctx), s.now())
		return err
	})
}

// handleUpdateNoteDelete deletes a note, after the page asked to confirm.
func (s *Server) handleUpdateNoteDelete(w http.ResponseWriter, r *http.Request) {
	s.changeNote(w, r, func(ctx context.Context, n storage.ClaimNote, _ string) error {
		_, err := s.db.DeleteClaimNote(ctx, n.ID, actorFrom(ctx), s.now())
		return err
	})
}

// changeNote checks the request may change the path's note, applies
// change with the form's text, and goes back to the claim's updates.
func (s *Server) changeNote(w http.ResponseWriter, r *http.Request, change func(ctx context.Context, n storage.ClaimNote, text string) error) {
	ctx := r.Context()
	_, text, ok := s.readNoteForm(w, r, maxUpdateNote)
	if !ok {
		return
	}
	n, err := s.noteToChange(r)
	if err == nil {
		err = change(ctx, n, text)
	}
	if errors.Is(err, storage.ErrConflict) {
		err = errEmailUpdate
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("update note changed", "update_id", n.ID, "claim_id", n.ClaimID, "path", r.URL.Path, "actor", actorFrom(ctx))
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d#updates-h", n.ClaimID)), http.StatusSeeOther)
}
