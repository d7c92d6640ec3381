package web

import "net/http"

// slaBoardSize is how many messages the board shows.
const slaBoardSize = 50

func (s *Server) handleSLABoard(w http.ResponseWriter, r *http.Request) {
	items, next, err := s.listMessages(r.Context(), messageQuery{Limit: slaBoardSize})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "sla_board", pageData{
		Title: "SLA board",
		Nav:   "sla",
		Data: struct {
			Messages []messageItem
			More     bool
		}{items, next != nil},
	})
}
