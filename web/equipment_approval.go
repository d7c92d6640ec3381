package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// approvalReply is the request to the adjuster to approve an equipment
// line, written from the office's template like the other replies.
var approvalReply = replyKind{
	draft: func(_ *Server, o *outbox.Writer, ctx context.Context, id int64, language, coordinator string) (outbox.Draft, error) {
		return o.DraftApproval(ctx, id, language, coordinator)
	},
	page: "/equipment/%d", form: "/approval-request",
	title: "Approval request", nav: "claims", backLabel: "Back to the claim",
	queued: "approval request queued", idKey: "equipment_id",
}

// handleEquipmentPage shows an equipment line where it lives: in its
// claim's equipment section.
func (s *Server) handleEquipmentPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.db.GetEquipment(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/claims/%d#equipment-%d", e.ClaimID, id), http.StatusSeeOther)
}

// handleApprovalRequestForm shows the request to approve equipment line
// id, prefilled from the office's template: to edit and send, or where
// claimdesk cannot send, to open in the coordinator's mail program.
func (s *Server) handleApprovalRequestForm(w http.ResponseWriter, r *http.Request) {
	if s.opts.Outbox != nil {
		s.showReplyForm(w, r, approvalReply)
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.writer.DraftApproval(r.Context(), id, replyLanguage(r), coordinatorName(r))
	if err != nil {
		s.fail(w, r, s.equipmentError(id, replyError(err)))
		return
	}
	e, err := s.db.GetEquipment(r.Context(), id)
	if err != nil {
		s.fail(w, r, s.equipmentError(id, err))
		return
	}
	self := fmt.Sprintf(approvalReply.page, id)
	v := replyView{Draft: d, Back: self, BackLabel: approvalReply.backLabel, Languages: outbox.ReplyLanguages,
		LangURL: self + approvalReply.form + "?lang=", Mail: &mailLink{Label: "Open in my mail program", Href: mailtoURL(d)}}
	if e.Approval == equipment.ApprovalRequested && !e.ApprovalAsked() {
		v.AskedID = id
	}
	s.render(w, r, http.StatusOK, "reply", pageData{Title: approvalReply.title, Nav: approvalReply.nav, Data: v})
}

// approvalMail writes the request to approve equipment line id of claim c
// to its adjuster as a link for the mail program: "Email Pat for
// approval"; nil when the office's saved template cannot be used.
func (s *Server) approvalMail(ctx context.Context, c storage.Claim, id int64) (*mailLink, error) {
	d, err := s.writer.DraftApproval(ctx, id, outbox.LangEnglish, coordinatorOf(ctx))
	if errors.Is(err, outbox.ErrBadTemplate) {
		s.log.Warn("approval request not written", "equipment_id", id, "err", err)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &mailLink{Label: emailButton(cmp.Or(outbox.FirstName(c.AdjusterName), "the adjuster")) + " for approval", Href: mailtoURL(d)}, nil
}

// handleApprovalRequestSend sends the approval request as edited; the line
// waits for the adjuster's answer.
func (s *Server) handleApprovalRequestSend(w http.ResponseWriter, r *http.Request) {
	s.sendReplyForm(w, r, approvalReply)
}

// approvalRequestInput is the body of POST
// /api/equipment/{id}/approval-request: the template's wording unless
// subject or body are given.
type approvalRequestInput struct {
	Language string `json:"language"` // en (default) or es
	Subject  string `json:"subject"`
	Body     string `json:"body"`
}

// approvalRequestResult is what sending an approval request answers.
type approvalRequestResult struct {
	OutboxID  int64         `json:"outbox_id"`
	Equipment equipmentItem `json:"equipment"`
}

// handleAPIApprovalRequest sends the adjuster the request to approve an
// equipment line: 201 with the queued message's id and the line, now
// waiting (approval: requested).
func (s *Server) handleAPIApprovalRequest(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, in, ok := readAction[approvalRequestInput](s, w, r)
	if !ok {
		return
	}
	o, err := s.outbox()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := in.Language
	if lang == "" {
		lang = outbox.LangEnglish
	}
	if lang != outbox.LangEnglish && lang != outbox.LangSpanish {
		s.fail(w, r, badRequest("language: want en or es, got %q", in.Language))
		return
	}
	d, err := o.DraftApproval(ctx, id, lang, coordinatorOf(ctx))
	if err != nil {
		s.fail(w, r, s.equipmentError(id, replyError(err)))
		return
	}
	if in.Subject != "" {
		d.Subject = in.Subject
	}
	if in.Body != "" {
		d.Body = in.Body
	}
	outID, err := o.Send(ctx, d, actorFrom(ctx))
	if err != nil {
		s.fail(w, r, replyError(err))
		return
	}
	s.log.Info("approval request queued", "equipment_id", id, "outbox_id", outID, "actor", actorFrom(ctx))
	e, err := s.db.GetEquipment(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, approvalRequestResult{OutboxID: outID, Equipment: s.newEquipmentItem(e)})
}

// handleAPIApprovalSent marks a line's approval request sent from the
// caller's own mail program, now, as "I sent it" on the claim page does:
// the line, waiting for the adjuster's answer from then.
func (s *Server) handleAPIApprovalSent(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.markApprovalAsked(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.newEquipmentItem(e))
}
