package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// readOnlyClaimFields are the fields a GET shows that a PATCH cannot set;
// a client sending a claim back whole has them ignored.
var readOnlyClaimFields = []string{"id", "source", "forward_address", "created_at", "updated_at", "closed_at",
	"close_note", "missing_fields", "last_update_at"}

// claimPatch reads a PATCH body: any subset of the writable fields, each
// a string, a number or null (empty), and participants replacing the list.
// Status is returned apart: it closes or reopens the claim.
func claimPatch(w http.ResponseWriter, r *http.Request) (storage.ClaimPatch, string, error) {
	var raw map[string]json.RawMessage
	if err := decodeJSON(w, r, &raw); err != nil {
		return storage.ClaimPatch{}, "", err
	}
	p := storage.ClaimPatch{Fields: map[string]string{}}
	var status string
	for name, v := range raw {
		switch {
		case name == "participants":
			var in []participantItem
			if err := strictDecode(v, &in); err != nil {
				return p, "", badRequest("participants: want a list of {role, name, email, phone}: %s", err)
			}
			ps, err := participantsInput(in)
			if err != nil {
				return p, "", err
			}
			p.Participants = &ps
		case name == "status":
			var fv fieldValue
			if err := json.Unmarshal(v, &fv); err != nil || (fv != "open" && fv != "closed") {
				return p, "", badRequest("status: want open or closed")
			}
			status = string(fv)
		case slices.Contains(readOnlyClaimFields, name):
		case storage.IsClaimField(name):
			var fv fieldValue
			if err := json.Unmarshal(v, &fv); err != nil {
				return p, "", badRequest("%s: %s", name, err)
			}
			if err := checkFieldValue(name, string(fv)); err != nil {
				return p, "", err
			}
			p.Fields[name] = string(fv)
		default:
			return p, "", badRequest("%s: not a field of a claim", name)
		}
	}
	return p, status, nil
}

// strictDecode decodes b into v, refusing unknown fields.
func strictDecode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// fieldError turns storage's refusal of a value into a 400 that names it,
// and a number another claim has into a 409.
func fieldError(err error) error {
	switch {
	case errors.Is(err, storage.ErrInvalid):
		return badRequest("%s", strings.TrimSuffix(err.Error(), ": "+storage.ErrInvalid.Error()))
	case errors.Is(err, storage.ErrConflict):
		return &httpError{status: http.StatusConflict, msg: strings.TrimSuffix(err.Error(), ": "+storage.ErrConflict.Error())}
	}
	return err
}

func (s *Server) handleAPIPatchClaim(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, status, err := claimPatch(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.lookupClaim(ctx, id); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.updateClaim(ctx, id, p); err != nil {
		s.fail(w, r, fieldError(err))
		return
	}
	switch status {
	case "closed":
		// A PATCH closes as an unforced close does: the checklist holds.
		if s.closeOrRefuse(w, r, id, closeInput{}) {
			return
		}
	case "open":
		if _, err := s.db.ReopenClaim(ctx, id, actorFrom(ctx)); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.log.Info("claim edited", "claim_id", id, "actor", actorFrom(ctx), "fields", len(p.Fields))
	s.writeClaim(w, r, id)
}

// writeClaim answers with claim id as the API shows it.
func (s *Server) writeClaim(w http.ResponseWriter, r *http.Request, id int64) {
	it, err := s.getClaimItem(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, it)
}

// closeInput is a request to close a claim.
type closeInput struct {
	Note string `json:"note"`
	// Force closes the claim whatever its closing checklist lacks.
	Force bool `json:"force"`
}

// closeRefusal is the 409 of a close the checklist refuses.
type closeRefusal struct {
	Error string `json:"error"`
	// Missing names what the closing checklist lacks: cos_signed,
	// billing_packet, equipment_to_confirm, final_update, required_fields
	// (and open_requests).
	Missing []string `json:"missing"`
	// MissingFields are the required fields and roles still empty.
	MissingFields []string `json:"missing_fields"`
}

// closingGaps is what claim id lacks to be closed: the COS signed, the
// billing packet complete, the equipment from mail confirmed, a final daily update after the job's end, its
// required fields; the fields among those; and, for a lack its name alone
// does not explain, why (the COS on file with its signature not verified).
func (s *Server) closingGaps(ctx context.Context, id int64) ([]string, []string, map[string]string, error) {
	it, err := s.getClaimItem(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	facts, err := s.db.ClaimFacts(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	rules := s.rulesOf(it.OfficeID)
	rep := rules.Calendar.CheckClaim(facts, rules.Milestones, s.now())
	var missing []string
	why := map[string]string{}
	cos := sla.ChecklistItem{Type: sla.DocCOS, Status: sla.ItemMissing}
	for _, c := range rep.Checklist {
		if c.Type == sla.DocCOS {
			cos = c
		}
	}
	if cos.Status != sla.ItemPresent {
		missing = append(missing, "cos_signed")
		why["cos_signed"] = cosWords(cos)
	}
	for _, m := range rep.Milestones {
		if m.Name == sla.MilestoneBilling && m.MetAt == nil {
			missing = append(missing, "billing_packet")
		}
	}
	// Equipment mail reported is billed only once a person confirms it.
	proposals, err := s.db.ClaimEquipmentProposals(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if n := len(proposals); n > 0 {
		missing = append(missing, equipmentToConfirm)
		why[equipmentToConfirm] = fmt.Sprintf("%d line%s from mail waiting", n, plural(n))
	}
	if owes, err := s.owesFinalUpdate(ctx, id, facts); err != nil {
		return nil, nil, nil, err
	} else if owes {
		missing = append(missing, "final_update")
	}
	if len(it.MissingFields) > 0 {
		missing = append(missing, "required_fields")
		labels := make([]string, len(it.MissingFields))
		for i, f := range it.MissingFields {
			labels[i] = fieldLabel(f)
		}
		why["required_fields"] = strings.Join(labels, ", ")
	}
	requests, err := s.db.ClaimRequests(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if slices.ContainsFunc(requests, func(r storage.Request) bool { return r.Status == storage.RequestOpen }) {
		missing = append(missing, "open_requests")
	}
	return missing, it.MissingFields, why, nil
}

// owesFinalUpdate reports whether claim id, of facts, lacks its final
// update: one comes once the work is over, after completion or pickup,
// whichever was recorded last.
func (s *Server) owesFinalUpdate(ctx context.Context, id int64, facts sla.ClaimFacts) (bool, error) {
	updates, err := s.db.ClaimUpdateRows(ctx, id, time.Time{}, 1)
	if err != nil {
		return false, err
	}
	var end time.Time
	for _, t := range []*time.Time{facts.CompletedAt, facts.EquipmentPickedUpAt} {
		if t != nil && t.After(end) {
			end = *t
		}
	}
	return len(updates) == 0 || updates[0].At.Before(end), nil
}

// cosWords say where the COS stands when it is not signed as the close
// needs it, in the checklist's words: none on file, on file with its
// signature not verified, or rejected.
func cosWords(it sla.ChecklistItem) string {
	if it.Status == sla.ItemMissing {
		return "none on file"
	}
	return checklistView{ChecklistItem: it}.Words()
}

// lackingWords name what a close lacks, each with why when known.
func lackingWords(missing []string, why map[string]string, name func(string) string) []string {
	out := make([]string, len(missing))
	for i, m := range missing {
		out[i] = name(m)
		if w := why[m]; w != "" {
			out[i] += " (" + w + ")"
		}
	}
	return out
}

// closeOrRefuse closes claim id unless its checklist lacks something and
// in is not forced, in which case it answers 409 with the list; it reports
// whether it answered.
func (s *Server) closeOrRefuse(w http.ResponseWriter, r *http.Request, id int64, in closeInput) bool {
	ctx := r.Context()
	missing, fields, why, err := s.closingGaps(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return true
	}
	if len(missing) > 0 && !in.Force {
		// Error says it in the page's words; Missing keeps the codes.
		writeJSON(w, http.StatusConflict, closeRefusal{
			Error: "the claim cannot close yet; still needed: " + strings.Join(lackingWords(missing, why, fieldLabel), ", ") +
				` (to close it anyway, send "force": true with a note)`,
			Missing: missing, MissingFields: fields,
		})
		return true
	}
	note := strings.TrimSpace(in.Note)
	if len(missing) > 0 {
		note = strings.TrimSpace(note + " [forced; lacking " + strings.Join(missing, ", ") + "]")
	}
	if _, err := s.db.CloseClaim(ctx, id, note, actorFrom(ctx)); err != nil {
		s.fail(w, r, err)
		return true
	}
	s.log.Info("claim closed", "claim_id", id, "actor", actorFrom(ctx), "forced", len(missing) > 0)
	return false
}

func (s *Server) handleAPICloseClaim(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in closeInput
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &in); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if len(in.Note) > maxUpdateNote {
		s.fail(w, r, badRequest("note: longer than %d characters", maxUpdateNote))
		return
	}
	if _, err := s.lookupClaim(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	if s.closeOrRefuse(w, r, id, in) {
		return
	}
	s.writeClaim(w, r, id)
}

func (s *Server) handleAPIReopenClaim(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.db.ReopenClaim(ctx, id, actorFrom(ctx)); err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			err = &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("claim %d not found", id)}
		}
		s.fail(w, r, err)
		return
	}
	s.log.Info("claim reopened", "claim_id", id, "actor", actorFrom(ctx))
	s.writeClaim(w, r, id)
}
