package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// A rejected signed form drafts the email asking the technician for the
// right one; the draft waits on the claim page, and over the API, until a
// person sends it as written or edited. Nothing goes out on its own.

// followFormCheck acts on a check of signed form id: a rejection drafts
// the email to the technician, a form checked right drops the drafts
// asking for it again. The check stands whatever happens to the draft: a
// claim without a technician to write to still has its urgent task.
func (s *Server) followFormCheck(ctx context.Context, id int64, ok bool, reason string) error {
	if ok {
		return s.db.DropDocumentDrafts(ctx, id)
	}
	o := s.opts.Outbox
	if o == nil {
		s.log.Info("rejected form not drafted: sending mail is not set up", "document_id", id)
		return nil
	}
	d, err := o.DraftFormRejection(ctx, id, reason, coordinatorOf(ctx))
	switch {
	case errors.Is(err, outbox.ErrNoTechnician):
		s.log.Info("rejected form not drafted: no technician to write to", "document_id", id)
		return nil
	case err != nil:
		s.log.Warn("drafting the rejected form's email failed", "document_id", id, "err", err)
		return nil
	}
	s.log.Info("rejected form drafted", "document_id", id, "draft_id", d.ID, "claim_id", d.ClaimID, "actor", actorFrom(ctx))
	return nil
}

// draftItem is a waiting draft as the API lists it.
type draftItem struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"`
	ClaimID    int64     `json:"claim_id"`
	DocumentID *int64    `json:"document_id"`
	ReplyTo    *int64    `json:"reply_to"`
	Language   string    `json:"language"`
	To         []string  `json:"to"`
	Subject    string    `json:"subject"`
	Body       string    `json:"body"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
}

func newDraftItem(d storage.OutboxDraft) draftItem {
	return draftItem{ID: d.ID, Kind: d.Kind, ClaimID: d.ClaimID, DocumentID: d.DocumentID, ReplyTo: d.ReplyTo,
		Language: d.Language, To: d.Recipients, Subject: d.Subject, Body: d.Body, CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt}
}

// handleAPIClaimDrafts lists the claim's drafts waiting to be sent.
func (s *Server) handleAPIClaimDrafts(w http.ResponseWriter, r *http.Request) {
	serveClaimList(s, w, r, s.db.ClaimOutboxDrafts, newDraftItem)
}

// draftSendInput is what a person changed before sending a draft: the
// body of POST /api/drafts/{id}/send; empty fields keep the draft's.
type draftSendInput struct {
	To      []string `json:"to"`
	Subject string   `json:"subject"`
	Body    string   `json:"body"`
}

// handleAPISendDraft sends a draft, as written or with the changes given.
func (s *Server) handleAPISendDraft(w http.ResponseWriter, r *http.Request) {
	id, in, ok := readAction[draftSendInput](s, w, r)
	if !ok {
		return
	}
	outboxID, err := s.sendDraft(r.Context(), id, outbox.DraftEdit(in))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]int64{"outbox_id": outboxID})
}

// handleSendDraftForm is the claim page's Send button on a draft, and its
// edit form's.
func (s *Server) handleSendDraftForm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	edit := outbox.DraftEdit{Subject: r.PostFormValue("subject"), Body: r.PostFormValue("body")}
	if to := strings.TrimSpace(r.PostFormValue("to")); to != "" {
		for _, a := range strings.Split(to, ",") {
			if a = strings.TrimSpace(a); a != "" {
				edit.To = append(edit.To, a)
			}
		}
	}
	if _, err := s.sendDraft(r.Context(), id, edit); err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.db.GetOutboxDraft(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d", d.ClaimID)), http.StatusSeeOther)
}

// sendDraft sends draft id through the outbox, explaining its refusals.
func (s *Server) sendDraft(ctx context.Context, id int64, edit outbox.DraftEdit) (int64, error) {
	o, err := s.outbox()
	if err != nil {
		return 0, err
	}
	outboxID, err := o.SendDraft(ctx, id, edit, actorFrom(ctx))
	switch {
	case errors.Is(err, storage.ErrConflict):
		return 0, &httpError{status: http.StatusConflict, msg: "this draft is sent already"}
	case err != nil:
		return 0, replyError(err)
	}
	s.log.Info("draft queued", "draft_id", id, "outbox_id", outboxID, "actor", actorFrom(ctx))
	return outboxID, nil
}

// draftView is a waiting draft on the claim page.
type draftView struct {
	storage.OutboxDraft
	// Form names the rejected form the draft asks for.
	Form string
}

// To is the draft's recipients, as the edit form shows them.
func (v draftView) To() string { return strings.Join(v.Recipients, ", ") }

// addClaimDrafts shows the claim's waiting drafts, each with the form it
// asks for.
func (s *Server) addClaimDrafts(ctx context.Context, v *claimView) error {
	drafts, err := s.db.ClaimOutboxDrafts(ctx, v.C.ID)
	if err != nil {
		return err
	}
	for _, d := range drafts {
		dv := draftView{OutboxDraft: d}
		if d.DocumentID != nil {
			doc, err := s.db.GetDocument(ctx, *d.DocumentID)
			if err != nil {
				return err
			}
			dv.Form = docTypeLabel(doc.DocType)
		}
		v.Drafts = append(v.Drafts, dv)
	}
	return nil
}
