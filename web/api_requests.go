package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// requestItem is a request as the API shows it.
type requestItem struct {
	ID        int64      `json:"id"`
	ClaimID   int64      `json:"claim_id"`
	MessageID int64      `json:"message_id"`
	From      string     `json:"from"`
	DocTypes  []string   `json:"doc_types"`
	Items     []string   `json:"items"`
	SentTypes []string   `json:"sent_types"`
	Text      string     `json:"text"`
	AskedAt   time.Time  `json:"asked_at"`
	DueAt     *time.Time `json:"due_at"`
	Status    string     `json:"status"`
	DoneAt    *time.Time `json:"done_at"`
	DoneBy    string     `json:"done_by"`
	Note      string     `json:"note"`
	// RepeatOf is the open request this one asks again.
	RepeatOf   *int64      `json:"repeat_of"`
	AskedAgain []time.Time `json:"asked_again"`
}

func newRequestItem(r storage.Request) requestItem {
	return requestItem{
		ID: r.ID, ClaimID: r.ClaimID, MessageID: r.MessageID, From: r.From, DocTypes: r.DocTypes, Items: r.Items,
		SentTypes: r.SentTypes, Text: r.Text, AskedAt: r.AskedAt, DueAt: r.DueAt, Status: r.Status, DoneAt: r.DoneAt,
		DoneBy: r.DoneBy, Note: r.Note, RepeatOf: r.RepeatOf, AskedAgain: r.AskedAgain,
	}
}

// handleAPIClaimRequests lists what senders asked on a claim, open ones
// first. A claim has few: the list is whole, with no next cursor.
func (s *Server) handleAPIClaimRequests(w http.ResponseWriter, r *http.Request) {
	serveClaimList(s, w, r, s.db.ClaimRequests, newRequestItem)
}

// requestDoneInput marks a request done.
type requestDoneInput struct {
	// Note says how: "sent by fax", "adjuster picked it up on site".
	Note string `json:"note"`
}

// handleAPIRequestDone marks a request done by the caller, with a note.
func (s *Server) handleAPIRequestDone(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in requestDoneInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	rq, err := s.markRequestDone(r, id, in.Note)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newRequestItem(rq))
}

// markRequestDone marks request id done by the caller; the API and the
// dashboard's form share it.
func (s *Server) markRequestDone(r *http.Request, id int64, note string) (storage.Request, error) {
	ctx := r.Context()
	note = strings.TrimSpace(note)
	if len(note) > maxAckNote {
		return storage.Request{}, badRequest("note: longer than %d characters", maxAckNote)
	}
	rq, err := s.db.MarkRequestDone(ctx, id, actorFrom(ctx), note, s.now())
	if errors.Is(err, storage.ErrNotFound) {
		return rq, &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("request %d not found", id)}
	}
	if err == nil {
		s.log.Info("request marked done", "request_id", id, "claim_id", rq.ClaimID, "actor", actorFrom(ctx))
	}
	return rq, err
}
