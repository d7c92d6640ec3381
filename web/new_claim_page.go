package web

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// newClaimView is the form that opens a claim nobody has written about
// yet: a loss phoned in, a job a plumber referred. Problem is why the last
// try was refused, shown above the values as they were typed.
type newClaimView struct {
	In      claimInput
	Office  int64
	Offices []storage.Office // offered when the person works for several
	Problem string
}

// handleClaimCreatePage shows the new-claim form.
func (s *Server) handleClaimCreatePage(w http.ResponseWriter, r *http.Request) {
	offices, err := s.actingOffices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sc := scopeFrom(r.Context())
	s.renderNewClaim(w, r, http.StatusOK, newClaimView{Offices: offices, Office: sc.view})
}

// handleClaimCreateForm creates the claim the form describes, with the
// office's next job number unless one was typed, and opens its page. The
// mail in triage that named its numbers is matched again with it.
func (s *Server) handleClaimCreateForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	offices, err := s.actingOffices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := newClaimView{In: claimFormInput(r), Offices: offices}
	v.Office, _ = strconv.ParseInt(r.PostFormValue("office_id"), 10, 64)
	c, err := v.In.claim()
	switch {
	case err != nil:
	case v.Office == 0 && len(offices) > 1:
		err = badRequest("choose the office the claim is for")
	default:
		c.OfficeID, err = officeForNewClaim(scopeFrom(ctx), cmp.Or(v.Office, officeOf(offices)))
	}
	var created storage.Claim
	if err == nil {
		// Job numbers carry the office's year.
		at := s.now().In(s.rulesOf(c.OfficeID).Calendar.Location())
		err = s.db.InTx(ctx, func(tx pgx.Tx) error {
			var err error
			if created, err = storage.CreateClaimRecordTx(ctx, tx, c, nil, s.opts.JobPattern, at, actorFrom(ctx)); err != nil {
				return err
			}
			return s.rematchNaming(ctx, tx, []storage.Claim{created})
		})
	}
	var he *httpError
	switch err = conflictError(err); {
	case errors.As(err, &he) && he.status < http.StatusInternalServerError:
		v.Problem = fieldWords(he.msg)
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

// fieldWords writes the API's field names in an error as words:
// "insured_email: ..." reads "insured email: ...".
func fieldWords(msg string) string {
	field, rest, ok := strings.Cut(msg, ": ")
	if !ok || strings.ContainsAny(field, " ") {
		return msg
	}
	return strings.ReplaceAll(field, "_", " ") + ": " + strings.ReplaceAll(rest, "_", " ")
}
