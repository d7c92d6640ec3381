package web

import (
	"context"
	"net/http"
	"net/url"
)

// messageListPage is what the message list pages show.
type messageListPage struct {
	Messages []messageItem
	// Who names, by message id, the senders that give no name as their
	// claim's record does, as the board names them.
	Who       map[int64]string
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
	if data.Who, err = s.listedSenderNames(r.Context(), items); err != nil {
		s.fail(w, r, err)
		return
	}
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

// listedSenderNames names, by message id, the senders of items that give
// no name as their claims' records do.
func (s *Server) listedSenderNames(ctx context.Context, items []messageItem) (map[int64]string, error) {
	senders := make([]claimSender, len(items))
	for i, it := range items {
		senders[i] = claimSender{ClaimID: it.ClaimID, From: it.From, FromName: it.FromName}
	}
	names, err := s.recordNamesOf(ctx, senders)
	if err != nil {
		return nil, err
	}
	who := map[int64]string{}
	for i, name := range names {
		if name != "" {
			who[items[i].ID] = name
		}
	}
	return who, nil
}
