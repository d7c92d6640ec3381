package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/claimdesk/claimdesk/storage"
)

// handleAssignForm files a message into the claim a coordinator chose, out
// of triage or out of the claim it was filed to by mistake: the pipeline's
// own move, documents and all, audited under the coordinator's name. The
// claim comes as claim_id (a candidate's button, the picker) or as a job or
// claim number typed in claim.
func (s *Server) handleAssignForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	claimID, err := s.formClaimID(r)
	var unknown unknownClaimRef
	if errors.As(err, &unknown) {
		s.showAssignChoices(w, r, id, string(unknown))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// A missing claim and a missing message answer alike (404), so the
	// claim is looked up first and the message's own state last. A claim
	// of another office is a missing one.
	if err := s.rowInScope(ctx, scopeFrom(ctx), storage.KindClaim, claimID, true); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.db.GetClaim(ctx, claimID); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.fileableMessage(ctx, id); err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.assignMessage(ctx, id, claimID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("message assigned", "message_id", id, "claim_id", claimID, "moved", res.Moved, "actor", actorFrom(ctx))
	http.Redirect(w, r, withFiled(formNext(r, fmt.Sprintf("/messages/%d", id)), id), http.StatusSeeOther)
}

// fileableMessage returns message id when it can be filed or moved; a 409
// says why not while it is not parsed yet (or failed).
func (s *Server) fileableMessage(ctx context.Context, id int64) (storage.StoredMessage, error) {
	m, err := s.db.GetMessage(ctx, id)
	if err != nil {
		return m, err
	}
	if !fileableStatus(m.Status) {
		return m, &httpError{status: http.StatusConflict, msg: "this message is " + m.Status + ": only a parsed message can be filed"}
	}
	return m, nil
}

// formClaimID reads the claim a form names: claim_id, else a job or claim
// number in claim.
func (s *Server) formClaimID(r *http.Request) (int64, error) {
	if v := strings.TrimSpace(r.PostFormValue("claim_id")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return 0, badRequest("claim_id: want a claim id, got %q", v)
		}
		return id, nil
	}
	ref := strings.TrimSpace(r.PostFormValue("claim"))
	if ref == "" {
		return 0, badRequest("choose a claim: its job or claim number")
	}
	c, err := s.db.FindClaimByNumber(r.Context(), ref)
	if err == nil {
		// A claim of another office is no claim of that number here.
		var he *httpError
		if err = s.rowInScope(r.Context(), scopeFrom(r.Context()), storage.KindClaim, c.ID, false); errors.As(err, &he) {
			err = storage.ErrNotFound
		}
	}
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return 0, unknownClaimRef(ref)
	case errors.Is(err, storage.ErrConflict):
		return 0, &httpError{status: http.StatusConflict, msg: strings.TrimSuffix(err.Error(), ": "+storage.ErrConflict.Error()) + ": choose by job number"}
	case err != nil:
		return 0, err
	}
	return c.ID, nil
}

// unknownClaimRef is what a person typed to name a claim when no claim of
// theirs has it as its job or claim number: most often the insured's name
// or the street.
type unknownClaimRef string

func (u unknownClaimRef) Error() string {
	return fmt.Sprintf("no claim has the job or claim number %q", string(u))
}

// assignChoices is the page that asks which claim a message goes to when
// what was typed is no claim's number: the claims whose records hold its
// words, each to file into with one click, and the box to type again.
type assignChoices struct {
	Message storage.ThreadMessage
	Typed   string
	Claims  []storage.Claim
	// Spelt are the claims whose records spell a word typed otherwise
	// ("Lindqvist" for "Lindquist"), apart from those found as typed, each
	// with its spellings: to check before filing.
	Spelt []storage.CloseClaim
	// Unheld are the words typed no claim holds as typed.
	Unheld []string
	// Next is where filing returns to, as the first form said.
	Next string
	// NewClaim holds the fields of a new claim's form when the claims
	// offered are open ones that look like its loss: the page then offers
	// to make it anyway, with them.
	NewClaim []formField
}

// formField is a field of a form posted again.
type formField struct{ Name, Value string }

// showLikelyClaims answers the form that makes a claim from message id
// when open claims look like its loss (classify.SameLoss): the assignment
// is most often for a job the office has. It offers to file the message
// into one of them, or to make the claim anyway.
func (s *Server) showLikelyClaims(w http.ResponseWriter, r *http.Request, id int64, likely []storage.Claim) {
	m, err := s.db.ThreadOf(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := assignChoices{Message: m, Claims: likely, Next: fmt.Sprintf("/messages/%d", id)}
	for name, values := range r.PostForm {
		if name != "csrf_token" && name != "anyway" && len(values) > 0 {
			v.NewClaim = append(v.NewClaim, formField{Name: name, Value: values[0]})
		}
	}
	slices.SortFunc(v.NewClaim, func(a, b formField) int { return strings.Compare(a.Name, b.Name) })
	s.render(w, r, http.StatusConflict, "assign_choose", pageData{Title: "An open claim looks like this one", Nav: "triage", Data: v})
}

// assignChoicesShown bounds the claims the page offers.
const assignChoicesShown = 10

// showAssignChoices answers a filing form whose claim, typed, is no
// claim's number: the claims the top search finds by those words (the
// insured, the street, the phone), those found by close spellings apart
// and saying so, and the words typed no claim holds. None is chosen for
// the person: a message filed to a claim it does not belong to is worse
// than one asked about. Without any, 404 with the box to try again.
func (s *Server) showAssignChoices(w http.ResponseWriter, r *http.Request, id int64, typed string) {
	ctx := r.Context()
	if _, err := s.fileableMessage(ctx, id); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.ThreadOf(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	offices := scopeFrom(ctx).offices()
	hits, _, err := s.db.Search(ctx, storage.SearchQuery{Text: typed, Limit: assignChoicesShown, Offices: offices})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := assignChoices{Message: m, Typed: typed, Next: formNext(r, fmt.Sprintf("/messages/%d", id))}
	for _, h := range hits {
		if h.Kind != storage.SearchKindClaim {
			continue
		}
		c, err := s.db.GetClaim(ctx, h.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if h.Spellings != nil {
			v.Spelt = append(v.Spelt, storage.CloseClaim{Claim: c, Spellings: h.Spellings})
		} else {
			v.Claims = append(v.Claims, c)
		}
	}
	if v.Unheld, err = s.db.UnheldClaimWords(ctx, typed, offices); err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if len(v.Claims) == 0 && len(v.Spelt) == 0 {
		status = http.StatusNotFound
	}
	s.render(w, r, status, "assign_choose", pageData{Title: "File into which claim?", Nav: "triage", Data: v})
}
