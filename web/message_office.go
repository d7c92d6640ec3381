package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// handleMoveOfficeForm moves a message waiting in triage to another office
// (a mailbox shared by two territories received it): it is matched again
// among that office's claims only. The caller must be a coordinator or an
// administrator of both offices; the move is recorded under their name.
func (s *Server) handleMoveOfficeForm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := strings.TrimSpace(r.PostFormValue("office_id"))
	office, err := strconv.ParseInt(v, 10, 64)
	if err != nil || office <= 0 {
		s.fail(w, r, badRequest("office_id: want the id of the office to move the message to, got %q", v))
		return
	}
	if err := s.moveToOffice(r.Context(), id, office); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/messages/%d", id)), http.StatusSeeOther)
}

// moveOfficeInput asks to move a message to another office.
type moveOfficeInput struct {
	OfficeID int64 `json:"office_id"`
}

// handleAPIMoveOffice is handleMoveOfficeForm for the API: it answers with
// the message as the message list shows it now.
func (s *Server) handleAPIMoveOffice(w http.ResponseWriter, r *http.Request) {
	id, in, ok := readAction[moveOfficeInput](s, w, r)
	if !ok {
		return
	}
	if in.OfficeID <= 0 {
		s.fail(w, r, badRequest("office_id: want the id of the office to move the message to"))
		return
	}
	if err := s.moveToOffice(r.Context(), id, in.OfficeID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeMessageItem(w, r, id)
}

// moveToOffice moves message id, in triage, to office and queues its
// matching there, in one transaction. The route's guard has checked that
// the caller may act in the message's office; here, in the target's.
func (s *Server) moveToOffice(ctx context.Context, id, office int64) error {
	sc := scopeFrom(ctx)
	if !sc.canSee(office) {
		return &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("office %d not found", office)}
	}
	if !sc.canAct(office) {
		return errReadOnly
	}
	if s.opts.Queue == nil {
		return &httpError{status: http.StatusServiceUnavailable, msg: "the job queue is not configured on this server"}
	}
	m, err := s.db.GetMessage(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case m.Status != storage.StatusTriage:
		return &httpError{status: http.StatusConflict,
			msg: "only a message in triage can be moved to another office; this one is " + m.Status}
	case m.OfficeID == office:
		return &httpError{status: http.StatusConflict, msg: "the message is in that office already"}
	}
	err = s.db.InTx(ctx, func(tx pgx.Tx) error {
		err := storage.MoveMessageToOffice(ctx, tx, storage.OfficeMove{
			MessageID: id, FromOfficeID: m.OfficeID, ToOfficeID: office, Actor: actorFrom(ctx),
		})
		if err != nil {
			return err
		}
		return s.opts.Queue.EnqueueRematch(ctx, tx, id, office)
	})
	if err != nil {
		return err
	}
	s.log.Info("message moved to another office", "message_id", id, "from_office_id", m.OfficeID,
		"office_id", office, "actor", actorFrom(ctx))
	return nil
}
