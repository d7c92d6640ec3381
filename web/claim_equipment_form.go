package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/equipmentlog"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// equipmentSection is the claim page's equipment log: its lines, what mail
// proposes for it, and the forms that change it.
type equipmentSection struct {
	Lines     []equipmentLine
	Proposals []proposalView
	// Dismissed are the proposals people dismissed, the latest first:
	// listed folded, each to restore.
	Dismissed []proposalView
	Kinds     []kindOption
	Approvals []kindOption
	// Documents are the claim's documents a line may ask the carrier to
	// approve (a vendor's invoice or quote).
	Documents []kindOption
	// Max bounds the forms' times: equipment is logged once it moved. In
	// the office's wall clock, as the forms send it.
	Max string
	// Home is the viewer's zone: the lines' times, on their office's
	// clock, name theirs when it is not the viewer's.
	Home *time.Location
	// Notifies says a pickup emails the foreman and the estimator.
	Notifies bool
}

// approvalBadge is the badge an approval state wears: waiting is due
// soon, a denial is overdue (the equipment is not paid for), an approval
// is met.
func approvalBadge(approval string) string {
	switch approval {
	case equipment.ApprovalApproved:
		return "met"
	case equipment.ApprovalDenied:
		return "overdue"
	}
	return "due_soon"
}

// kindOption is one choice of a select.
type kindOption struct{ Value, Label string }

// equipmentLine is one line of the log as the page shows it.
type equipmentLine struct {
	storage.Equipment
	Label string
	// DaysText are the days billed in words; empty when never placed.
	DaysText string
	// ApprovalLabel says the approval in words, empty when none is
	// needed, and ApprovalBadge is the badge it wears.
	ApprovalLabel, ApprovalBadge string
	// CanAsk offers writing the approval request to the adjuster: the
	// approval is needed and no request has gone yet.
	CanAsk bool
	// AskMail writes the approval request in the mail program where
	// claimdesk cannot send: the approval is needed, nobody asked yet, and
	// the claim names its adjuster's address. Beside it, a form marks the
	// request sent once it went from there.
	AskMail *mailLink
	// Asked says the request went and the answer is awaited.
	Asked bool
	// Document names the vendor's document the line is about.
	Document string
	// CanHaul offers the swap (haul) of a dumpster or pod on the job, and
	// HaulsText says its hauls: "2 hauls: Tue Dec 1, Fri Dec 4".
	CanHaul   bool
	HaulsText string
	// HaulKey is the swap form's own key: the form sent twice logs one
	// haul.
	HaulKey string
	// PlacedInput and PickedUpInput are its times as the edit form's
	// fields hold them, in the office's wall clock; empty when not set.
	PlacedInput, PickedUpInput string
}

// askedFormView is the "I sent it" button of equipment line ID's approval
// request, written in the mail program, with its form's CSRF token.
type askedFormView struct {
	ID   int64
	CSRF string
}

var approvalLabels = map[string]string{
	equipment.ApprovalNotNeeded: "No approval needed",
	equipment.ApprovalRequested: "Approval requested",
	equipment.ApprovalApproved:  "Approved by the carrier",
	equipment.ApprovalDenied:    "Denied by the carrier",
}

// addClaimEquipment fills the claim page's equipment section, its times
// on the claim's office's clock, as its forms read them, named when it is
// not the viewer's (home).
func (s *Server) addClaimEquipment(ctx context.Context, v *claimView, home *time.Location) error {
	lines, err := s.db.ClaimEquipment(ctx, v.C.ID)
	if err != nil {
		return err
	}
	loc := s.zoneOf(v.C.OfficeID)
	sec := equipmentSection{Max: s.now().In(loc).Format(stageTimeLayout), Home: home, Notifies: s.opts.Outbox != nil}
	for _, k := range equipment.Kinds {
		sec.Kinds = append(sec.Kinds, kindOption{k, equipment.KindLabel(k)})
	}
	for _, a := range equipment.Approvals {
		sec.Approvals = append(sec.Approvals, kindOption{a, approvalLabels[a]})
	}
	docs, err := s.db.ClaimDocuments(ctx, v.C.ID, 0, maxApprovalDocuments)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, d := range docs {
		names[d.ID] = d.Filename
		sec.Documents = append(sec.Documents, kindOption{strconv.FormatInt(d.ID, 10), d.Filename + " (" + documentLabel(d) + ")"})
	}
	for _, e := range lines {
		l := s.equipmentLineOf(e)
		if e.DocumentID != nil {
			l.Document = names[*e.DocumentID]
		}
		if e.Approval == equipment.ApprovalRequested {
			l.Asked = e.ApprovalAsked()
			l.CanAsk = !l.Asked && s.opts.Outbox != nil && v.C.AdjusterEmail != ""
			if !l.Asked && s.opts.Outbox == nil && v.C.AdjusterEmail != "" {
				if l.AskMail, err = s.approvalMail(ctx, v.C, e.ID); err != nil {
					return err
				}
			}
		}
		sec.Lines = append(sec.Lines, l)
	}
	markLoggedPickup(v.Stages, lines)
	markDayOnlyStages(v.Stages, lines, loc)
	if err := s.addProposals(ctx, v, &sec, lines, loc); err != nil {
		return err
	}
	v.Equipment = sec
	return nil
}

// addProposals adds to sec what mail proposes for claim v's equipment
// log (lines), waiting for a person or dismissed, their times on the
// office's clock (loc) as the lines' are.
func (s *Server) addProposals(ctx context.Context, v *claimView, sec *equipmentSection, lines []storage.Equipment, loc *time.Location) error {
	var err error
	if sec.Proposals, err = s.proposalViews(ctx, v.C.ID, lines, sec.Home); err != nil {
		return err
	}
	for i := range sec.Proposals { // the time the line would take, told as the lines' are
		sec.Proposals[i].At = sec.Proposals[i].At.In(loc)
	}
	proposeStages(v.Stages, sec.Proposals, lines)
	dismissed, err := s.db.DismissedEquipmentProposals(ctx, v.C.ID)
	if err != nil {
		return err
	}
	for _, p := range dismissed {
		p.At = p.At.In(loc)
		if p.DecidedAt != nil {
			at := p.DecidedAt.In(loc)
			p.DecidedAt = &at
		}
		sec.Dismissed = append(sec.Dismissed, proposalView{EquipmentProposal: p, Says: proposalWords(p)})
	}
	return nil
}

// equipmentLineOf is line e as the claim page shows it, its times and
// days on its office's clock, with a new swap form's key.
func (s *Server) equipmentLineOf(e storage.Equipment) equipmentLine {
	loc := s.zoneOf(e.OfficeID)
	e = s.lineInZone(e)
	l := equipmentLine{Equipment: e, Label: equipment.KindLabel(e.Kind),
		PlacedInput: inputTime(e.PlacedAt), PickedUpInput: inputTime(e.PickedUpAt)}
	l.CanHaul = equipment.IsHauled(e.Kind) && e.PlacedAt != nil && e.PickedUpAt == nil
	if l.CanHaul {
		l.HaulKey = formKey()
	}
	l.HaulsText = haulsWords(e.Hauls, loc)
	if d := equipmentlog.BilledDays(e, s.now(), loc); d != nil {
		l.DaysText = fmt.Sprintf("%d days", *d)
		if *d == 1 {
			l.DaysText = "1 day"
		}
	}
	if e.Approval != equipment.ApprovalNotNeeded {
		l.ApprovalLabel, l.ApprovalBadge = approvalLabels[e.Approval], approvalBadge(e.Approval)
	}
	return l
}

// markLoggedPickup marks the pickup stage the equipment log sets: once
// the log (lines) holds drying equipment, the log alone says when it was
// picked up.
func markLoggedPickup(stages []stageView, lines []storage.Equipment) {
	for i := range stages {
		if stages[i].Stage == storage.StageEquipmentPickedUp {
			stages[i].FromLog = slices.ContainsFunc(lines, func(e storage.Equipment) bool { return equipment.IsDrying(e.Kind) })
		}
	}
}

// markDayOnlyStages marks the stages the equipment log (lines) gives on a
// day alone: the work started by a placement, the pickup by a pickup,
// told on the office's clock (loc) as their lines are.
func markDayOnlyStages(stages []stageView, lines []storage.Equipment, loc *time.Location) {
	for i := range stages {
		st := &stages[i]
		if st.At == nil || st.Scheduled {
			continue
		}
		day := false
		for _, e := range lines {
			switch st.Stage {
			case storage.StageWorkStarted:
				day = day || st.Source == sla.FromEquipmentLog && e.PlacedDayOnly && e.PlacedAt.Equal(*st.At)
			case storage.StageEquipmentPickedUp:
				day = day || st.FromLog && e.PickedUpDayOnly && e.PickedUpAt.Equal(*st.At)
			}
		}
		if day {
			at := st.At.In(loc)
			st.At, st.DayOnly = &at, true
		}
	}
}

// proposeStages points each stage not reached yet that mail says happened
// to the first proposal saying so, for a person to confirm: drying
// equipment placed starts the work, a pickup that leaves no drying
// equipment on the job (lines) picks the equipment up. Work the first
// drying log or mail alone says was under way is pointed to the placement
// mail says, no later than it, to confirm. Mail alone sets no stage but
// the work's start (sla.ClaimFacts.WorkStart).
func proposeStages(stages []stageView, ps []proposalView, lines []storage.Equipment) {
	says := map[storage.JobStage]func(storage.EquipmentProposal) bool{
		storage.StageWorkStarted: func(p storage.EquipmentProposal) bool {
			return p.Action == equipment.ActionPlaced && equipment.IsDrying(p.Kind)
		},
		storage.StageEquipmentPickedUp: func(p storage.EquipmentProposal) bool {
			return p.Action == equipment.ActionPickedUp && pickupLeavesNone(p, lines)
		},
	}
	for i, st := range stages {
		unconfirmed := st.At != nil && (st.Source == sla.FromDryingLog || st.Source == sla.FromMail)
		if (st.At != nil && !unconfirmed) || says[st.Stage] == nil {
			continue
		}
		for _, p := range ps {
			if says[st.Stage](p.EquipmentProposal) && (!unconfirmed || !p.At.After(*st.At)) {
				stages[i].Proposed = &p.EquipmentProposal
				// A start the mail gives on a day alone is told so.
				stages[i].DayOnly = st.DayOnly || st.Source == sla.FromMail && p.DayOnly && p.At.Equal(*st.At)
				break
			}
		}
	}
}

// pickupLeavesNone reports whether confirming pickup proposal p would
// leave none of the drying equipment in lines on the job, as applyPickup
// in equipmentlog confirms it: the equipment as a whole picks up what was
// placed before the mail; a kind picks up as many of that kind as it
// says.
func pickupLeavesNone(p storage.EquipmentProposal, lines []storage.Equipment) bool {
	all := p.Kind == equipment.AllDrying
	if !all && !equipment.IsDrying(p.Kind) {
		return false
	}
	left := p.Count
	for _, e := range lines {
		switch {
		case e.PickedUpAt != nil || !equipment.IsDrying(e.Kind):
		case all && (e.PlacedAt == nil || e.PlacedAt.After(p.At)):
			return false
		case !all && e.Kind != p.Kind:
			return false
		case !all:
			left -= e.Count
		}
	}
	return left >= 0
}

// maxApprovalDocuments bounds the documents the add form offers.
const maxApprovalDocuments = 500

// lineInZone is line e with its times on its office's clock, as the
// claim page shows them.
func (s *Server) lineInZone(e storage.Equipment) storage.Equipment {
	e.PlacedAt = s.inOfficeZone(e.PlacedAt, e.OfficeID)
	e.PickedUpAt = s.inOfficeZone(e.PickedUpAt, e.OfficeID)
	e.ApprovalAt = s.inOfficeZone(e.ApprovalAt, e.OfficeID)
	e.Hauls = slices.Clone(e.Hauls)
	for i := range e.Hauls {
		e.Hauls[i].At = *s.inOfficeZone(&e.Hauls[i].At, e.OfficeID)
	}
	return e
}

// lineZone is the time zone of equipment line id's office: its forms'
// times are typed on that clock.
func (s *Server) lineZone(ctx context.Context, id int64) (*time.Location, error) {
	office, err := s.db.OfficeOf(ctx, storage.KindEquipment, id)
	if err != nil {
		return nil, s.equipmentError(id, err)
	}
	return s.zoneOf(office), nil
}

// formTimeIn reads a datetime-local field in the wall clock of loc; empty
// is now.
func (s *Server) formTimeIn(r *http.Request, name string, loc *time.Location) (time.Time, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return s.now(), nil
	}
	at, err := wallTime(stageTimeLayout, v, loc)
	if err != nil {
		return at, badRequest("%s: want a date and time like 2026-03-04T15:30, got %q", name, v)
	}
	return at, nil
}

// equipmentTimeIn reads an equipment form's time field as formTimeIn
// does, or a date without a time (typed where the browser offers no time
// picker): that day alone (dayOnly), at equipment.OnDay as a day named in
// mail is, and today before then, now.
func (s *Server) equipmentTimeIn(r *http.Request, name string, loc *time.Location) (at time.Time, dayOnly bool, err error) {
	day, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(r.PostFormValue(name)), loc)
	if err != nil {
		at, err = s.formTimeIn(r, name, loc)
		if err != nil {
			err = badRequest("%s: want a date and time like 2026-03-04T15:30, or a date like 2026-03-04, got %q", name, r.PostFormValue(name))
		}
		return at, false, err
	}
	at, now := equipment.OnDay(day, loc), s.now()
	if at.After(now) && at.Equal(equipment.OnDay(now, loc)) {
		at = now // today, before its noon: so far today
	}
	return at, true, nil
}

// inputTime is at, on its office's clock, as a datetime-local field holds
// it; empty for nil.
func inputTime(at *time.Time) string {
	if at == nil {
		return ""
	}
	return at.Format(stageTimeLayout)
}

// handleEquipmentAddForm is the claim page's "Add equipment" form.
func (s *Server) handleEquipmentAddForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := equipmentlog.Change{Kind: equipmentlog.To(r.PostFormValue("kind"))}
	if v := strings.TrimSpace(r.PostFormValue("count")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			s.fail(w, r, badRequest("count: want a number, got %q", v))
			return
		}
		in.Count = equipmentlog.To(n)
	}
	// Read as the API's add does: a claim that does not exist answers in
	// the words one of another office does.
	c, err := s.lookupClaim(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	at, day, err := s.equipmentTimeIn(r, "placed_at", s.zoneOf(c.OfficeID))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in.PlacedAt, in.PlacedDayOnly = equipmentlog.To(at), day
	in.Vendor = equipmentlog.To(r.PostFormValue("vendor"))
	in.Note = equipmentlog.To(r.PostFormValue("note"))
	if a := r.PostFormValue("approval"); a != "" {
		in.Approval = equipmentlog.To(a)
	}
	if v := r.PostFormValue("document_id"); v != "" {
		doc, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.fail(w, r, badRequest("document_id: want a number, got %q", v))
			return
		}
		in.DocumentID = equipmentlog.To(doc)
	}
	e, err := s.addEquipment(ctx, id, in)
	if err != nil {
		s.fail(w, r, equipmentFormError(err))
		return
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d#equipment-%d", id, e.ID)), http.StatusSeeOther)
}

// handleEquipmentForm is a line's forms on the claim page: "Mark picked
// up" (all of it or some, now or the time given), the line's edit, and the
// approval.
func (s *Server) handleEquipmentForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var e storage.Equipment
	switch r.PostFormValue("action") {
	case "pickup":
		e, err = s.pickUpFromForm(ctx, r, id)
	case "edit":
		var in equipmentlog.Change
		if in, err = s.equipmentEdit(ctx, r, id); err == nil {
			e, err = s.updateEquipment(ctx, id, in)
		}
	case "approval":
		e, err = s.updateEquipment(ctx, id, equipmentlog.Change{Approval: equipmentlog.To(r.PostFormValue("approval"))})
	case "asked":
		e, err = s.markApprovalAsked(ctx, id)
	case "haul":
		e, err = s.haulFromForm(ctx, r, id)
	case "unhaul":
		e, err = s.removeHaulFromForm(ctx, r, id)
	default:
		err = badRequest("action: want pickup, edit, approval, asked, haul or unhaul")
	}
	if err != nil {
		s.fail(w, r, equipmentFormError(err))
		return
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d#equipment-%d", e.ClaimID, e.ID)), http.StatusSeeOther)
}

// markApprovalAsked records that the signed-in person sent line id's
// approval request from their own mail program, now: the line then waits
// for the answer as one whose request claimdesk sent.
func (s *Server) markApprovalAsked(ctx context.Context, id int64) (storage.Equipment, error) {
	actor := actorFrom(ctx)
	e, err := s.db.MarkApprovalAsked(ctx, id, actor, s.now())
	if errors.Is(err, storage.ErrConflict) {
		return e, &httpError{status: http.StatusConflict,
			msg: "This equipment no longer waits for the carrier's approval: there is no request to mark sent."}
	}
	if err != nil {
		return e, s.equipmentError(id, err)
	}
	s.log.Info("approval request marked sent", "claim_id", e.ClaimID, "equipment_id", id, "actor", actor)
	return e, nil
}

// haulsWords say a line's hauls and their days: "2 hauls: Tue Dec 1, Fri
// Dec 4"; empty for none.
func haulsWords(hauls []storage.Haul, loc *time.Location) string {
	if len(hauls) == 0 {
		return ""
	}
	days := make([]string, len(hauls))
	for i, h := range hauls {
		days[i] = h.At.In(loc).Format("Mon Jan 2")
	}
	n := "1 haul"
	if len(hauls) > 1 {
		n = fmt.Sprintf("%d hauls", len(hauls))
	}
	return n + ": " + strings.Join(days, ", ")
}

// haulFromForm records the swap form's haul of line id: when (empty:
// now, else on the clock of the line's office), with its note. The form
// sent again (a double click, a page sent again by the browser) carries
// the same key and logs nothing more; a new form has a new key.
func (s *Server) haulFromForm(ctx context.Context, r *http.Request, id int64) (storage.Equipment, error) {
	a := haulAsk{Note: r.PostFormValue("note"), Key: r.PostFormValue("idempotency_key")}
	if strings.TrimSpace(r.PostFormValue("hauled_at")) != "" {
		loc, err := s.lineZone(ctx, id)
		if err != nil {
			return storage.Equipment{}, err
		}
		at, err := s.formTimeIn(r, "hauled_at", loc)
		if err != nil {
			return storage.Equipment{}, err
		}
		a.At = &at
	}
	e, _, err := s.logHaul(ctx, id, a)
	if errors.Is(err, storage.ErrKeyReused) {
		err = &httpError{status: http.StatusUnprocessableEntity, msg: "This form logged a swap already, with another time or note. " +
			"To log another swap, reload the page and use its form; to correct the one logged, remove it under Hauls and log it again."}
	}
	return e, err
}

// removeHaulFromForm removes haul haul_id of line id, logged by mistake.
func (s *Server) removeHaulFromForm(ctx context.Context, r *http.Request, id int64) (storage.Equipment, error) {
	haul, err := strconv.ParseInt(r.PostFormValue("haul_id"), 10, 64)
	if err != nil {
		return storage.Equipment{}, badRequest("haul_id: want a number, got %q", r.PostFormValue("haul_id"))
	}
	return s.removeHaul(ctx, id, haul)
}

// equipmentRefusalWords say the log's refusals, which name the API's
// fields, in the claim page's words.
var equipmentRefusalWords = strings.NewReplacer(
	"picked_up_at: before placed_at", "the pickup time is before the time the equipment was placed",
	"picked_up_at: in the future", "the pickup time is still to come",
	"picked_up_at", "picked up", "placed_at", "placed", "document_id", "vendor's document")

// equipmentFormError is err as the claim page's equipment forms say it.
func equipmentFormError(err error) error {
	var refusal *equipmentlog.Refusal
	if errors.As(err, &refusal) {
		return badRequest("%s", equipmentRefusalWords.Replace(refusal.Reason))
	}
	return err
}

// pickUpFromForm marks line id picked up as the pickup form says: how
// many (empty: all) and when (empty: now, else on the clock of the line's
// office).
func (s *Server) pickUpFromForm(ctx context.Context, r *http.Request, id int64) (storage.Equipment, error) {
	loc, err := s.lineZone(ctx, id)
	if err != nil {
		return storage.Equipment{}, err
	}
	at, day, err := s.equipmentTimeIn(r, "picked_up_at", loc)
	if err != nil {
		return storage.Equipment{}, err
	}
	count := 0
	if v := strings.TrimSpace(r.PostFormValue("count")); v != "" {
		if count, err = strconv.Atoi(v); err != nil || count < 1 {
			return storage.Equipment{}, badRequest("count: want how many were picked up, got %q", v)
		}
	}
	return s.pickUpEquipment(ctx, id, count, at, day)
}

// equipmentEdit reads line id's edit form: every field is sent, a time
// changed from the one shown (name_was) is set, on the clock of the line's
// office, and one emptied is cleared (not placed yet, still on the job).
func (s *Server) equipmentEdit(ctx context.Context, r *http.Request, id int64) (equipmentlog.Change, error) {
	loc, err := s.lineZone(ctx, id)
	if err != nil {
		return equipmentlog.Change{}, err
	}
	in := equipmentlog.Change{Kind: equipmentlog.To(r.PostFormValue("kind")),
		Vendor: equipmentlog.To(r.PostFormValue("vendor")), Note: equipmentlog.To(r.PostFormValue("note"))}
	v := strings.TrimSpace(r.PostFormValue("count"))
	n, err := strconv.Atoi(v)
	if err != nil {
		return in, badRequest("count: want a number, got %q", v)
	}
	in.Count = equipmentlog.To(n)
	for _, f := range []struct {
		name  string
		field *equipmentlog.Field[time.Time]
		day   *bool
	}{{"placed_at", &in.PlacedAt, &in.PlacedDayOnly}, {"picked_up_at", &in.PickedUpAt, &in.PickedUpDayOnly}} {
		// The form shows times to the minute: one sent back as shown was
		// not edited, and keeps its seconds.
		if was, ok := r.PostForm[f.name+"_was"]; ok && was[0] == r.PostFormValue(f.name) {
			continue
		}
		if strings.TrimSpace(r.PostFormValue(f.name)) == "" {
			*f.field = equipmentlog.Field[time.Time]{Set: true, Null: true}
			continue
		}
		at, day, err := s.equipmentTimeIn(r, f.name, loc)
		if err != nil {
			return in, err
		}
		*f.field, *f.day = equipmentlog.To(at), day
	}
	return in, nil
}

// proposalView is what a message proposes for the log, as the claim page
// shows it with Confirm and Dismiss.
type proposalView struct {
	storage.EquipmentProposal
	// Says is the proposal in words: "Picked up 4 air movers".
	Says string
	// AlreadyLogged are the lines that may be the equipment a placement
	// speaks of (equipmentlog.AlreadyLogged), and AlreadyLoggedSays says
	// them: "2 air scrubbers already logged, placed Fri Nov 27 14:00".
	// With them the page offers the proposal as the same equipment first.
	AlreadyLogged     []storage.Equipment
	AlreadyLoggedSays string
	// AskCount says the mail named the kind without saying how many:
	// confirming it takes the count.
	AskCount bool
}

// proposalViews are claim claimID's proposals waiting for a person, each
// checked against the claim's equipment log (lines), whose times name
// their zone when it is not the viewer's (home; nil names none).
func (s *Server) proposalViews(ctx context.Context, claimID int64, lines []storage.Equipment, home *time.Location) ([]proposalView, error) {
	ps, err := s.db.ClaimEquipmentProposals(ctx, claimID)
	if err != nil {
		return nil, err
	}
	out := make([]proposalView, 0, len(ps))
	for _, p := range ps {
		v := proposalView{EquipmentProposal: p, Says: proposalWords(p), AlreadyLogged: equipmentlog.AlreadyLogged(p, lines),
			AskCount: p.Count == 0 && p.Kind != equipment.AllDrying && (p.Action == equipment.ActionPlaced || p.Action == equipment.ActionPickedUp)}
		v.AlreadyLoggedSays = s.alreadyLoggedWords(v.AlreadyLogged, home)
		out = append(out, v)
	}
	return out, nil
}

// claimProposalViews are claim claimID's proposals waiting for a person,
// checked against its equipment log.
func (s *Server) claimProposalViews(ctx context.Context, claimID int64) ([]proposalView, error) {
	lines, err := s.db.ClaimEquipment(ctx, claimID)
	if err != nil {
		return nil, err
	}
	return s.proposalViews(ctx, claimID, lines, nil)
}

// alreadyLoggedWords say the lines of one kind a placement may repeat:
// "2 air scrubbers already logged, placed Fri Nov 27 14:00", on their
// office's clock, named when it is not home's; empty for none.
func (s *Server) alreadyLoggedWords(lines []storage.Equipment, home *time.Location) string {
	if len(lines) == 0 {
		return ""
	}
	count := 0
	var when []string
	for _, e := range lines {
		count += e.Count
		w := "not placed yet"
		switch {
		case e.PlacedAt != nil && e.PlacedDayOnly:
			w = "placed " + e.PlacedAt.In(s.zoneOf(e.OfficeID)).Format("Mon Jan 2")
		case e.PlacedAt != nil:
			w = "placed " + officeClock(e.PlacedAt.In(s.zoneOf(e.OfficeID)), "Mon Jan 2 15:04", home)
		}
		if !slices.Contains(when, w) {
			when = append(when, w)
		}
	}
	return equipmentWords(lines[0].Kind, count) + " already logged, " + strings.Join(when, " and ")
}

// equipmentWords say count items of kind: "1 air scrubber", "4 air
// movers".
func equipmentWords(kind string, count int) string {
	what := fmt.Sprintf("%d %s", count, strings.ToLower(equipment.KindLabel(kind)))
	if count == 0 { // the mail did not say how many
		what = strings.ToLower(equipment.KindLabel(kind))
	}
	if count != 1 {
		what += "s"
	}
	return what
}

// proposalWords says a proposal in a sentence.
func proposalWords(p storage.EquipmentProposal) string {
	if p.Action == equipment.ActionPickedUp && p.Kind == equipment.AllDrying {
		return "Picked up all the drying equipment"
	}
	what := equipmentWords(p.Kind, p.Count)
	switch p.Action {
	case equipment.ActionPlaced:
		if p.Address != "" {
			return "Placed " + what + " at " + p.Address
		}
		return "Placed " + what
	case equipment.ActionPickedUp:
		return "Picked up " + what
	case equipment.ApprovalApproved:
		return "The adjuster approved it"
	case equipment.ApprovalDenied:
		return "The adjuster denied it"
	}
	return p.Action
}

// handleProposalForm is a proposal's Confirm and Dismiss buttons on the
// claim page, with how many when the mail did not say.
func (s *Server) handleProposalForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status, count := storage.ProposalDismissed, 0
	if r.PostFormValue("decision") == "confirm" {
		status = storage.ProposalConfirmed
		if v := strings.TrimSpace(r.PostFormValue("count")); v != "" {
			if count, err = strconv.Atoi(v); err != nil {
				s.fail(w, r, badRequest("count: want a number, got %q", v))
				return
			}
		}
	}
	p, err := s.decideProposal(ctx, id, status, count)
	if err != nil {
		s.fail(w, r, equipmentFormError(err))
		return
	}
	http.Redirect(w, r, formNext(r, fmt.Sprintf("/claims/%d#equipment", p.ClaimID)), http.StatusSeeOther)
}

// decideProposal confirms or dismisses proposal id (status) as the
// caller; count is how many when its mail did not say.
func (s *Server) decideProposal(ctx context.Context, id int64, status string, count int) (storage.EquipmentProposal, error) {
	actor := actorFrom(ctx)
	p, err := s.equipmentLog().Decide(ctx, id, status, actor, count)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return p, &httpError{status: http.StatusNotFound, msg: fmt.Sprintf("proposal %d not found", id)}
	case errors.Is(err, storage.ErrConflict):
		return p, &httpError{status: http.StatusConflict, msg: fmt.Sprintf("proposal %d was decided already", id)}
	case err == nil:
		s.log.Info("equipment proposal decided", "proposal_id", id, "claim_id", p.ClaimID, "status", status, "actor", actor)
	}
	return p, err
}
