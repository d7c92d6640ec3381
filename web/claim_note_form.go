package web

import (
	"fmt"
	"net/http"
	"strings"
)

// maxUpdateNote bounds a claim update note.
const maxUpdateNote = 2000

// handleClaimNoteForm records a coordinator's update on a claim (a call
// with the adjuster, a status note): it counts as the claim's daily update.
func (s *Server) handleClaimNoteForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	switch {
	case note == "":
		s.fail(w, r, badRequest("write what the update was"))
		return
	case len(note) > maxUpdateNote:
		s.fail(w, r, badRequest("the note is longer than %d characters", maxUpdateNote))
		return
	}
	if err := s.db.AddClaimNote(ctx, id, actorFrom(ctx), note, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("claim update noted", "claim_id", id, "actor", actorFrom(ctx))
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d", id)), http.StatusSeeOther)
}
