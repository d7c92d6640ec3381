package web

import (
	"context"
	"net/http"
)

// serveClaimList answers a list of what one claim holds (its requests,
// equipment, reminders, drafts...), read by load and shown by item. A
// claim has few of each: the list is whole, with no next cursor. An
// unknown claim is a 404, not an empty list.
func serveClaimList[R, I any](s *Server, w http.ResponseWriter, r *http.Request,
	load func(context.Context, int64) ([]R, error), item func(R) I) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.lookupClaim(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := load(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	resp := listResponse[I]{Items: make([]I, 0, len(rows))}
	for _, row := range rows {
		resp.Items = append(resp.Items, item(row))
	}
	writeJSON(w, http.StatusOK, resp)
}
