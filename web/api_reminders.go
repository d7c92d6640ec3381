package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// reminderItem is a reminder as the API shows it.
type reminderItem struct {
	ID        int64     `json:"id"`
	ClaimID   int64     `json:"claim_id"`
	Kind      string    `json:"kind"`
	To        string    `json:"to"`
	ToName    string    `json:"to_name"`
	Automatic bool      `json:"automatic"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	OutboxID  *int64    `json:"outbox_id"`
	// MarkedSent says it went from a person's own mail program, marked
	// sent on the claim page; it then has no outbox message.
	MarkedSent bool `json:"marked_sent"`
	// MarkedSentAt is when it was marked sent, often after it went
	// (CreatedAt); nil for the outbox's.
	MarkedSentAt  *time.Time `json:"marked_sent_at"`
	State         string     `json:"state"`
	AnsweredAt    *time.Time `json:"answered_at"`
	Status        string     `json:"status"`
	StatusInWords string     `json:"status_text"`
}

// newReminderItem is reminder r as the API shows it at now, in words on
// its office's clock (loc).
func (s *Server) newReminderItem(r storage.ClaimReminder, now time.Time, loc *time.Location) reminderItem {
	status := "waiting"
	if r.AnsweredAt != nil {
		status = "answered"
	}
	return reminderItem{
		ID: r.ID, ClaimID: r.ClaimID, Kind: r.Kind, To: r.Recipient, ToName: r.RecipientName, Automatic: r.Automatic,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, OutboxID: r.OutboxID, MarkedSent: r.MarkedSentAt != nil, MarkedSentAt: r.MarkedSentAt, State: r.OutboxState, AnsweredAt: r.AnsweredAt,
		// to_name gives the whole name: the words name the recipient by first name.
		Status: status, StatusInWords: reminderWords(r, nil, now, loc),
	}
}

// handleAPIClaimReminders lists the reminders sent on a claim, newest
// first. A claim has few: the list is whole, with no next cursor.
func (s *Server) handleAPIClaimReminders(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	var loc *time.Location
	load := func(ctx context.Context, id int64) ([]storage.ClaimReminder, error) {
		office, err := s.db.OfficeOf(ctx, storage.KindClaim, id)
		if err != nil {
			return nil, err
		}
		loc = s.rulesOf(office).Calendar.Location()
		return s.db.ClaimReminders(ctx, id)
	}
	serveClaimList(s, w, r, load, func(rm storage.ClaimReminder) reminderItem { return s.newReminderItem(rm, now, loc) })
}

// remindRequest is the body of POST /api/claims/{id}/reminders.
type remindRequest struct {
	Kind string `json:"kind"`
	To   string `json:"to"`
	// Docs, when given, are what it asks for (outbox.Reminder.Docs).
	Docs []sla.DocType `json:"docs"`
}

// handleAPIRemind sends a reminder of kind to the claim's technician or
// foreman at to now: 201 with the reminder.
func (s *Server) handleAPIRemind(w http.ResponseWriter, r *http.Request) {
	id, o, err := s.replyRequest(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req, c, err := claimBody[remindRequest](s, w, r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	rid, err := o.RemindNow(ctx, id, req.Kind, req.To, coordinatorOf(ctx), actorFrom(ctx), req.Docs...)
	if err != nil {
		s.fail(w, r, remindError(err))
		return
	}
	s.log.Info("reminder queued", "claim_id", id, "reminder_id", rid, "kind", req.Kind, "actor", actorFrom(ctx))
	rs, err := s.db.ClaimReminders(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, rm := range rs {
		if rm.ID == rid {
			writeJSON(w, http.StatusCreated, s.newReminderItem(rm, s.now(), s.rulesOf(c.OfficeID).Calendar.Location()))
			return
		}
	}
	s.fail(w, r, storage.ErrNotFound)
}

// reminderSentRequest is the body of POST /api/claims/{id}/reminders/sent.
type reminderSentRequest struct {
	remindRequest
	SentAt *time.Time `json:"sent_at"` // nil: now
}

// handleAPIReminderSent records that the caller sent a reminder of kind to
// the claim's technician or foreman at to from their own mail program, at
// sent_at (default now), as "I sent it" on the claim page does: 200 with
// the reminder, the one recorded already when the same was marked for the
// same minute. A call retried with the Idempotency-Key of one that
// recorded its reminder answers it, with Idempotent-Replayed, and records
// nothing more, however much later.
func (s *Server) handleAPIReminderSent(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req, c, err := claimBody[reminderSentRequest](s, w, r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	key := r.Header.Get("Idempotency-Key")
	rm, repeated, err := s.markReminderSent(r.Context(), id, reminderAsk{Kind: req.Kind, To: req.To, SentAt: req.SentAt, Key: key})
	if errors.Is(err, storage.ErrKeyReused) {
		err = &httpError{status: http.StatusUnprocessableEntity,
			msg: "Idempotency-Key: this key marked a different reminder sent on the claim already; send a new key for a new reminder"}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	markReplayed(w, repeated && key != "")
	writeJSON(w, http.StatusOK, s.newReminderItem(rm, s.now(), s.zoneOf(c.OfficeID)))
}

// claimBody reads the body of a request about claim id, a claim the
// caller sees, and returns it with the claim.
func claimBody[T any](s *Server, w http.ResponseWriter, r *http.Request, id int64) (T, storage.Claim, error) {
	var req T
	if err := decodeJSON(w, r, &req); err != nil {
		return req, storage.Claim{}, err
	}
	c, err := s.lookupClaim(r.Context(), id)
	return req, c, err
}
