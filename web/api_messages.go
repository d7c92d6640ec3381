package web

import "net/http"

// listResponse is the shape of every API list: a page of items and the
// cursor of the next page, empty when there is none.
type listResponse[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func (s *Server) handleAPIMessages(w http.ResponseWriter, r *http.Request) {
	_, items, next, err := s.queryMessages(r.Context(), r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	resp := listResponse[messageItem]{Items: items}
	if next != nil {
		resp.NextCursor = next.encode()
	}
	writeJSON(w, http.StatusOK, resp)
}
