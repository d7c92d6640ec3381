package web

import (
	"net/http"
	"net/url"
)

// searchView is what the search page shows.
type searchView struct {
	Query string
	Items []searchItem
	// Next is the address of the next page; empty on the last.
	Next string
}

// handleSearch shows the claims, messages and documents that match what
// was typed in the search box of every page.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q, err := parseSearchQuery(r.URL.Query(), searchPageSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := searchView{Query: q.Text}
	q.Offices = scopeFrom(r.Context()).offices()
	hits, next, err := s.db.Search(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, h := range hits {
		v.Items = append(v.Items, newSearchItem(h))
	}
	if next != nil {
		v.Next = "/search?" + url.Values{"q": {q.Text}, "cursor": {encodeSearchCursor(*next)}}.Encode()
	}
	title := "Search"
	if q.Text != "" {
		title = q.Text + " · Search"
	}
	s.render(w, r, http.StatusOK, "search", pageData{Title: title, Nav: "search", Data: v})
}
