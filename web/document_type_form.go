package web

import (
	"fmt"
	"net/http"
)

// handleDocumentTypeForm is the Change type form of a document on the
// claim page.
func (s *Server) handleDocumentTypeForm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc, err := s.changeDocumentType(r.Context(), id, typeInput{DocType: r.PostFormValue("doc_type")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d#doc-%d", doc.ClaimID, id)), http.StatusSeeOther)
}
