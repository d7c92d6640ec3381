package web

import (
	"net/http"
)

func (s *Server) handleAPISearch(w http.ResponseWriter, r *http.Request) {
	q, err := parseSearchQuery(r.URL.Query(), defaultLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if q.Text == "" {
		s.fail(w, r, badRequest("q: want words, a \"phrase\" or a claim or job number to search for"))
		return
	}
	q.Offices = scopeFrom(r.Context()).offices()
	hits, next, err := s.db.Search(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	resp := searchResponse{listResponse: listResponse[searchItem]{Items: make([]searchItem, 0, len(hits))}}
	for _, h := range hits {
		resp.Items = append(resp.Items, newSearchItem(h))
	}
	if next != nil {
		resp.NextCursor = encodeSearchCursor(*next)
	}
	if resp.Unfound, err = s.db.UnfoundBeside(r.Context(), q.Text, hits, q.Offices); err != nil {
		s.fail(w, r, err)
		return
	}
	if resp.Unfound == nil {
		resp.Unfound = []string{}
	}
	writeJSON(w, http.StatusOK, resp)
}

// searchResponse is a page of search hits and the words typed that the
// hits were found without and nothing else holds (storage.UnfoundBeside).
type searchResponse struct {
	listResponse[searchItem]
	Unfound []string `json:"unfound"`
}
