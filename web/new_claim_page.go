package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// newClaimView is the form that opens a claim nobody has written about
// yet: a loss phoned in, a job a plumber referred. Problem is why the last
// try was refused, shown above the values as they were typed.
type newClaimView struct {
	In       claimInput
	Referrer participantItem // who referred the loss, as typed
	Office   int64
	Offices  []storage.Office // offered when the person works for several
	// Referrers are the office's people who refer losses, to pick from.
	Referrers []storage.Person
	Problem   string
	// Likely are the open claims that look like the loss typed: the form
	// asks before it makes another.
	Likely []storage.Claim
}

// handleClaimCreatePage shows the new-claim form.
func (s *Server) handleClaimCreatePage(w http.ResponseWriter, r *http.Request) {
	offices, err := s.actingOffices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sc := scopeFrom(r.Context())
	v := newClaimView{Offices: offices, Office: sc.view}
	if v.Referrers, err = s.referrers(r.Context(), offices, cmp.Or(officeOf(offices), sc.view)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderNewClaim(w, r, http.StatusOK, v)
}

// handleClaimCreateForm creates the claim the form describes, with the
// office's next job number unless one was typed, and opens its page. The
// mail in triage that named its numbers is matched again with it. A loss
// type left unknown is read from what happened. When open claims look like
// the same loss the form comes back naming them, unless the coordinator
// chose to create it anyway.
func (s *Server) handleClaimCreateForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	offices, err := s.actingOffices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := newClaimView{In: claimFormInput(r), Offices: offices, Referrer: participantItem{Role: "referred_by",
		Name: r.PostFormValue("p_name"), Email: r.PostFormValue("p_email"), Phone: r.PostFormValue("p_phone")}}
	v.Office, _ = strconv.ParseInt(r.PostFormValue("office_id"), 10, 64)
	if v.Referrers, err = s.referrers(ctx, offices, cmp.Or(v.Office, officeOf(offices))); err != nil {
		s.fail(w, r, err)
		return
	}
	var ps []storage.ClaimParticipant
	c, err := v.In.claim()
	switch {
	case err != nil:
	case v.Office == 0 && len(offices) > 1:
		err = badRequest("choose the office the claim is for")
	default:
		if c.OfficeID, err = officeForNewClaim(scopeFrom(ctx), cmp.Or(v.Office, officeOf(offices))); err == nil {
			ps, err = formReferrer(r, v.Referrers)
		}
	}
	if err == nil && r.PostFormValue("anyway") != "1" {
		v.Likely, err = s.db.OpenClaimsLike(ctx, c.OfficeID, c.InsuredName, c.LossAddress)
		if err == nil && len(v.Likely) > 0 {
			s.renderNewClaim(w, r, http.StatusConflict, v)
			return
		}
	}
	var created storage.Claim
	if err == nil {
		if c.LossType == "" {
			// "Supply line burst" is a water loss: its job number says so.
			c.LossType = classify.LossTypeOf(c.LossDescription)
		}
		// Job numbers carry the office's year.
		at := s.now().In(s.rulesOf(c.OfficeID).Calendar.Location())
		err = s.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			if created, err = storage.CreateClaimRecordTx(ctx, tx, c, ps, s.opts.JobPattern, at, actorFrom(ctx)); err != nil {
				return err
			}
			return s.rematchNaming(ctx, tx, []storage.Claim{created})
		})
	}
	var he *httpError
	switch err = conflictError(err); {
	case errors.As(err, &he) && he.status < http.StatusInternalServerError:
		v.Problem = refusalWords(he.msg)
		s.renderNewClaim(w, r, he.status, v)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.log.Info("claim created", "claim_id", created.ID, "job_number", created.JobNumber, "actor", actorFrom(ctx))
	http.Redirect(w, r, fmt.Sprintf("/claims/%d", created.ID), http.StatusSeeOther)
}

func (s *Server) renderNewClaim(w http.ResponseWriter, r *http.Request, status int, v newClaimView) {
	if len(v.Offices) < 2 {
		v.Offices = nil
	}
	s.render(w, r, status, "claim_new", pageData{Title: "New claim", Nav: "claims", Data: v})
}

// referrers are the people of office who refer losses; none unless the
// person acts for office (one of offices).
func (s *Server) referrers(ctx context.Context, offices []storage.Office, office int64) ([]storage.Person, error) {
	if !slices.ContainsFunc(offices, func(o storage.Office) bool { return o.ID == office }) {
		return nil, nil
	}
	people, err := s.db.People(ctx, office)
	return slices.DeleteFunc(people, func(p storage.Person) bool { return p.Role != "referred_by" }), err
}

// formReferrer reads the form's Referred by, a person row as the record
// form has them: a name picked from referrers brings their email and
// phone.
func formReferrer(r *http.Request, referrers []storage.Person) ([]storage.ClaimParticipant, error) {
	ps, err := formParticipants(r, referrers)
	if err != nil {
		return nil, err
	}
	if _, err := participantsInput(participantItems(ps)); err != nil {
		// "participants[0].email: ..." is the referrer's email.
		field, why, _ := strings.Cut(err.Error(), ": ")
		_, part, _ := strings.Cut(field, ".")
		return nil, badRequest("%s: %s", strings.TrimSpace("referred by "+part), why)
	}
	return ps, nil
}

// actingOffices are the offices the request may open claims in, by name;
// errReadOnly when none.
func (s *Server) actingOffices(r *http.Request) ([]storage.Office, error) {
	sc := scopeFrom(r.Context())
	if !sc.canActAnywhere() {
		return nil, errReadOnly
	}
	all, err := s.db.ListOffices(r.Context())
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(o storage.Office) bool { return !sc.canAct(o.ID) }), nil
}

// officeOf is the only office of offices, 0 when there are several (the
// person must say which).
func officeOf(offices []storage.Office) int64 {
	if len(offices) == 1 {
		return offices[0].ID
	}
	return 0
}

// claimFormInput reads a claim form's fields.
func claimFormInput(r *http.Request) claimInput {
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	return claimInput{
		JobNumber: f("job_number"), ClaimNumber: f("claim_number"), Carrier: f("carrier"),
		PolicyNumber: f("policy_number"), InsuredName: f("insured_name"), InsuredPhone: f("insured_phone"),
		InsuredEmail: f("insured_email"), LossAddress: f("loss_address"), LossType: f("loss_type"),
		LossDescription: f("loss_description"), AdjusterName: f("adjuster_name"),
		AdjusterEmail: f("adjuster_email"), DateOfLoss: f("date_of_loss"),
	}
}
