package web

import (
	"net/http"
	"net/url"
)

// messageListPage is what the message list pages show.
type messageListPage struct {
	Messages  []messageItem
	Statuses  []string
	Status    string
	Direction string
	Next      string // address of the next page; empty on the last
}

func (s *Server) handleMessages(w http.ResponseWriter, r *http.Request) {
	s.renderMessageList(w, r, "messages", "Messages", r.URL.Query())
}

// renderMessageList shows one page of the messages q selects, with a link
// to the next.
func (s *Server) renderMessageList(w http.ResponseWriter, r *http.Request, name, title string, q url.Values) {
	mq, items, next, err := s.queryMessages(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := messageListPage{Messages: items, Statuses: messageStatuses, Status: mq.Status, Direction: mq.Direction}
	if next != nil {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("cursor", next.encode())
		data.Next = r.URL.Path + "?" + nq.Encode()
	}
	s.render(w, r, http.StatusOK, name, pageData{Title: title, Nav: name, Data: data})
}
