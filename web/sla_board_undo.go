package web

import (
	"context"
	"errors"
	"strconv"

	"github.com/claimdesk/claimdesk/storage"
)

// doneNotice is a request a person just marked done from the board, said
// in words: "26-1001-WTR: Photos".
type doneNotice struct {
	ID        int64
	OfficeID  int64
	JobNumber string
	Asked     string
}

// doneNoticeOf is the notice of request ?request_done=id: nil when there
// is none to give (no such request in the caller's offices, or not done
// by a person, or opened again since).
func (s *Server) doneNoticeOf(ctx context.Context, done string) (*doneNotice, error) {
	id, err := strconv.ParseInt(done, 10, 64)
	if err != nil || id <= 0 {
		return nil, nil
	}
	if err := s.rowInScope(ctx, scopeFrom(ctx), storage.KindRequest, id, false); err != nil {
		return nil, nil
	}
	rq, err := s.db.GetRequest(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if rq.Status != storage.RequestDone || rq.DoneMessageID != nil {
		return nil, nil
	}
	return &doneNotice{ID: id, OfficeID: rq.OfficeID, JobNumber: rq.JobNumber, Asked: askedWords(rq)}, nil
}
