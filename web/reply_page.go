package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
)

// replyView is the reply form: the acknowledgment of a message or a
// claim's daily update, prefilled from the office's template, to edit and
// send.
type replyView struct {
	Draft     ingest.Draft
	Action    string // where the form posts
	Back      string // the message or claim page
	BackLabel string
	From      string
	Languages []string
	// LangURL is this form in another language: LangURL + "es".
	LangURL string
}

// Title says what the form sends.
func (v replyView) Title() string {
	if v.Draft.Kind == storage.ReplyUpdate {
		return "Send the daily update"
	}
	return "Acknowledge"
}

// replyLanguage is the language the request asks for, English by default.
func replyLanguage(r *http.Request) string {
	lang := r.FormValue("lang")
	if slices.Contains(ingest.ReplyLanguages, lang) {
		return lang
	}
	return ingest.LangEnglish
}

// coordinatorName signs replies: the signed-in person's name.
func coordinatorName(r *http.Request) string {
	if sess := sessionFrom(r.Context()); sess != nil {
		if sess.User.Name != "" {
			return sess.User.Name
		}
		return sess.User.Email
	}
	return actorFrom(r.Context())
}

// outbox is the reply sender, or an error page's reason when sending is
// not set up.
func (s *Server) outbox() (*ingest.Outbox, error) {
	if s.opts.Outbox == nil {
		return nil, &httpError{status: http.StatusConflict,
			msg: "sending replies is not set up: CLAIMDESK_SMTP_URL names the office's mail server"}
	}
	return s.opts.Outbox, nil
}

// replyError explains the outbox's refusals to the person who asked.
func replyError(err error) error {
	switch {
	case errors.Is(err, ingest.ErrBadReply), errors.Is(err, ingest.ErrBadTemplate):
		return badRequest("%s", err.Error())
	case errors.Is(err, ingest.ErrNothingToAnswer):
		return &httpError{status: http.StatusConflict, msg: "this message was sent by the office or has no sender: there is nothing to acknowledge"}
	case errors.Is(err, ingest.ErrNoAdjuster):
		return &httpError{status: http.StatusConflict, msg: "the claim has no adjuster email: add it to the claim first"}
	case errors.Is(err, storage.ErrConflict):
		return &httpError{status: http.StatusConflict, msg: "an acknowledgment of this message is already on its way or sent"}
	}
	return err
}

// handleReplyForm shows the acknowledgment of message id, prefilled.
func (s *Server) handleReplyForm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.outbox()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := o.DraftAck(r.Context(), id, replyLanguage(r), coordinatorName(r))
	if err != nil {
		s.fail(w, r, replyError(err))
		return
	}
	self := fmt.Sprintf("/messages/%d", id)
	s.render(w, r, http.StatusOK, "reply", pageData{Title: "Acknowledge", Nav: "messages", Data: replyView{
		Draft: d, Action: self + "/reply", Back: self, BackLabel: "Back to the message", From: o.From(),
		Languages: ingest.ReplyLanguages, LangURL: self + "/reply?lang=",
	}})
}

// handleReplySend sends the acknowledgment of message id: as edited on the
// form, or the template as it stands (the board's one click).
func (s *Server) handleReplySend(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.outbox()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	outID, err := s.sendAck(r, o, id)
	if err != nil {
		s.fail(w, r, replyError(err))
		return
	}
	s.log.Info("acknowledgment queued", "message_id", id, "outbox_id", outID, "actor", actorFrom(ctx))
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/messages/%d", id)), http.StatusSeeOther)
}

// sendAck drafts the acknowledgment of message id, takes the form's
// subject and body when it has them, and queues it.
func (s *Server) sendAck(r *http.Request, o *ingest.Outbox, id int64) (int64, error) {
	ctx := r.Context()
	d, err := o.DraftAck(ctx, id, replyLanguage(r), coordinatorName(r))
	if err != nil {
		return 0, err
	}
	editedDraft(r, &d)
	return o.Send(ctx, d, actorFrom(ctx))
}

// editedDraft puts the form's subject and body, when it sent them, in d.
func editedDraft(r *http.Request, d *ingest.Draft) {
	if _, ok := r.PostForm["body"]; ok {
		d.Body = r.PostFormValue("body")
	}
	if subject := strings.TrimSpace(r.PostFormValue("subject")); subject != "" {
		d.Subject = subject
	}
}

// maxBulkAcks bounds one bulk acknowledgment: a board shows fewer rows.
const maxBulkAcks = 200

// handleBulkAcknowledge acknowledges the selected messages, each with its
// own reply from the template. A message that cannot be (answered
// meanwhile, sent by the office) is skipped and the others go.
func (s *Server) handleBulkAcknowledge(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o, err := s.outbox()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badRequest("unreadable form"))
		return
	}
	ids := r.PostForm["id"]
	if len(ids) == 0 {
		s.fail(w, r, badRequest("select the messages to acknowledge"))
		return
	}
	if len(ids) > maxBulkAcks {
		s.fail(w, r, badRequest("at most %d messages at once", maxBulkAcks))
		return
	}
	// The bulk form sends no text: each reply is its template.
	delete(r.PostForm, "body")
	delete(r.PostForm, "subject")
	queued := 0
	for _, raw := range ids {
		id, err := parseID(raw)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		outID, err := s.sendAck(r, o, id)
		if err != nil {
			if he := (*httpError)(nil); errors.As(replyError(err), &he) && he.status < 500 {
				s.log.Info("bulk acknowledgment skipped", "message_id", id, "reason", he.msg)
				continue
			}
			s.fail(w, r, err)
			return
		}
		queued++
		s.log.Info("acknowledgment queued", "message_id", id, "outbox_id", outID, "actor", actorFrom(ctx))
	}
	s.log.Info("bulk acknowledgment", "selected", len(ids), "queued", queued, "actor", actorFrom(ctx))
	http.Redirect(w, r, formNext(r, "/"), http.StatusSeeOther)
}

// handleUpdateForm shows claim id's daily update to its adjuster,
// prefilled.
func (s *Server) handleUpdateForm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.outbox()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := o.DraftUpdate(r.Context(), id, replyLanguage(r), coordinatorName(r))
	if err != nil {
		s.fail(w, r, replyError(err))
		return
	}
	self := fmt.Sprintf("/claims/%d", id)
	s.render(w, r, http.StatusOK, "reply", pageData{Title: "Daily update", Nav: "claims", Data: replyView{
		Draft: d, Action: self + "/update", Back: self, BackLabel: "Back to the claim", From: o.From(),
		Languages: ingest.ReplyLanguages, LangURL: self + "/update?lang=",
	}})
}

// handleUpdateSend sends claim id's daily update as edited.
func (s *Server) handleUpdateSend(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.outbox()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := o.DraftUpdate(ctx, id, replyLanguage(r), coordinatorName(r))
	if err != nil {
		s.fail(w, r, replyError(err))
		return
	}
	editedDraft(r, &d)
	outID, err := o.Send(ctx, d, actorFrom(ctx))
	if err != nil {
		s.fail(w, r, replyError(err))
		return
	}
	s.log.Info("daily update queued", "claim_id", id, "outbox_id", outID, "actor", actorFrom(ctx))
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d", id)), http.StatusSeeOther)
}

// parseID reads a form's message id.
func parseID(v string) (int64, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("id: want a positive number, got %q", v)
	}
	return id, nil
}
