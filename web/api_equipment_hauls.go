package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// haulAsk is a submission of a haul: when (nil: now), the note, and the
// submission's key, with which a submission repeated logs once.
type haulAsk struct {
	At   *time.Time
	Note string
	Key  string
}

// digest sums up what a asks, its time as given and its note.
func (a haulAsk) digest() string { return askDigest(a.At, strings.TrimSpace(a.Note)) }

// logHaul records that the hauler swapped line id's dumpster or pod as a
// asks, as the caller logs it: the claim page's Swap (haul) and the API's.
// A submission whose key the line has logged is not logged again
// (repeated); a haul the line cannot have is refused in words, and a key
// sent for a different haul is storage.ErrKeyReused.
func (s *Server) logHaul(ctx context.Context, id int64, a haulAsk) (e storage.Equipment, repeated bool, err error) {
	if err := checkRequestKey(a.Key); err != nil {
		return e, false, err
	}
	actor := actorFrom(ctx)
	h := storage.Haul{At: s.now(), By: actor, Note: strings.TrimSpace(a.Note), Key: a.Key, Asked: a.digest()}
	if a.At != nil {
		h.At = *a.At
	}
	e, repeated, err = s.db.AddHaul(ctx, id, h, s.now())
	if err = s.equipmentError(id, err); err == nil {
		msg := "equipment hauled"
		if repeated {
			msg = "equipment haul submitted again, logged once"
		}
		s.log.Info(msg, "claim_id", e.ClaimID, "equipment_id", id, "actor", actor)
	}
	return e, repeated, err
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
	// HauledAt is RFC 3339, or a time without an offset on the clock of
	// the line's office (apiTime); nil: now.
	HauledAt *string `json:"hauled_at"`
	Note     string  `json:"note"`
}

// wallLayouts are the times without an offset the API takes: to the
// second (fractions allowed), or to the minute as the pages' forms send
// them; wallShape is their shape, as openapi.json describes it, which the
// layouts alone do not hold to (they take "7:30").
var (
	wallLayouts = []string{"2006-01-02T15:04:05", stageTimeLayout}
	wallShape   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$`)
)

// apiTime reads field name of an API body: a time in RFC 3339, with its
// offset, or a date and time without one ("2026-12-03T07:30", as a person
// types it), which is on the clock of the office the record belongs to
// (zone), as the claim page's forms read a typed time.
func apiTime(name, v string, zone func() (*time.Location, error)) (time.Time, error) {
	if at, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return at, nil
	}
	for _, layout := range wallLayouts {
		if _, err := time.Parse(layout, v); err != nil || !wallShape.MatchString(v) {
			continue
		}
		loc, err := zone()
		if err != nil {
			return time.Time{}, err
		}
		return wallTime(layout, v, loc)
	}
	return time.Time{}, badRequest("%s: want a time like 2026-12-03T07:30:00-06:00, or 2026-12-03T07:30 on the office's clock, got %q", name, v)
}

// handleAPIAddHaul logs a haul (swap) of a dumpster or pod on the job,
// at hauled_at (a time without an offset on the clock of the line's
// office): 201 with the line and its hauls. A call retried with the
// Idempotency-Key of one that logged its haul answers the same, with
// Idempotent-Replayed, and logs nothing more.
func (s *Server) handleAPIAddHaul(w http.ResponseWriter, r *http.Request) {
	id, in, ok := readAction[haulInput](s, w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	a := haulAsk{Note: in.Note, Key: r.Header.Get("Idempotency-Key")}
	if in.HauledAt != nil {
		at, err := apiTime("hauled_at", *in.HauledAt, func() (*time.Location, error) { return s.lineZone(ctx, id) })
		if err != nil {
			s.fail(w, r, err)
			return
		}
		a.At = &at
	}
	e, repeated, err := s.logHaul(ctx, id, a)
	if errors.Is(err, storage.ErrKeyReused) {
		err = &httpError{status: http.StatusUnprocessableEntity,
			msg: "Idempotency-Key: this key logged a different haul of the line already; send a new key for a new haul"}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	markReplayed(w, repeated)
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
