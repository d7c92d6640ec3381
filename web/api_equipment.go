package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// equipmentItem is an equipment line as the API shows it.
type equipmentItem struct {
	ID         int64      `json:"id"`
	ClaimID    int64      `json:"claim_id"`
	Kind       string     `json:"kind"`
	Count      int        `json:"count"`
	PlacedAt   *time.Time `json:"placed_at"`
	PickedUpAt *time.Time `json:"picked_up_at"`
	// Days are the days billed: placed until picked up, or until today
	// while on the job; null when it was never placed.
	Days              *int       `json:"days"`
	Vendor            string     `json:"vendor"`
	Note              string     `json:"note"`
	Approval          string     `json:"approval"`
	ApprovalBy        string     `json:"approval_by"`
	ApprovalAt        *time.Time `json:"approval_at"`
	ApprovalMessageID *int64     `json:"approval_message_id"`
	SourceMessageID   *int64     `json:"source_message_id"`
	// DocumentID is the vendor's document the line asks the carrier to
	// approve.
	DocumentID     *int64 `json:"document_id"`
	PickupNotified bool   `json:"pickup_notified"`
}

func (s *Server) newEquipmentItem(e storage.Equipment) equipmentItem {
	return equipmentItem{
		ID: e.ID, ClaimID: e.ClaimID, Kind: e.Kind, Count: e.Count, PlacedAt: e.PlacedAt, PickedUpAt: e.PickedUpAt,
		Days: s.equipmentDays(e), Vendor: e.Vendor, Note: e.Note, Approval: e.Approval, ApprovalBy: e.ApprovalBy,
		ApprovalAt: e.ApprovalAt, ApprovalMessageID: e.ApprovalMessageID, SourceMessageID: e.SourceMessageID,
		DocumentID: e.DocumentID, PickupNotified: e.PickupNotifiedAt != nil,
	}
}

// equipmentDays are the days e is billed for, in the office's calendar.
func (s *Server) equipmentDays(e storage.Equipment) *int {
	if e.PlacedAt == nil {
		return nil
	}
	end := s.now()
	if e.PickedUpAt != nil {
		end = *e.PickedUpAt
	}
	d := equipment.Days(*e.PlacedAt, end, s.opts.Location)
	return &d
}

// optional is a JSON field that may be left out, or set to null, or to a
// value: a PATCH changes only what it names, and null clears a date.
type optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON records that the field was given.
func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// equipmentInput is the body of POST /api/claims/{id}/equipment and PATCH
// /api/equipment/{id}, and what the claim page's forms read into.
type equipmentInput struct {
	Kind       optional[string]    `json:"kind"`
	Count      optional[int]       `json:"count"`
	PlacedAt   optional[time.Time] `json:"placed_at"`
	PickedUpAt optional[time.Time] `json:"picked_up_at"`
	Vendor     optional[string]    `json:"vendor"`
	Note       optional[string]    `json:"note"`
	Approval   optional[string]    `json:"approval"`
	DocumentID optional[int64]     `json:"document_id"`
}

// apply makes in's changes to e, as actor at now.
func (in equipmentInput) apply(e storage.Equipment, actor string, now time.Time) (storage.Equipment, error) {
	if in.Kind.Set {
		if !slices.Contains(equipment.Kinds, in.Kind.Value) {
			return e, badRequest("kind: want one of %s, got %q", strings.Join(equipment.Kinds, ", "), in.Kind.Value)
		}
		e.Kind = in.Kind.Value
	}
	if in.Count.Set {
		if in.Count.Null || in.Count.Value < 1 || in.Count.Value > storage.MaxEquipmentCount {
			return e, badRequest("count: want 1 to %d", storage.MaxEquipmentCount)
		}
		e.Count = in.Count.Value
	}
	setTime := func(dst **time.Time, o optional[time.Time]) {
		if o.Set {
			*dst = nil
			if !o.Null {
				t := o.Value
				*dst = &t
			}
		}
	}
	setTime(&e.PlacedAt, in.PlacedAt)
	setTime(&e.PickedUpAt, in.PickedUpAt)
	if e.PlacedAt != nil && e.PickedUpAt != nil && e.PickedUpAt.Before(*e.PlacedAt) {
		return e, badRequest("picked_up_at: before placed_at")
	}
	if in.Vendor.Set {
		e.Vendor = strings.TrimSpace(in.Vendor.Value)
	}
	if in.Note.Set {
		e.Note = strings.TrimSpace(in.Note.Value)
		if len(e.Note) > storage.MaxEquipmentNote {
			return e, badRequest("note: longer than %d bytes", storage.MaxEquipmentNote)
		}
	}
	if in.DocumentID.Set {
		e.DocumentID = nil
		if !in.DocumentID.Null {
			id := in.DocumentID.Value
			e.DocumentID = &id
		}
	}
	if in.Approval.Set && in.Approval.Value != e.Approval {
		if !slices.Contains(equipment.Approvals, in.Approval.Value) {
			return e, badRequest("approval: want one of %s, got %q", strings.Join(equipment.Approvals, ", "), in.Approval.Value)
		}
		e.Approval, e.ApprovalBy, e.ApprovalAt = in.Approval.Value, actor, &now
	}
	return e, nil
}

// addEquipment logs a new line on claim claimID: placed now unless the
// input says when (or null: not placed yet).
func (s *Server) addEquipment(ctx context.Context, claimID int64, in equipmentInput) (storage.Equipment, error) {
	if _, err := s.lookupClaim(ctx, claimID); err != nil {
		return storage.Equipment{}, err
	}
	if !in.Kind.Set {
		return storage.Equipment{}, badRequest("kind: want one of %s", strings.Join(equipment.Kinds, ", "))
	}
	now := s.now()
	if !in.PlacedAt.Set {
		in.PlacedAt = optional[time.Time]{Set: true, Value: now}
	}
	actor := actorFrom(ctx)
	e, err := in.apply(storage.Equipment{ClaimID: claimID, Count: 1, Approval: equipment.ApprovalNotNeeded, CreatedBy: actor}, actor, now)
	if err != nil {
		return e, err
	}
	err = s.db.InTx(ctx, func(tx pgx.Tx) error {
		if e, err = storage.AddEquipment(ctx, tx, e); err != nil {
			return err
		}
		return s.notifyPickup(ctx, tx, e)
	})
	if err == nil {
		s.log.Info("equipment logged", "claim_id", claimID, "equipment_id", e.ID, "kind", e.Kind, "count", e.Count, "actor", actor)
	}
	return e, err
}

// updateEquipment changes line id as in says.
func (s *Server) updateEquipment(ctx context.Context, id int64, in equipmentInput) (storage.Equipment, error) {
	actor, now := actorFrom(ctx), s.now()
	var after storage.Equipment
	err := s.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		_, after, err = storage.UpdateEquipment(ctx, tx, id, func(e storage.Equipment) (storage.Equipment, error) {
			return in.apply(e, actor, now)
		})
		if err != nil {
			return err
		}
		return s.notifyPickup(ctx, tx, after)
	})
	err = s.equipmentError(id, err)
	if err == nil {
		s.log.Info("equipment changed", "claim_id", after.ClaimID, "equipment_id", id, "actor", actor)
	}
	return after, err
}

// notifyPickup queues, within tx, the notice that e was picked up to the
// claim's mitigation manager and estimator, once per pickup. Without an
// outbox (no SMTP set up) nothing is sent, and nothing is marked: the
// notice goes out when the pickup is saved again with one.
func (s *Server) notifyPickup(ctx context.Context, tx pgx.Tx, e storage.Equipment) error {
	if e.PickedUpAt == nil || e.PickupNotifiedAt != nil || s.opts.Outbox == nil {
		return nil
	}
	claim, err := s.db.GetClaim(ctx, e.ClaimID)
	if err != nil {
		return err
	}
	to, err := s.pickupRecipients(ctx, e.ClaimID)
	if err != nil || len(to) == 0 {
		if len(to) == 0 {
			s.log.Warn("equipment picked up with no mitigation manager or estimator to tell", "claim_id", e.ClaimID, "equipment_id", e.ID)
		}
		return err
	}
	first, err := storage.ClaimPickupNotice(ctx, tx, e.ID, s.now())
	if err != nil || !first {
		return err
	}
	days := 0
	if d := s.equipmentDays(e); d != nil {
		days = *d
	}
	_, err = s.opts.Outbox.QueuePickupNotice(ctx, tx, outbox.PickupNotice{
		Claim: claim, Item: e, To: to, Location: s.opts.Location, Days: days, By: actorFrom(ctx)})
	return err
}

// pickupRoles are who hears of a pickup: the mitigation manager (the job's
// foreman) and the estimator.
var pickupRoles = []string{"foreman", "estimator"}

// pickupRecipients are the addresses of the claim's foreman and estimator;
// a role the claim does not name falls back to the office's people list
// when it holds exactly one person of that role with an email.
func (s *Server) pickupRecipients(ctx context.Context, claimID int64) ([]string, error) {
	parts, err := s.db.ParticipantsOfClaims(ctx, []int64{claimID})
	if err != nil {
		return nil, err
	}
	people, err := s.db.PeopleOfClaims(ctx, []int64{claimID})
	if err != nil {
		return nil, err
	}
	var to []string
	for _, role := range pickupRoles {
		var addrs []string
		for _, p := range parts[claimID] {
			if p.Role == role && p.Email != "" {
				addrs = append(addrs, strings.ToLower(p.Email))
			}
		}
		if len(addrs) == 0 {
			for _, p := range people[claimID] {
				if p.Role == role && p.Email != "" {
					addrs = append(addrs, strings.ToLower(p.Email))
				}
			}
			if len(addrs) > 1 {
				addrs = nil // the office has several: which one is this job's is for a person to say
			}
		}
		for _, a := range addrs {
			if !slices.Contains(to, a) {
				to = append(to, a)
			}
		}
	}
	return to, nil
}

// handleAPIClaimEquipment lists a claim's equipment log. A claim has few
// lines: the list is whole, with no next cursor.
func (s *Server) handleAPIClaimEquipment(w http.ResponseWriter, r *http.Request) {
	serveClaimList(s, w, r, s.db.ClaimEquipment, s.newEquipmentItem)
}

// handleAPIAddEquipment logs equipment on a claim: 201 with the line.
func (s *Server) handleAPIAddEquipment(w http.ResponseWriter, r *http.Request) {
	id, in, ok := readAction[equipmentInput](s, w, r)
	if !ok {
		return
	}
	e, err := s.addEquipment(r.Context(), id, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, s.newEquipmentItem(e))
}

// handleAPIPatchEquipment changes the fields of an equipment line the body
// names; picking it up notifies the mitigation manager and the estimator.
func (s *Server) handleAPIPatchEquipment(w http.ResponseWriter, r *http.Request) {
	id, in, ok := readAction[equipmentInput](s, w, r)
	if !ok {
		return
	}
	e, err := s.updateEquipment(r.Context(), id, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.newEquipmentItem(e))
}

// equipmentError names line id when err says there is no such line.
func (s *Server) equipmentError(id int64, err error) error {
	if errors.Is(err, storage.ErrNotFound) {
		return &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("equipment %d not found", id)}
	}
	return err
}
