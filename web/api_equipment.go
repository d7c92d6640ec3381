package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/claimdesk/claimdesk/equipmentlog"
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
	// PlacedDayOnly and PickedUpDayOnly say the time is a day alone, its
	// hour not known.
	PlacedDayOnly   bool `json:"placed_day_only"`
	PickedUpDayOnly bool `json:"picked_up_day_only"`
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
	// ApprovalAsked says the adjuster was asked: claimdesk sent the
	// request, or a person marked it sent from their mail program.
	ApprovalAsked bool `json:"approval_asked"`
	// Hauls are a dumpster's or pod's swaps, oldest first; never null.
	Hauls []haulItem `json:"hauls"`
}

// haulItem is a haul (swap) as the API shows it. By is who logged it (a
// user's email or a token's name, as the API's other "by" fields), and
// ByName the person as pages name them.
type haulItem struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	ByName string    `json:"by_name"`
	Note   string    `json:"note"`
}

func (s *Server) newEquipmentItem(e storage.Equipment) equipmentItem {
	return equipmentItem{
		ID: e.ID, ClaimID: e.ClaimID, Kind: e.Kind, Count: e.Count, PlacedAt: e.PlacedAt, PickedUpAt: e.PickedUpAt,
		PlacedDayOnly: e.PlacedDayOnly, PickedUpDayOnly: e.PickedUpDayOnly,
		Days: equipmentlog.BilledDays(e, s.now(), s.zoneOf(e.OfficeID)), Vendor: e.Vendor, Note: e.Note, Approval: e.Approval, ApprovalBy: e.ApprovalBy,
		ApprovalAt: e.ApprovalAt, ApprovalAsked: e.ApprovalAsked(), ApprovalMessageID: e.ApprovalMessageID, SourceMessageID: e.SourceMessageID,
		DocumentID: e.DocumentID, PickupNotified: e.PickupNotifiedAt != nil, Hauls: haulItems(e.Hauls),
	}
}

func haulItems(hauls []storage.Haul) []haulItem {
	out := make([]haulItem, len(hauls))
	for i, h := range hauls {
		out[i] = haulItem{ID: h.ID, At: h.At, By: h.By, ByName: h.ByName, Note: h.Note}
	}
	return out
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
// /api/equipment/{id}.
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

// change is the change in asks for.
func (in equipmentInput) change() equipmentlog.Change {
	return equipmentlog.Change{
		Kind: equipmentlog.Field[string](in.Kind), Count: equipmentlog.Field[int](in.Count),
		PlacedAt: equipmentlog.Field[time.Time](in.PlacedAt), PickedUpAt: equipmentlog.Field[time.Time](in.PickedUpAt),
		Vendor: equipmentlog.Field[string](in.Vendor), Note: equipmentlog.Field[string](in.Note),
		Approval: equipmentlog.Field[string](in.Approval), DocumentID: equipmentlog.Field[int64](in.DocumentID),
	}
}

// equipmentLog is the claims' equipment logs as this server changes them.
func (s *Server) equipmentLog() *equipmentlog.Log {
	return &equipmentlog.Log{DB: s.db, Outbox: s.opts.Outbox, ZoneOf: s.zoneOf, Now: s.now, Logger: s.log}
}

// addEquipment logs a new line on claim claimID, which the caller must be
// allowed to see.
func (s *Server) addEquipment(ctx context.Context, claimID int64, c equipmentlog.Change) (storage.Equipment, error) {
	if _, err := s.lookupClaim(ctx, claimID); err != nil {
		return storage.Equipment{}, err
	}
	actor := actorFrom(ctx)
	e, err := s.equipmentLog().Add(ctx, claimID, c, actor)
	if err == nil {
		s.log.Info("equipment logged", "claim_id", claimID, "equipment_id", e.ID, "kind", e.Kind, "count", e.Count, "actor", actor)
	}
	return e, err
}

// updateEquipment changes line id as c says.
func (s *Server) updateEquipment(ctx context.Context, id int64, c equipmentlog.Change) (storage.Equipment, error) {
	actor := actorFrom(ctx)
	e, err := s.equipmentLog().Update(ctx, id, c, actor)
	err = s.equipmentError(id, err)
	if err == nil {
		s.log.Info("equipment changed", "claim_id", e.ClaimID, "equipment_id", id, "actor", actor)
	}
	return e, err
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
	e, err := s.addEquipment(r.Context(), id, in.change())
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
	e, err := s.updateEquipment(r.Context(), id, in.change())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.newEquipmentItem(e))
}

// pickupInput is the body of POST /api/equipment/{id}/pickup.
type pickupInput struct {
	Count      int        `json:"count"`
	PickedUpAt *time.Time `json:"picked_up_at"`
}

// handleAPIPickUpEquipment picks up all of an equipment line, or some of
// it split off as a line of its own, and answers the line picked up.
func (s *Server) handleAPIPickUpEquipment(w http.ResponseWriter, r *http.Request) {
	id, in, ok := readAction[pickupInput](s, w, r)
	if !ok {
		return
	}
	at := s.now()
	if in.PickedUpAt != nil {
		at = *in.PickedUpAt
	}
	e, err := s.pickUpEquipment(r.Context(), id, in.Count, at, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.newEquipmentItem(e))
}

// pickUpEquipment marks count items of line id (0: all) picked up at at
// (dayOnly: on its day, the time not known).
func (s *Server) pickUpEquipment(ctx context.Context, id int64, count int, at time.Time, dayOnly bool) (storage.Equipment, error) {
	actor := actorFrom(ctx)
	e, err := s.equipmentLog().PickUp(ctx, id, count, at, dayOnly, actor)
	if err = s.equipmentError(id, err); err == nil {
		s.log.Info("equipment picked up", "claim_id", e.ClaimID, "equipment_id", id, "count", e.Count, "actor", actor)
	}
	return e, err
}

// equipmentError names line id when err says there is no such line.
func (s *Server) equipmentError(id int64, err error) error {
	if errors.Is(err, storage.ErrNotFound) {
		return &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("equipment %d not found", id)}
	}
	return err
}
