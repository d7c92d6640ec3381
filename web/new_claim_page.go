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
	"github.com/claimdesk/claimdesk/ingest"
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
	// From is the message the claim is made from, filed into it; nil for
	// a loss nobody has written about.
	From *claimMail
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
// office's next job number unless one was typed, and opens its page.
func (s *Server) handleClaimCreateForm(w http.ResponseWriter, r *http.Request) {
	s.createClaimFromForm(w, r, nil)
}

// createClaimFromForm creates the claim the new-claim form describes, from
// message m (nil: none) in m's office, and opens its page. The mail in
// triage that named its numbers is matched again with it. A loss type left
// unknown is read from what happened. When open claims look like the same
// loss the form comes back naming them (for a message, offering to file it
// into one), unless the coordinator chose to create it anyway. A refusal
// comes back on the form, with everything typed.
func (s *Server) createClaimFromForm(w http.ResponseWriter, r *http.Request, m *storage.MessageDetail) {
	ctx := r.Context()
	v, err := s.postedNewClaim(r, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, ps, err := s.newClaimOfForm(r, v)
	if err == nil && r.PostFormValue("anyway") != "1" {
		v.Likely, err = s.db.OpenClaimsLike(ctx, c.OfficeID, c.InsuredName, c.LossAddress)
		switch {
		case err == nil && len(v.Likely) > 0 && m != nil:
			s.showLikelyClaims(w, r, m.ID, v.Likely)
			return
		case err == nil && len(v.Likely) > 0:
			s.renderNewClaim(w, r, http.StatusConflict, v)
			return
		}
	}
	var created storage.Claim
	if err == nil {
		created, err = s.createClaimRecord(ctx, c, ps, m)
	}
	var he *httpError
	switch err = formConflict(err); {
	case errors.As(err, &he) && he.status < http.StatusInternalServerError:
		v.Problem = refusalWords(he.msg)
		s.renderNewClaim(w, r, he.status, v)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	var from int64
	if m != nil {
		from = m.ID
	}
	s.log.Info("claim created", "claim_id", created.ID, "job_number", created.JobNumber, "message_id", from, "actor", actorFrom(ctx))
	http.Redirect(w, r, fmt.Sprintf("/claims/%d", created.ID), http.StatusSeeOther)
}

// formConflict is a conflict creating a claim (its numbers taken, its
// message filed meanwhile) as a refusal the form shows.
func formConflict(err error) error {
	var ce *storage.ClaimConflictError
	switch {
	case errors.As(err, &ce):
		return conflictError(err)
	case errors.Is(err, storage.ErrConflict):
		return &httpError{status: http.StatusConflict, msg: strings.TrimSuffix(err.Error(), ": "+storage.ErrConflict.Error())}
	}
	return err
}

// postedNewClaim is the new-claim form as posted, for message m (nil:
// none), with the referrers it offers.
func (s *Server) postedNewClaim(r *http.Request, m *storage.MessageDetail) (newClaimView, error) {
	offices, err := s.actingOffices(r)
	if err != nil {
		return newClaimView{}, err
	}
	v := newClaimView{In: claimFormInput(r), Offices: offices, Referrer: participantItem{Role: "referred_by",
		Name: r.PostFormValue("p_name"), Email: r.PostFormValue("p_email"), Phone: r.PostFormValue("p_phone")}}
	v.Office, _ = strconv.ParseInt(r.PostFormValue("office_id"), 10, 64)
	if m != nil {
		v.Office, v.From = m.OfficeID, mailOf(*m)
	}
	v.Referrers, err = s.referrers(r.Context(), offices, cmp.Or(v.Office, officeOf(offices)))
	return v, err
}

// newClaimOfForm is the claim form v describes and its referrer; an error
// says what is wrong with it.
func (s *Server) newClaimOfForm(r *http.Request, v newClaimView) (storage.Claim, []storage.ClaimParticipant, error) {
	c, err := v.In.claim()
	if err != nil {
		return c, nil, err
	}
	if v.Office == 0 && len(v.Offices) > 1 {
		return c, nil, badRequest("choose the office the claim is for")
	}
	if c.OfficeID, err = officeForNewClaim(scopeFrom(r.Context()), cmp.Or(v.Office, officeOf(v.Offices))); err != nil {
		return c, nil, err
	}
	if c.LossType == "" {
		// "Supply line burst" is a water loss: its job number says so.
		c.LossType = classify.LossTypeOf(c.LossDescription)
	}
	ps, err := formReferrer(r, v.Referrers)
	return c, ps, err
}

// createClaimRecord creates claim c with its participants ps and, for a
// claim made from message m, files m into it, all in one transaction.
func (s *Server) createClaimRecord(ctx context.Context, c storage.Claim, ps []storage.ClaimParticipant, m *storage.MessageDetail) (storage.Claim, error) {
	actor := actorFrom(ctx)
	opened := storage.Opening{How: storage.OpenedByHand, Actor: actor}
	var types map[string]string
	if m != nil {
		var err error
		if types, err = s.db.PartDocTypes(ctx, m.ID); err != nil {
			return storage.Claim{}, err
		}
		opened.How, opened.MessageID = storage.OpenedFromMail, m.ID
	}
	// Job numbers carry the office's year.
	at := s.now().In(s.rulesOf(c.OfficeID).Calendar.Location())
	var (
		created storage.Claim
		res     ingest.FileResult
	)
	err := s.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if created, err = storage.CreateClaimRecordTx(ctx, tx, c, ps, s.opts.JobPattern, at, opened); err != nil {
			return err
		}
		if m != nil {
			req := ingest.MoveRequest{MessageID: m.ID, ToClaimID: created.ID, Actor: actor, DocTypes: types}
			if res, err = s.opts.Filer.MoveTx(ctx, tx, req); err != nil {
				return err
			}
		}
		// After the move: the message filed is out of triage.
		return s.rematchNaming(ctx, tx, []storage.Claim{created})
	})
	if err == nil && m != nil {
		s.publishFiled(ctx, m.ID, res)
	}
	return created, err
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
		AdjusterEmail: f("adjuster_email"), DateOfLoss: f("date_of_loss"), AdjusterFileNumber: f("adjuster_file_number"),
	}
}
