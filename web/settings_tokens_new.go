package web

import (
	"net/http"
	"time"
)

// newTokenCookie carries a token just made from the form's POST to the
// page it redirects to, which shows it once (see handover).
const newTokenCookie = "claimdesk_new_token"

// newTokenPath is the page that shows the new token, the only one the
// cookie is sent to.
const newTokenPath = "/settings/tokens"

// newTokenShownFor is how long after it was made the page still shows a
// token it has not shown yet.
const newTokenShownFor = 5 * time.Minute

var newTokenHandover = handover{cookie: newTokenCookie, path: newTokenPath, shownFor: newTokenShownFor}

// keepNewToken sets the cookie that hands t, made at made, to the page.
func (s *Server) keepNewToken(w http.ResponseWriter, r *http.Request, t newAPIToken, made time.Time) error {
	return newTokenHandover.keep(s, w, r, t, made)
}

// forgetNewToken tells the browser to forget the cookie of a new token, once
// the page that shows it is ready: a page that fails keeps it for the
// reload.
func (s *Server) forgetNewToken(w http.ResponseWriter, r *http.Request) {
	newTokenHandover.forget(s, w, r)
}

// newTokenOf returns the token the request's cookie hands over; nil when
// there is none, or none this session may open.
func (s *Server) newTokenOf(r *http.Request) *newAPIToken {
	var t newAPIToken
	if !newTokenHandover.open(s, r, &t) {
		return nil
	}
	return &t
}
