package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// logHaul records that the hauler swapped line id's dumpster or pod at
// at, as the caller logs it, with note: the claim page's Swap (haul) and
// the API's. A haul the line cannot have is refused in words.
func (s *Server) logHaul(ctx context.Context, id int64, at time.Time, note string) (storage.Equipment, error) {
	actor := actorFrom(ctx)
	h := storage.Haul{At: at, By: actor, Note: strings.TrimSpace(note)}
	e, err := s.db.AddHaul(ctx, id, h, s.now())
	if err = s.equipmentError(id, err); err == nil {
		s.log.Info("equipment hauled", "claim_id", e.ClaimID, "equipment_id", id, "actor", actor)
	}
	return e, err
}

// removeHaul removes haul haul of line id, logged by mistake.
func (s *Server) removeHaul(ctx context.Context, id, haul int64) (storage.Equipment, error) {
	e, err := s.db.DeleteHaul(ctx, id, haul)
	if errors.Is(err, storage.ErrNotFound) {
		return e, &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("equipment %d has no haul %d", id, haul)}
	}
	if err == nil {
		s.log.Info("equipment haul removed", "claim_id", e.ClaimID, "equipment_id", id, "haul_id", haul, "actor", actorFrom(ctx))
	}
	return e, err
}

// haulInput is the body of POST /api/equipment/{id}/hauls.
type haulInput struct {
	HauledAt *time.Time `json:"hauled_at"` // nil: now
	Note     string     `json:"note"`
}

// handleAPIAddHaul logs a haul (swap) of a dumpster or pod on the job:
// 201 with the line and its hauls.
func (s *Server) handleAPIAddHaul(w http.ResponseWriter, r *http.Request) {
	id, in, ok := readAction[haulInput](s, w, r)
	if !ok {
		return
	}
	at := s.now()
	if in.HauledAt != nil {
		at = *in.HauledAt
	}
	e, err := s.logHaul(r.Context(), id, at, in.Note)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, s.newEquipmentItem(e))
}

// haulRemoval is the body of POST /api/equipment/{id}/hauls/remove.
type haulRemoval struct {
	HaulID int64 `json:"haul_id"`
}

// handleAPIRemoveHaul removes a haul logged by mistake: the line with the
// hauls left.
func (s *Server) handleAPIRemoveHaul(w http.ResponseWriter, r *http.Request) {
	id, in, ok := readAction[haulRemoval](s, w, r)
	if !ok {
		return
	}
	if in.HaulID <= 0 {
		s.fail(w, r, badRequest("haul_id: want the id of one of the line's hauls"))
		return
	}
	e, err := s.removeHaul(r.Context(), id, in.HaulID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.newEquipmentItem(e))
}
