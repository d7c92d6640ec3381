package web

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/storage"
)

// claimMail is the message a new claim is made from: the form files it
// into the claim it creates.
type claimMail struct {
	ID      int64
	Subject string
	From    string
}

// handleNewClaimFromMailPage shows the new-claim form for a message (an
// assignment nobody matched, a homeowner's first email about a loss),
// filled in from what the mail tells.
func (s *Server) handleNewClaimFromMailPage(w http.ResponseWriter, r *http.Request) {
	m, err := s.claimableMessage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	offices, err := s.actingOffices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := newClaimView{In: s.mailClaimInput(m), Offices: offices, Office: m.OfficeID, From: mailOf(m)}
	if v.Referrers, err = s.referrers(r.Context(), offices, m.OfficeID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderNewClaim(w, r, http.StatusOK, v)
}

// handleNewClaimForm creates a claim from a message in the message's
// office, as the new-claim form does, and files the message into it in
// the same transaction: a failed filing leaves no claim behind.
func (s *Server) handleNewClaimForm(w http.ResponseWriter, r *http.Request) {
	m, err := s.claimableMessage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.opts.Filer == nil {
		s.fail(w, r, &httpError{status: http.StatusServiceUnavailable, msg: "filing is not configured on this server"})
		return
	}
	s.createClaimFromForm(w, r, &m)
}

// claimableMessage reads the message the request's {id} names when it can
// be filed (see fileableMessage).
func (s *Server) claimableMessage(r *http.Request) (storage.MessageDetail, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return storage.MessageDetail{}, err
	}
	if _, err := s.fileableMessage(r.Context(), id); err != nil {
		return storage.MessageDetail{}, err
	}
	return s.db.GetMessageDetail(r.Context(), id)
}

// mailOf is message m as the new-claim form names it.
func mailOf(m storage.MessageDetail) *claimMail {
	return &claimMail{ID: m.ID, Subject: orNoSubject(m.Subject), From: cmp.Or(m.FromName, m.FromAddress)}
}

// mailClaimInput fills in a new claim's form from message m: an
// assignment's fields as the classifier read them, else what a first email
// about a loss tells of it (its sender, phone, address, what happened).
func (s *Server) mailClaimInput(m storage.MessageDetail) claimInput {
	var d classify.Decision
	if len(m.Decision) > 0 {
		if err := json.Unmarshal(m.Decision, &d); err != nil {
			// An unreadable decision leaves the form to the mail itself.
			s.log.Warn("unreadable decision", "message_id", m.ID, "err", err)
		}
	}
	if a := d.Assignment; a != nil {
		in := claimInput{
			ClaimNumber: a.ClaimNumber, Carrier: a.Carrier, PolicyNumber: a.PolicyNumber, InsuredName: a.InsuredName,
			InsuredPhone: a.InsuredPhone, InsuredEmail: a.InsuredEmail, LossAddress: a.LossAddress, LossType: a.LossType,
			LossDescription: a.LossDescription, AdjusterName: a.AdjusterName, AdjusterEmail: a.AdjusterEmail,
			AdjusterFileNumber: a.FileNumber,
		}
		if !a.DateOfLoss.IsZero() {
			in.DateOfLoss = a.DateOfLoss.Format(time.DateOnly)
		}
		return in
	}
	n := classify.ReadNewLoss(m.FromName, m.FromAddress, m.Subject, m.BodyText)
	return claimInput{InsuredName: n.InsuredName, InsuredEmail: n.InsuredEmail, InsuredPhone: n.InsuredPhone,
		LossAddress: n.LossAddress, LossDescription: n.LossDescription, LossType: n.LossType}
}

// publishFiled announces the documents the new claim's message brought;
// the publish job queued with the move repeats it should it fail.
func (s *Server) publishFiled(ctx context.Context, id int64, res ingest.FileResult) {
	if err := s.opts.Filer.Publish(context.WithoutCancel(ctx), res); err != nil {
		s.log.Warn("publish filed documents", "message_id", id, "err", err)
	}
}
