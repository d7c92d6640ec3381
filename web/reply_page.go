package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// replyView is the reply form: the acknowledgment of a message or a
// claim's daily update, prefilled from the office's template, to edit and
// send.
type replyView struct {
	Draft     outbox.Draft
	Action    string // where the form posts
	Back      string // the message or claim page
	BackLabel string
	From      string
	Languages []string
	// LangURL is this form in another language: LangURL + "es".
	LangURL string
	// Mail opens the draft in the coordinator's mail program, where
	// claimdesk cannot send (no CLAIMDESK_SMTP_URL): the page then shows
	// the text instead of sending it.
	Mail *mailLink
	// AskedID is the equipment line whose approval request Mail writes,
	// while nobody has asked yet: the page offers to mark it sent once it
	// went from the mail program. 0 otherwise.
	AskedID int64
}

// Title says what the form sends.
func (v replyView) Title() string {
	switch v.Draft.Kind {
	case storage.ReplyUpdate:
		return "Send the daily update"
	case outbox.KindApprovalRequest:
		return "Ask the adjuster's approval"
	}
	return "Acknowledge"
}

// NewThreadWords say why a draft answering no message starts a thread:
// an approval request always does, to stand out in the adjuster's mail;
// any other has nobody's mail on the claim to answer yet.
func (v replyView) NewThreadWords() string {
	if v.Draft.Kind == outbox.KindApprovalRequest {
		return "a new thread of its own, so that the request stands out in the adjuster's mail"
	}
	to := "the recipient"
	if len(v.Draft.To) > 0 {
		to = v.Draft.To[0]
	}
	return "a new thread (no mail with " + to + " on this claim yet)"
}

// replyLanguage is the language the request asks for, English by default.
func replyLanguage(r *http.Request) string {
	lang := r.FormValue("lang")
	if slices.Contains(outbox.ReplyLanguages, lang) {
		return lang
	}
	return outbox.LangEnglish
}

// coordinatorName signs replies: the signed-in person's name.
func coordinatorName(r *http.Request) string { return coordinatorOf(r.Context()) }

// coordinatorOf is the name replies written for ctx's request are signed
// with: the signed-in person's, else the API token's.
func coordinatorOf(ctx context.Context) string {
	if sess := sessionFrom(ctx); sess != nil {
		if sess.User.Name != "" {
			return sess.User.Name
		}
		return sess.User.Email
	}
	return actorFrom(ctx)
}

// outbox is the reply sender, or an error page's reason when sending is
// not set up, in the words of whoever asked: the server's setting is the
// administrator's, named on the pages they see.
func (s *Server) outbox() (*outbox.Outbox, error) {
	if s.opts.Outbox == nil {
		return nil, &httpError{status: http.StatusConflict,
			msg: "sending mail from claimdesk is not set up yet: ask the administrator to set up sending"}
	}
	return s.opts.Outbox, nil
}

// replyError explains the outbox's refusals to the person who asked.
func replyError(err error) error {
	switch {
	case errors.Is(err, outbox.ErrBadReply), errors.Is(err, outbox.ErrBadTemplate):
		return badRequest("%s", err.Error())
	case errors.Is(err, outbox.ErrNothingToAnswer):
		return &httpError{status: http.StatusConflict, msg: "this message was sent by the office or has no sender: there is nothing to acknowledge"}
	case errors.Is(err, outbox.ErrNoAdjuster):
		return &httpError{status: http.StatusConflict, msg: "the claim has no adjuster email: add it to the claim first"}
	case errors.Is(err, storage.ErrConflict):
		return &httpError{status: http.StatusConflict, msg: "an acknowledgment of this message is already on its way or sent"}
	}
	return err
}

// replyKind is what tells apart the two replies the dashboard sends, the
// acknowledgment of a message and a claim's daily update; showing their
// form and sending them is otherwise the same.
type replyKind struct {
	draft     func(s *Server, o *outbox.Writer, ctx context.Context, id int64, language, coordinator string) (outbox.Draft, error)
	page      string // what the reply is about, with %d for its id
	form      string // the form's path below page
	title     string
	nav       string
	backLabel string
	queued    string // the log line once it is queued
	idKey     string // the log key naming page's id
}

var (
	ackReply = replyKind{
		draft: func(_ *Server, o *outbox.Writer, ctx context.Context, id int64, language, coordinator string) (outbox.Draft, error) {
			return o.DraftAck(ctx, id, language, coordinator)
		},
		page: "/messages/%d", form: "/reply",
		title: "Acknowledge", nav: "messages", backLabel: "Back to the message",
		queued: "acknowledgment queued", idKey: "message_id",
	}
	updateReply = replyKind{
		draft: (*Server).draftUpdate, page: "/claims/%d", form: "/update",
		title: "Daily update", nav: "claims", backLabel: "Back to the claim",
		queued: "daily update queued", idKey: "claim_id",
	}
)

// replyRequest reads what every request about a reply needs: the id in its
// path and the reply sender, or the error page's reason.
func (s *Server) replyRequest(r *http.Request) (int64, *outbox.Outbox, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	o, err := s.outbox()
	if err != nil {
		return 0, nil, err
	}
	return id, o, nil
}

// handleReplyForm shows the acknowledgment of message id, prefilled.
func (s *Server) handleReplyForm(w http.ResponseWriter, r *http.Request) {
	s.showReplyForm(w, r, ackReply)
}

// handleReplySend sends the acknowledgment of message id: as edited on the
// form, or the template as it stands (the board's one click).
func (s *Server) handleReplySend(w http.ResponseWriter, r *http.Request) {
	s.sendReplyForm(w, r, ackReply)
}

// handleUpdateForm shows claim id's daily update to its adjuster,
// prefilled.
func (s *Server) handleUpdateForm(w http.ResponseWriter, r *http.Request) {
	s.showReplyForm(w, r, updateReply)
}

// handleUpdateSend sends claim id's daily update as edited.
func (s *Server) handleUpdateSend(w http.ResponseWriter, r *http.Request) {
	s.sendReplyForm(w, r, updateReply)
}

// showReplyForm shows the reply of kind k to the path's id, prefilled from
// the template in the language asked for.
func (s *Server) showReplyForm(w http.ResponseWriter, r *http.Request, k replyKind) {
	if s.opts.Outbox == nil {
		s.showMailForm(w, r, k, http.StatusOK)
		return
	}
	id, o, err := s.replyRequest(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := k.draft(s, o.Writer, r.Context(), id, replyLanguage(r), coordinatorName(r))
	if err != nil {
		s.fail(w, r, replyError(err))
		return
	}
	self := fmt.Sprintf(k.page, id)
	s.render(w, r, http.StatusOK, "reply", pageData{Title: k.title, Nav: k.nav, Data: replyView{
		Draft: d, Action: self + k.form, Back: self, BackLabel: k.backLabel, From: o.From(),
		Languages: outbox.ReplyLanguages, LangURL: self + k.form + "?lang=",
	}})
}

// showMailForm shows the reply of kind k to the path's id where claimdesk
// cannot send it: written, with the form's edits when it posted any, to
// copy or to open in the mail program; status is the page's.
func (s *Server) showMailForm(w http.ResponseWriter, r *http.Request, k replyKind, status int) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := k.draft(s, s.writer, r.Context(), id, replyLanguage(r), coordinatorName(r))
	if err != nil {
		s.fail(w, r, replyError(err))
		return
	}
	if r.Method == http.MethodPost && r.ParseForm() == nil {
		editedDraft(r, &d)
	}
	self := fmt.Sprintf(k.page, id)
	s.render(w, r, status, "reply", pageData{Title: k.title, Nav: k.nav, Data: replyView{
		Draft: d, Back: self, BackLabel: k.backLabel, Languages: outbox.ReplyLanguages, LangURL: self + k.form + "?lang=",
		Mail: &mailLink{Label: "Open in my mail program", Href: mailtoURL(d)},
	}})
}

// MailHint says why the page gives the text rather than sending it, and
// what counts it once sent from the mail program.
func (v replyView) MailHint() string {
	const start = "Sending mail from claimdesk is not set up yet: copy the text, or open it in your mail program, written, and send it from there. "
	const end = " To send from here, ask the administrator to set up sending."
	switch v.Draft.Kind {
	case storage.ReplyUpdate:
		return start + "Once it is in the mailbox's Sent folder, it counts as the claim's update for the day." + end
	case outbox.KindApprovalRequest:
		return start + "Once sent, press “I sent it”: the line waits for the adjuster's answer as “Approval requested”, asked today, and shows as due for a follow-up after two days. Set it when the answer comes." + end
	}
	return start + "Once it is in the mailbox's Sent folder, it marks the message answered." + end
}

// sendReplyForm queues the reply of kind k to the path's id and goes back
// to the page it is about.
func (s *Server) sendReplyForm(w http.ResponseWriter, r *http.Request, k replyKind) {
	ctx := r.Context()
	if s.opts.Outbox == nil {
		// Not sent: the page gives the text, as edited, to send from the
		// mail program.
		s.showMailForm(w, r, k, http.StatusConflict)
		return
	}
	id, o, err := s.replyRequest(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	outID, err := s.sendReply(r, o, k, id)
	if err != nil {
		s.fail(w, r, replyError(err))
		return
	}
	s.log.Info(k.queued, k.idKey, id, "outbox_id", outID, "actor", actorFrom(ctx))
	http.Redirect(w, r, formNext(r, fmt.Sprintf(k.page, id)), http.StatusSeeOther)
}

// sendReply drafts the reply of kind k to id, takes the form's subject and
// body when it has them, and queues it.
func (s *Server) sendReply(r *http.Request, o *outbox.Outbox, k replyKind, id int64) (int64, error) {
	ctx := r.Context()
	d, err := k.draft(s, o.Writer, ctx, id, replyLanguage(r), coordinatorName(r))
	if err != nil {
		return 0, err
	}
	editedDraft(r, &d)
	return o.Send(ctx, d, actorFrom(ctx))
}

// editedDraft puts the form's subject and body, when it sent them, in d.
func editedDraft(r *http.Request, d *outbox.Draft) {
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
		// A message out of the caller's offices is skipped as a missing one is.
		err = s.rowInScope(ctx, scopeFrom(ctx), storage.KindMessage, id, true)
		var outID int64
		if err == nil {
			outID, err = s.sendReply(r, o, ackReply, id)
		}
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

// parseID reads a form's message id.
func parseID(v string) (int64, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("id: want a positive number, got %q", v)
	}
	return id, nil
}
