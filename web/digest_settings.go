package web

import (
	"net/http"
)

// digestView is the person's choice of the morning digest email.
type digestView struct {
	On bool
	// Saved confirms a choice just made.
	Saved bool
	// CanSend is false when the office sends no mail (no SMTP server):
	// the choice is kept, but nothing goes.
	CanSend bool
}

func (s *Server) handleDigestPage(w http.ResponseWriter, r *http.Request) {
	sess := sessionFrom(r.Context())
	u, err := s.db.GetUser(r.Context(), sess.User.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := digestView{On: u.Digest, Saved: r.URL.Query().Get("saved") == "1", CanSend: s.opts.Outbox != nil}
	s.render(w, r, http.StatusOK, "digest", pageData{Title: "Morning digest", Nav: "sla", Data: v})
}

// handleDigestSave turns the signed-in person's morning digest on or off.
func (s *Server) handleDigestSave(w http.ResponseWriter, r *http.Request) {
	sess := sessionFrom(r.Context())
	on := r.PostFormValue("digest") == "on"
	if err := s.db.SetUserDigest(r.Context(), sess.User.ID, on); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("morning digest chosen", "user_id", sess.User.ID, "on", on)
	http.Redirect(w, r, "/settings/digest?saved=1", http.StatusSeeOther)
}
