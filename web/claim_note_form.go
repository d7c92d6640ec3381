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
	id, note, ok := s.readNoteForm(w, r, maxUpdateNote)
	if !ok {
		return
	}
	if note == "" {
		s.fail(w, r, badRequest("write what the update was"))
		return
	}
	if err := s.db.AddClaimNote(ctx, id, actorFrom(ctx), note, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("claim update noted", "claim_id", id, "actor", actorFrom(ctx))
	// The claim page says it was recorded where its form was, the list
	// open beneath.
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d?recorded=1#update-recorded", id)), http.StatusSeeOther)
}

// readNoteForm reads what a form posting a note about one thing is given:
// the path's {id} and the note, trimmed, at most maxLen bytes. When either is
// wrong it has answered the client, and ok is false.
func (s *Server) readNoteForm(w http.ResponseWriter, r *http.Request, maxLen int) (id int64, note string, ok bool) {
	id, err := pathID(r, "id")
	if err == nil {
		note = strings.TrimSpace(r.PostFormValue("note"))
		if len(note) > maxLen {
			err = badRequest("the note is longer than %d characters", maxLen)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return 0, "", false
	}
	return id, note, true
}
