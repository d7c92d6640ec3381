package sla

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// DocType is the kind of a filed document; the strings are the product's
// doc types, shared with classification and storage.
type DocType string

// The doc types a claim's paperwork is made of.
const (
	DocPhoto     DocType = "photo"      // job site photos
	DocATP       DocType = "atp"        // Authorization To Perform, signed before work
	DocATR       DocType = "atr"        // Authorization To Repair, the homeowner's contract for the rebuild
	DocCOS       DocType = "cos"        // Certificate Of Satisfaction, signed at completion
	DocWaiver    DocType = "waiver"     // signed release
	DocEstimate  DocType = "estimate"   // Xactimate estimate (ESX or PDF)
	DocSketch    DocType = "sketch"     // floor plan sketch
	DocScope     DocType = "scope"      // scope of work, including the 24-hour scope notes
	DocLabReport DocType = "lab_report" // ITEL lab report on flooring samples
	DocInvoice   DocType = "invoice"    // invoice
	DocDryingLog DocType = "drying_log" // daily moisture readings
	// DocVendorInvoice is an invoice from outside the office (a vendor's:
	// dumpsters, labs, subcontractors). It is filed as an invoice and
	// listed apart: it is never the office's own billing.
	DocVendorInvoice DocType = "vendor_invoice"
)

// checklistOrder is the order the checklist is shown in: roughly the order
// a job produces its paperwork.
var checklistOrder = []DocType{DocPhoto, DocScope, DocEstimate, DocSketch, DocDryingLog, DocATP, DocATR, DocWaiver, DocCOS,
	DocLabReport, DocInvoice, DocVendorInvoice}

// signedForms are signed by the homeowner, and a coordinator must check
// each was signed correctly.
var signedForms = []DocType{DocATP, DocATR, DocWaiver, DocCOS}

// technicianDocs are what technicians send from the job; when none arrive,
// the coordinator chases them.
var technicianDocs = []DocType{DocPhoto, DocScope, DocDryingLog, DocATP, DocATR, DocWaiver, DocCOS}

// firstDocs are the job's first documents: the photos and the 24-hour
// scope.
var firstDocs = []DocType{DocPhoto, DocScope}

// FirstDocs are the documents MilestoneFirstDocs waits for, which a new
// job's chase asks for too.
func FirstDocs() []DocType { return slices.Clone(firstDocs) }

// The roles a document is asked of (see AskedOf).
const (
	AskTechnician = "technician"
	AskEstimator  = "estimator"
	AskLab        = "lab"
	AskOffice     = "office"
)

// AskedOf is whose job it is to send a document of type t: the
// technician's (or foreman's) from the job, the estimator's estimate and
// sketch, the lab's report, and the office's own invoice. Reminders, the
// next steps and the billing column all ask by it.
func (t DocType) AskedOf() string {
	switch {
	case t == DocEstimate || t == DocSketch:
		return AskEstimator
	case t == DocLabReport:
		return AskLab
	case slices.Contains(technicianDocs, t):
		return AskTechnician
	}
	return AskOffice
}

// Document is one document filed to a claim.
type Document struct {
	Type       DocType
	ReceivedAt time.Time
	// CheckedAt is when a person last checked a signed form's signatures,
	// either way; nil while nobody has.
	CheckedAt *time.Time
}

// ClaimFacts are what is known about a claim's job. Optional instants are
// nil when they have not happened; any instant after now counts as not yet
// happened, save a pickup scheduled (EquipmentPickup).
type ClaimFacts struct {
	// OpenedAt is when the claim started: the assignment was received.
	OpenedAt time.Time
	// Documents are the documents filed to the claim.
	Documents []Document
	// Verified holds, per signed form (atp, atr, cos, waiver), when a
	// coordinator confirmed it was signed correctly.
	Verified map[DocType]time.Time
	// Rejected holds, per signed form, the latest check that found it
	// wrong (the wrong form signed): until a form of the type is verified
	// right, the claim has an urgent task to get it signed again, due by
	// the close of the next business day after the rejection's.
	Rejected map[DocType]Rejection
	// Drying is set for jobs with drying equipment, which owe drying logs.
	Drying bool
	// WorkStartedAt is when mitigation work began, as a person recorded
	// it; see WorkStart for when work began by everything known.
	WorkStartedAt *time.Time
	// EquipmentPlacedAt is when the first drying equipment was set on the
	// job, from the equipment log; nil when the log holds none.
	EquipmentPlacedAt *time.Time
	// MailPlacedAt is when mail first says drying equipment was placed,
	// while that waits for a person to confirm it into the equipment log;
	// nil when no mail says so, or a person dismissed what it says.
	MailPlacedAt *time.Time
	// EquipmentPlacedDayOnly and MailPlacedDayOnly say EquipmentPlacedAt
	// and MailPlacedAt are a day alone, no time of it known (they stand at
	// noon of it): work that starts then is known to start that day, and
	// the ATP is due by its close.
	EquipmentPlacedDayOnly, MailPlacedDayOnly bool
	// EquipmentPickedUpAt is when the drying equipment was picked up; a
	// time still ahead of now is a pickup scheduled (see EquipmentPickup).
	EquipmentPickedUpAt *time.Time
	// CompletedAt is when the job was completed.
	CompletedAt *time.Time
	// SampledAt is when a flooring sample was taken for the ITEL lab.
	SampledAt *time.Time
}

// AsOf is f as it stood at at: the documents received by then, the checks
// made by then, and the stages that had happened. A time a person
// recorded later for an earlier moment counts as it is known now.
func (f ClaimFacts) AsOf(at time.Time) ClaimFacts {
	g := f
	g.Documents = nil
	for _, d := range f.Documents {
		if !d.ReceivedAt.After(at) {
			if d.CheckedAt != nil && d.CheckedAt.After(at) {
				d.CheckedAt = nil
			}
			g.Documents = append(g.Documents, d)
		}
	}
	g.Verified = map[DocType]time.Time{}
	for t, v := range f.Verified {
		if !v.After(at) {
			g.Verified[t] = v
		}
	}
	g.Rejected = map[DocType]Rejection{}
	for t, r := range f.Rejected {
		if !r.At.After(at) {
			g.Rejected[t] = r
		}
	}
	by := func(t *time.Time) *time.Time {
		if t == nil || t.After(at) {
			return nil
		}
		return t
	}
	g.WorkStartedAt, g.EquipmentPlacedAt, g.EquipmentPickedUpAt = by(f.WorkStartedAt), by(f.EquipmentPlacedAt), by(f.EquipmentPickedUpAt)
	g.CompletedAt, g.SampledAt = by(f.CompletedAt), by(f.SampledAt)
	return g
}

// StageSource says what gives a stage of the job its time.
type StageSource string

// The sources of a stage's time.
const (
	// FromRecord: a person recorded it (the claim page, the API).
	FromRecord StageSource = "recorded"
	// FromEquipmentLog: the claim's equipment log.
	FromEquipmentLog StageSource = "equipment_log"
	// FromDryingLog: the first drying log filed to the claim.
	FromDryingLog StageSource = "drying_log"
	// FromMail: mail saying drying equipment was placed, not confirmed
	// yet.
	FromMail StageSource = "mail"
)

// WorkStart is when mitigation work began as of now, and what says so:
// the earlier of the start a person recorded and the first drying
// equipment the equipment log places on the job (setting equipment is
// work, and work may begin before it: extraction, tear-out); with
// neither, the earlier of the placement mail says, while it waits to be
// confirmed, and the first drying log received by now, whose readings show
// drying under way. ok is false while nothing says work began. The job's
// stages, the ATP's deadline, the hand-off files and the notes for the job
// system all read it here.
func (f ClaimFacts) WorkStart(now time.Time) (at time.Time, from StageSource, ok bool) {
	var first time.Time
	for _, d := range f.Documents {
		if d.Type == DocDryingLog && !d.ReceivedAt.After(now) && (first.IsZero() || d.ReceivedAt.Before(first)) {
			first = d.ReceivedAt
		}
	}
	return f.workStart(first, now)
}

// workStart is WorkStart given the first drying log's arrival (zero when
// none came).
func (f ClaimFacts) workStart(dryingLog, now time.Time) (time.Time, StageSource, bool) {
	mail := f.MailPlacedAt != nil && !f.MailPlacedAt.After(now)
	switch {
	case f.WorkStartedAt != nil && (f.EquipmentPlacedAt == nil || !f.EquipmentPlacedAt.Before(*f.WorkStartedAt)):
		return *f.WorkStartedAt, FromRecord, true
	case f.EquipmentPlacedAt != nil:
		return *f.EquipmentPlacedAt, FromEquipmentLog, true
	case mail && (dryingLog.IsZero() || f.MailPlacedAt.Before(dryingLog)):
		return *f.MailPlacedAt, FromMail, true
	case !dryingLog.IsZero():
		return dryingLog, FromDryingLog, true
	}
	return time.Time{}, "", false
}

// startsOnDay reports whether a work start from source is a day alone
// (ClaimFacts.EquipmentPlacedDayOnly, MailPlacedDayOnly).
func (f ClaimFacts) startsOnDay(source StageSource) bool {
	switch source {
	case FromEquipmentLog:
		return f.EquipmentPlacedDayOnly
	case FromMail:
		return f.MailPlacedDayOnly
	}
	return false
}

// EquipmentPickup is the pickup of the job's drying equipment as of now,
// the one reading of it that the job's stage, the COS's deadline and
// alert, and the COS reminder all take: picked up at at, or, with at
// still ahead of now, a pickup scheduled then. ok is false while no
// pickup is recorded.
func (f ClaimFacts) EquipmentPickup(now time.Time) (at time.Time, scheduled, ok bool) {
	if f.EquipmentPickedUpAt == nil {
		return time.Time{}, false, false
	}
	return *f.EquipmentPickedUpAt, f.EquipmentPickedUpAt.After(now), true
}

// EquipmentOnJob reports whether drying equipment is on the job at now:
// the log placed it, and it is not picked up yet (a pickup scheduled ahead
// of now leaves it there until then).
func (f ClaimFacts) EquipmentOnJob(now time.Time) bool {
	_, scheduled, picked := f.EquipmentPickup(now)
	return f.EquipmentPlacedAt != nil && !f.EquipmentPlacedAt.After(now) && (!picked || scheduled)
}

// COSAt is when the job's COS is signed as of now: at the equipment's
// pickup once done, else at the job's completion once it happened, else
// at a pickup scheduled (EquipmentPickup). From then, or from now for a
// pickup scheduled, the checklist requires the COS and its milestone has
// its deadline. ok is false while none of them is known.
func (f ClaimFacts) COSAt(now time.Time) (time.Time, bool) {
	pickup, scheduled, picked := f.EquipmentPickup(now)
	switch {
	case picked && !scheduled:
		return pickup, true
	case f.CompletedAt != nil && !f.CompletedAt.After(now):
		return *f.CompletedAt, true
	}
	return pickup, picked
}

// Rejection is a coordinator's check that found a signed form wrong.
type Rejection struct {
	At     time.Time
	Reason string
}

// Window is a deadline counted in business days of a claim, day 1 being
// the business day it started (see Calendar.NthBusinessDay): due soon from
// the opening of day Warn, due at the close of day Due.
type Window struct {
	Warn, Due int
}

// Rules are the office's paperwork deadlines. A zero field takes its
// default from DefaultRules.
type Rules struct {
	// FirstDocs is how long after the assignment photos and the 24-hour
	// scope are due, in plain hours (technicians answer emergencies on
	// weekends too); a deadline that falls while the office is closed is
	// due at the close of the business day it next works.
	FirstDocs time.Duration
	// FirstDocsWarn is how long before FirstDocs runs out it shows as due soon.
	FirstDocsWarn time.Duration
	// Chase is when technicians are chased if they have sent nothing.
	Chase Window
	// Paperwork is when estimate, sketch, scope, photos and drying logs
	// must be complete.
	Paperwork Window
	// Billing is when the billing packet must be ready.
	Billing Window
	// LabReport is when the ITEL lab report is due, counted from the day
	// the flooring sample was taken.
	LabReport Window
}

// DefaultRules returns the office's standard deadlines: photos and scope
// within 24 hours, chase technicians on business days 2-3, paperwork
// complete by day 3-4, billing packet by day 10, the ITEL report within 5
// business days of sampling. The billing packet shows from day 4, the
// paperwork's deadline: what it still lacks then (an estimate, a COS) takes
// more than the day before billing to get.
func DefaultRules() Rules {
	return Rules{
		FirstDocs:     24 * time.Hour,
		FirstDocsWarn: 4 * time.Hour,
		Chase:         Window{Warn: 2, Due: 3},
		Paperwork:     Window{Warn: 3, Due: 4},
		Billing:       Window{Warn: 4, Due: 10},
		LabReport:     Window{Warn: 3, Due: 5},
	}
}

func (r Rules) withDefaults() Rules {
	def := DefaultRules()
	win := func(w, d Window) Window { return Window{cmp.Or(w.Warn, d.Warn), cmp.Or(w.Due, d.Due)} }
	return Rules{
		FirstDocs:     cmp.Or(r.FirstDocs, def.FirstDocs),
		FirstDocsWarn: cmp.Or(r.FirstDocsWarn, def.FirstDocsWarn),
		Chase:         win(r.Chase, def.Chase),
		Paperwork:     win(r.Paperwork, def.Paperwork),
		Billing:       win(r.Billing, def.Billing),
		LabReport:     win(r.LabReport, def.LabReport),
	}
}

// Validate reports every rule that makes no sense, after defaults are
// filled in.
func (r Rules) Validate() error {
	var errs []error
	if r.FirstDocs < 0 || r.FirstDocsWarn < 0 {
		errs = append(errs, errors.New("first documents: durations cannot be negative"))
	}
	r = r.withDefaults()
	if r.FirstDocsWarn > r.FirstDocs {
		errs = append(errs, fmt.Errorf("first documents: warning %s is longer than the deadline %s", r.FirstDocsWarn, r.FirstDocs))
	}
	for _, w := range []struct {
		name string
		w    Window
	}{{"chase", r.Chase}, {"paperwork", r.Paperwork}, {"billing", r.Billing}, {"lab report", r.LabReport}} {
		switch {
		case w.w.Warn < 0 || w.w.Due < 0:
			errs = append(errs, fmt.Errorf("%s: business days count from 1", w.name))
		case w.w.Warn > w.w.Due:
			errs = append(errs, fmt.Errorf("%s: warning on day %d comes after the deadline on day %d", w.name, w.w.Warn, w.w.Due))
		}
	}
	return errors.Join(errs...)
}

// MilestoneName names a claim milestone; the strings are stable for the
// dashboard and API.
type MilestoneName string

// The milestones of a claim.
const (
	// MilestoneFirstDocs: photos and the 24-hour scope are in.
	MilestoneFirstDocs MilestoneName = "first_docs"
	// MilestoneChase: technicians have sent something.
	MilestoneChase MilestoneName = "chase_technician"
	// MilestoneATP: the ATP was signed before work began.
	MilestoneATP MilestoneName = "atp_before_work"
	// MilestoneSignatures: every signed form is verified by a coordinator.
	MilestoneSignatures MilestoneName = "signatures_verified"
	// MilestonePaperwork: estimate, sketch, scope, photos and drying logs are in.
	MilestonePaperwork MilestoneName = "paperwork"
	// MilestoneCOS: the COS came in with the equipment pickup.
	MilestoneCOS MilestoneName = "cos_at_pickup"
	// MilestoneLabReport: the ITEL lab report for a flooring sample is in.
	MilestoneLabReport MilestoneName = "lab_report"
	// MilestoneBilling: the billing packet is complete.
	MilestoneBilling MilestoneName = "billing"
)

// Milestone is one deadline of a claim and where it stands.
type Milestone struct {
	Name  MilestoneName
	State State
	// Due is the deadline; zero while there is none yet (a COS before
	// pickup, an ATP before work is known to start, signatures not yet
	// checked). A rejected signed form gives the signatures one: its new
	// signed copy is due by the close of the next business day.
	Due time.Time
	// DueDay says Due is the close of a day given alone (the ATP of work
	// known to start on a day, no time): what is due is the day, and pages
	// tell it without a clock time.
	DueDay bool
	// MetAt is when the milestone was reached, nil while it is not.
	MetAt *time.Time
	// Missing lists the documents still outstanding: missing, or for a
	// signed form, not yet verified.
	Missing []DocType
	// Rejected lists the signed forms among Missing whose latest check
	// found them wrong, with why: each is an urgent task.
	Rejected []RejectedForm
	// Unverified lists the signed forms the milestone counts that are on
	// file with their signatures not verified yet: the form that met a
	// milestone reached on its arrival (the ATP before work, the COS at
	// pickup), or those among Missing of one that waits for the check
	// (the billing packet, the signatures). The checklist calls them
	// unverified too: on file, to be checked, not missing.
	Unverified []DocType
	// AfterInvoice lists, for the billing packet once the office's invoice
	// is on file, what the packet lacked when it went (a form missing, or
	// on file with its signatures not verified): nothing to get before
	// billing any more, but what the carrier may ask for.
	AfterInvoice []DocType
	// Waiting lists the documents among Missing not owed yet: the
	// billing packet's COS while the equipment is on the job (see
	// ClaimFacts.EquipmentOnJob), signed once it comes off. Nobody is asked
	// for them.
	Waiting []DocType
	// Covered lists the documents among Missing that another alert of the
	// claim asks for whenever this milestone's shows (the billing packet's
	// estimate while the paperwork is due, a form whose signatures wait for
	// their check): its alert leaves them out, and raises none when they
	// are all it lacks.
	Covered []DocType
}

// Asks are the documents the milestone's alert asks for: those it Owes,
// less those another alert asks for (Covered).
func (m Milestone) Asks() []DocType {
	var out []DocType
	for _, t := range m.Owed() {
		if !slices.Contains(m.Covered, t) {
			out = append(out, t)
		}
	}
	return out
}

// Owed are the documents among Missing owed now: all but those Waiting.
func (m Milestone) Owed() []DocType {
	var out []DocType
	for _, t := range m.Missing {
		if !slices.Contains(m.Waiting, t) {
			out = append(out, t)
		}
	}
	return out
}

// RejectedForm is a signed form type rejected on a claim and not yet
// replaced by one verified right.
type RejectedForm struct {
	Type DocType
	Rejection
}

// ItemStatus is where one document of the checklist stands.
type ItemStatus string

// The statuses of a checklist item.
const (
	// ItemPresent: received, and verified if it is a signed form.
	ItemPresent ItemStatus = "present"
	// ItemMissing: required and not received.
	ItemMissing ItemStatus = "missing"
	// ItemUnverified: a signed form received but not yet verified.
	ItemUnverified ItemStatus = "unverified"
	// ItemRejected: a signed form whose latest check found it wrong, and
	// no copy of the type left to check: a new signed copy is needed.
	ItemRejected ItemStatus = "rejected"
)

// ChecklistItem is one document type of a claim's paperwork.
type ChecklistItem struct {
	Type DocType
	// Required is false for a document on file that the claim's paperwork
	// does not take: a vendor's invoice, a lab report with no flooring
	// sample recorded. Every other line is required: by the job as it
	// stands, or, on file, by the billing packet (a waiver, an ATR, the
	// office's invoice, a COS signed before the pickup is recorded).
	Required bool
	Status   ItemStatus
	// Count is how many documents of the type are filed.
	Count int
	// FirstReceivedAt is when the first one came, nil if none did.
	FirstReceivedAt *time.Time
	// Rejected is, for a signed form, the latest check that found a copy
	// wrong while none was verified right after it; nil otherwise. With
	// Status unverified, another copy awaits its check.
	Rejected *Rejection
}

// Alert is something a coordinator should act on now.
type Alert struct {
	Milestone MilestoneName
	// State is overdue, due soon, or pending for work with no deadline
	// (signatures to verify).
	State State
	Due   time.Time
	// DueDay says Due is the close of a day given alone: the day is due
	// (Milestone.DueDay).
	DueDay  bool
	Message string
}

// ClaimReport is a claim's paperwork as of one moment.
type ClaimReport struct {
	Checklist  []ChecklistItem
	Milestones []Milestone
	Alerts     []Alert
}

// CheckClaim works out a claim's checklist, milestones and alerts at now.
//
// Required documents are photos, scope, estimate, sketch and ATP; drying
// logs on drying jobs; the COS once the equipment's pickup is done or
// scheduled, or the job is done (ClaimFacts.COSAt); the ITEL lab report
// once a flooring sample was taken; and any document on file that the
// billing packet takes (a COS before the pickup is recorded, a waiver, an
// ATR, the office's invoice). Other documents on file are listed as not
// required. Invalid rules are used as far as they make sense: a warning
// after its deadline warns on the deadline day; check them with
// Rules.Validate when configuring.
func (c *Calendar) CheckClaim(f ClaimFacts, rules Rules, now time.Time) ClaimReport {
	rep, _ := c.checkClaim(f, rules, now, c.NthBusinessDay)
	return rep
}

// Checklist is claim f's checklist at now, as CheckClaim lists it: what
// is on file and what the job lacks. It takes no calendar: which documents
// a job requires, and which it has, do not depend on deadlines.
func Checklist(f ClaimFacts, now time.Time) []ChecklistItem {
	return newClaimCheck(nil, f, Rules{}, now, nil).checklist()
}

// Lacking reports whether the job needs a document of the item's type it
// has none of: required and missing, or every signed copy rejected. An
// unverified copy is on file: it is checked, not asked for again.
func (it ChecklistItem) Lacking() bool {
	return it.Required && (it.Status == ItemMissing || it.Status == ItemRejected)
}

// OnFile reports whether checklist cl has a document of type t on file:
// received, and not rejected with no other copy to check. What is on file
// is sent or checked; what is not is asked for.
func OnFile(cl []ChecklistItem, t DocType) bool {
	return slices.ContainsFunc(cl, func(it ChecklistItem) bool {
		return it.Type == t && it.Status != ItemMissing && it.Status != ItemRejected
	})
}

// checkClaim is CheckClaim, also returning when each milestone with a
// deadline starts to show as due soon: what an alert's timeline needs. day
// is c.NthBusinessDay, or a memo of it.
func (c *Calendar) checkClaim(f ClaimFacts, rules Rules, now time.Time, day func(time.Time, int) Day) (ClaimReport, map[MilestoneName]time.Time) {
	k := newClaimCheck(c, f, rules.withDefaults(), now, day)
	rep := ClaimReport{Checklist: k.checklist()}
	rep.Milestones = append(rep.Milestones, k.firstDocs(), k.chase(), k.atp(), k.signatures(), k.paperwork(), k.cos())
	if k.sampled {
		rep.Milestones = append(rep.Milestones, k.labReport())
	}
	rep.Milestones = append(rep.Milestones, k.billing())
	k.coverBilling(rep.Milestones)
	rep.Alerts = milestoneAlerts(rep.Milestones)
	return rep, k.warns
}

// docIndex is what a claim's documents say as of now: documents received
// later, and verifications made later, do not count yet.
type docIndex struct {
	now time.Time
	// first is when the first document of each type came; count how many
	// came, unchecked how many of them nobody has checked yet.
	first     map[DocType]time.Time
	count     map[DocType]int
	unchecked map[DocType]int
	verified  map[DocType]time.Time
	rejected  map[DocType]Rejection
}

func newDocIndex(f ClaimFacts, now time.Time) docIndex {
	x := docIndex{now: now, first: map[DocType]time.Time{}, count: map[DocType]int{}, unchecked: map[DocType]int{},
		verified: f.Verified, rejected: f.Rejected}
	for _, d := range f.Documents {
		if d.ReceivedAt.After(now) {
			continue
		}
		x.count[d.Type]++
		if at, ok := x.first[d.Type]; !ok || d.ReceivedAt.Before(at) {
			x.first[d.Type] = d.ReceivedAt
		}
		if d.CheckedAt == nil || d.CheckedAt.After(now) {
			x.unchecked[d.Type]++
		}
	}
	return x
}

// verifiedAt reports when a coordinator verified the signed form t right;
// a later rejection of a form of the type undoes it.
func (x docIndex) verifiedAt(t DocType) (time.Time, bool) {
	at, ok := x.verified[t]
	if !ok || at.After(x.now) {
		return time.Time{}, false
	}
	if r, ok := x.rejectedAt(t); ok && r.After(at) {
		return time.Time{}, false
	}
	return at, true
}

// rejectedAt reports when a form of type t was last found wrong.
func (x docIndex) rejectedAt(t DocType) (time.Time, bool) {
	r, ok := x.rejected[t]
	return r.At, ok && !r.At.After(x.now)
}

// standingRejection returns the latest rejection of a form of type t that
// no form verified right has answered yet.
func (x docIndex) standingRejection(t DocType) (Rejection, bool) {
	r, ok := x.rejected[t]
	if !ok || r.At.After(x.now) {
		return Rejection{}, false
	}
	if _, ok := x.verifiedAt(t); ok {
		return Rejection{}, false
	}
	return r, true
}

// firstRight reports when the first form of type t came that counts for
// the milestones waiting on its arrival: once a form of the type was
// rejected, only when one was verified right after.
func (x docIndex) firstRight(t DocType) (time.Time, bool) {
	if _, ok := x.rejectedAt(t); ok {
		return x.verifiedAt(t)
	}
	at, ok := x.first[t]
	return at, ok
}

// ready reports when a document was complete: received, and verified if it
// is a signed form.
func (x docIndex) ready(t DocType) (time.Time, bool) {
	at, ok := x.first[t]
	if !ok {
		return time.Time{}, false
	}
	if slices.Contains(signedForms, t) {
		v, ok := x.verifiedAt(t)
		if !ok {
			return time.Time{}, false
		}
		at = latest(at, v)
	}
	return at, true
}

// claimCheck works out one claim's milestones at now, one method each,
// noting in warns when each starts to show as due soon.
type claimCheck struct {
	cal   *Calendar
	docs  docIndex
	f     ClaimFacts
	rules Rules
	now   time.Time
	day   func(time.Time, int) Day
	// cosAt is when the COS is signed (ClaimFacts.COSAt); nil while
	// not known. cosWaits is set while, with none known, the equipment is
	// on the job: the COS is signed once it comes off.
	cosAt    *time.Time
	cosWaits bool
	// sampled is set once a flooring sample was taken.
	sampled bool
	// required are the documents the job requires now; packet those the
	// billing packet takes.
	required, packet []DocType
	warns            map[MilestoneName]time.Time
}

func newClaimCheck(c *Calendar, f ClaimFacts, r Rules, now time.Time, day func(time.Time, int) Day) *claimCheck {
	k := &claimCheck{cal: c, docs: newDocIndex(f, now), f: f, rules: r, now: now, day: day, warns: map[MilestoneName]time.Time{}}
	if at, ok := f.COSAt(now); ok {
		k.cosAt = &at
	}
	k.cosWaits = k.cosAt == nil && f.EquipmentOnJob(now)
	k.sampled = f.SampledAt != nil && !f.SampledAt.After(now)

	k.required = []DocType{DocPhoto, DocScope, DocEstimate, DocSketch, DocATP}
	if f.Drying {
		k.required = append(k.required, DocDryingLog)
	}
	if k.cosAt != nil {
		k.required = append(k.required, DocCOS)
	}
	if k.sampled {
		k.required = append(k.required, DocLabReport)
	}
	// Billing needs the job finished, so the COS is in the packet even
	// before pickup makes it required; a signed form on file must be
	// checked before it is billed.
	k.packet = slices.Clone(k.required)
	if !slices.Contains(k.packet, DocCOS) {
		k.packet = append(k.packet, DocCOS)
	}
	k.packet = append(k.packet, DocInvoice)
	for _, t := range []DocType{DocATR, DocWaiver} {
		if _, ok := k.docs.first[t]; ok {
			k.packet = append(k.packet, t)
		}
	}
	return k
}

// checklist lists the required documents and those on file, in
// checklistOrder: a document on file the billing packet takes is required.
func (k *claimCheck) checklist() []ChecklistItem {
	var out []ChecklistItem
	for _, t := range checklistOrder {
		onFile := k.docs.count[t] > 0
		req := slices.Contains(k.required, t) || (onFile && slices.Contains(k.packet, t))
		if !req && !onFile {
			continue
		}
		item := ChecklistItem{Type: t, Required: req, Count: k.docs.count[t]}
		if at, ok := k.docs.first[t]; ok {
			item.FirstReceivedAt = &at
		}
		item.Status, item.Rejected = k.status(t)
		out = append(out, item)
	}
	return out
}

// status is where documents of type t stand: missing, present, or for a
// signed form on file not verified right, unverified. A signed form
// rejected, and not verified right since, is rejected while every copy on
// file has been checked, unverified while another copy awaits its check;
// the rejection is returned with either.
func (k *claimCheck) status(t DocType) (ItemStatus, *Rejection) {
	if _, ok := k.docs.first[t]; !ok {
		return ItemMissing, nil
	}
	if _, ok := k.docs.ready(t); ok {
		return ItemPresent, nil
	}
	r, ok := k.docs.standingRejection(t)
	switch {
	case !ok:
		return ItemUnverified, nil
	case k.docs.unchecked[t] == 0:
		return ItemRejected, &r
	}
	return ItemUnverified, &r
}

// unverified are the types among ts of signed forms on file whose
// signatures nobody has verified yet.
func (k *claimCheck) unverified(ts []DocType) []DocType {
	var out []DocType
	for _, t := range ts {
		if st, _ := k.status(t); st == ItemUnverified && slices.Contains(signedForms, t) {
			out = append(out, t)
		}
	}
	return out
}

// window is when a deadline of business days counted from start warns and
// falls due.
func (k *claimCheck) window(start time.Time, w Window) (warnAt, due time.Time) {
	return k.day(start, min(w.Warn, w.Due)).Open, k.day(start, w.Due).Close
}

// allOf is a milestone reached when every document in need is ready.
func (k *claimCheck) allOf(name MilestoneName, need []DocType, warnAt, due time.Time) Milestone {
	k.warns[name] = warnAt
	m := Milestone{Name: name, Due: due}
	var metAt time.Time
	for _, t := range need {
		at, ok := k.docs.ready(t)
		if !ok {
			m.Missing = append(m.Missing, t)
			continue
		}
		metAt = latest(metAt, at)
	}
	if len(m.Missing) > 0 {
		m.Unverified = k.unverified(m.Missing)
		m.State = openState(due, warnAt, k.now)
		return m
	}
	m.MetAt = &metAt
	m.State = doneState(metAt, due)
	return m
}

// firstDocs: photos and the 24-hour scope, due in plain hours after the
// claim opened, in business time (inBusinessTime).
func (k *claimCheck) firstDocs() Milestone {
	due := k.inBusinessTime(k.f.OpenedAt.Add(k.rules.FirstDocs))
	return k.allOf(MilestoneFirstDocs, firstDocs, due.Add(-min(k.rules.FirstDocsWarn, k.rules.FirstDocs)), due)
}

// inBusinessTime is deadline t where the office can see it met: t itself
// while the office is open (its closing instant included), else the close
// of the business day the office next works. Technicians send from the job
// at any hour, but 24 hours from a Friday morning is not due on the
// Saturday: photos in on the Monday morning are on time.
func (k *claimCheck) inBusinessTime(t time.Time) time.Time {
	if k.cal.IsOpen(t) || k.cal.IsOpen(t.Add(-time.Nanosecond)) {
		return t
	}
	return k.day(t, 1).Close
}

// chase: met by the first document of any kind technicians send.
func (k *claimCheck) chase() Milestone {
	warnAt, due := k.window(k.f.OpenedAt, k.rules.Chase)
	m := Milestone{Name: MilestoneChase, Due: due}
	k.warns[MilestoneChase] = warnAt
	for _, t := range technicianDocs {
		if at, ok := k.docs.first[t]; ok && (m.MetAt == nil || at.Before(*m.MetAt)) {
			m.MetAt = &at
		}
	}
	if m.MetAt != nil {
		m.State = doneState(*m.MetAt, due)
	} else {
		m.State = openState(due, warnAt, k.now)
	}
	return m
}

// atp: the ATP is due when work starts (ClaimFacts.WorkStart); when the
// start is known as a day alone, by the close of that business day (the
// next one when the office is closed that day), due soon from the day's
// first minute.
func (k *claimCheck) atp() Milestone {
	workStart, from, ok := k.f.workStart(k.docs.first[DocDryingLog], k.now)
	warnAt, due := workStart, workStart
	day := ok && k.f.startsOnDay(from)
	if day {
		warnAt = k.cal.StartOf(k.cal.DateOf(workStart))
		due = k.day(warnAt, 1).Close
	}
	k.warns[MilestoneATP] = warnAt
	m := k.receivedBy(MilestoneATP, DocATP, warnAt, due)
	m.DueDay = day
	return m
}

// receivedBy is a milestone met when a signed form of type t arrives by
// due (see receivedBy), noting when the form that met it still awaits its
// check.
func (k *claimCheck) receivedBy(name MilestoneName, t DocType, warnAt, due time.Time) Milestone {
	m := receivedBy(name, t, k.docs.firstRight, warnAt, due, k.now)
	if m.MetAt != nil {
		m.Unverified = k.unverified([]DocType{t})
	}
	return m
}

// signatures: every signed form on file verified; no deadline, pending
// until then. A rejected form is urgent work, due soon from its rejection
// and due by the close of the next business day (see resignDue).
func (k *claimCheck) signatures() Milestone {
	m := Milestone{Name: MilestoneSignatures, State: StatePending}
	var metAt, warnAt time.Time
	present := 0
	for _, t := range signedForms {
		if _, ok := k.docs.first[t]; !ok {
			continue
		}
		present++
		if v, ok := k.docs.verifiedAt(t); ok {
			metAt = latest(metAt, v)
			continue
		}
		m.Missing = append(m.Missing, t)
		if r, ok := k.docs.standingRejection(t); ok {
			m.Rejected = append(m.Rejected, RejectedForm{Type: t, Rejection: r})
			if due := k.resignDue(r.At); m.Due.IsZero() || due.Before(m.Due) {
				m.Due = due
			}
			if warnAt.IsZero() || r.At.Before(warnAt) {
				warnAt = r.At
			}
		}
	}
	m.Unverified = k.unverified(m.Missing)
	if present > 0 && len(m.Missing) == 0 {
		m.State, m.MetAt = StateMet, &metAt
	}
	if len(m.Rejected) > 0 {
		m.State = openState(m.Due, warnAt, k.now)
	}
	return m
}

// resignDue is when a new signed copy of a form rejected at is due: by the
// close of the next business day after the rejection's day: the time a
// technician needs to go back to the homeowner and send it. A rejection on
// a weekend or a holiday gives the first business day after it.
func (k *claimCheck) resignDue(at time.Time) time.Time {
	return k.day(k.cal.StartOf(k.cal.DateOf(at).AddDays(1)), 1).Close
}

// paperwork: estimate, sketch, scope, photos, and drying logs on drying
// jobs.
func (k *claimCheck) paperwork() Milestone {
	need := []DocType{DocEstimate, DocSketch, DocScope, DocPhoto}
	if k.f.Drying {
		need = append(need, DocDryingLog)
	}
	warnAt, due := k.window(k.f.OpenedAt, k.rules.Paperwork)
	return k.allOf(MilestonePaperwork, need, warnAt, due)
}

// cos: the COS is due by the close of the business day of pickup (the next
// one when the office has closed), or of completion; no deadline before
// either is known. A pickup scheduled shows it due soon at once: the
// field is asked to bring the form to it.
func (k *claimCheck) cos() Milestone {
	var warnAt, due time.Time
	if k.cosAt != nil {
		warnAt, due = *k.cosAt, k.day(*k.cosAt, 1).Close
		if k.cosAt.After(k.now) {
			warnAt = k.f.OpenedAt
		}
	}
	k.warns[MilestoneCOS] = warnAt
	return k.receivedBy(MilestoneCOS, DocCOS, warnAt, due)
}

// labReport: the ITEL report, counted from the day the sample was taken;
// only for sampled jobs.
func (k *claimCheck) labReport() Milestone {
	warnAt, due := k.window(*k.f.SampledAt, k.rules.LabReport)
	return k.allOf(MilestoneLabReport, []DocType{DocLabReport}, warnAt, due)
}

// billing: the packet is every required document, the COS, the office's
// own invoice (one it sent; a vendor's never counts), and any waiver or
// ATR on file (see newClaimCheck). The invoice on file is the packet gone:
// the milestone is reached when it came, and what the packet still lacks
// is no longer work before billing but what the carrier may ask for
// (AfterInvoice).
func (k *claimCheck) billing() Milestone {
	warnAt, due := k.window(k.f.OpenedAt, k.rules.Billing)
	invoiced, ok := k.docs.first[DocInvoice]
	if !ok {
		return k.waitForCOS(k.allOf(MilestoneBilling, k.packet, warnAt, due))
	}
	k.warns[MilestoneBilling] = warnAt
	m := Milestone{Name: MilestoneBilling, Due: due, MetAt: &invoiced, State: doneState(invoiced, due)}
	for _, t := range k.packet {
		if _, ok := k.docs.ready(t); !ok {
			m.AfterInvoice = append(m.AfterInvoice, t)
		}
	}
	return m
}

// waitForCOS notes, on billing milestone m, the COS it lacks as Waiting
// while the equipment is on the job: nobody is asked for it until the
// equipment comes off.
func (k *claimCheck) waitForCOS(m Milestone) Milestone {
	if k.cosWaits && slices.Contains(m.Missing, DocCOS) {
		m.Waiting = []DocType{DocCOS}
	}
	return m
}

// coverBilling notes, on the billing milestone of ms (the last), the
// documents it lacks that another milestone's alert asks for whenever
// billing's shows: one not reached, whose alert shows from no later than
// billing's, or the signatures to verify, listed as long as any wait. The
// billing alert then names only what no other alert does, so that an
// estimate missing on day 4 is asked for once, by the paperwork.
func (k *claimCheck) coverBilling(ms []Milestone) {
	b := &ms[len(ms)-1]
	if b.Name != MilestoneBilling || len(b.Missing) == 0 {
		return
	}
	billingFrom := shownFrom(k.warns[MilestoneBilling], b.Due)
	for _, m := range ms[:len(ms)-1] {
		shows := m.Name == MilestoneSignatures ||
			(!m.State.Done() && !m.Due.IsZero() && !shownFrom(k.warns[m.Name], m.Due).After(billingFrom))
		if !shows {
			continue
		}
		for _, t := range m.Missing {
			if slices.Contains(b.Missing, t) && !slices.Contains(b.Covered, t) {
				b.Covered = append(b.Covered, t)
			}
		}
	}
}

// shownFrom is when an alert warning at warnAt and due at due first
// shows: from its warning, or once overdue when it warns after its
// deadline (see AlertTimeline).
func shownFrom(warnAt, due time.Time) time.Time {
	if warnAt.After(due) {
		return due.Add(time.Nanosecond)
	}
	return warnAt
}

// raisesAlert reports whether milestone m, not reached and with a
// deadline, has anything for its alert to ask: a billing packet whose
// every lack another alert asks for raises none.
func (m Milestone) raisesAlert() bool {
	return m.Name != MilestoneBilling || len(m.Asks()) > 0
}

// Alert is milestone m's alert as it reads whenever it shows: a next
// step may name a milestone's work before its alert shows (the first
// documents of a new job) in the alert's words.
func (m Milestone) Alert() Alert {
	return Alert{Milestone: m.Name, State: m.State, Due: m.Due, DueDay: m.DueDay, Message: alertMessage(m)}
}

// milestoneAlerts are the milestones due soon or overdue, and signed forms
// to verify, most urgent first.
func milestoneAlerts(ms []Milestone) []Alert {
	var out []Alert
	for _, m := range ms {
		if ((m.State == StateDueSoon || m.State == StateOverdue) && m.raisesAlert()) || (m.Name == MilestoneSignatures && len(m.Missing) > 0) {
			out = append(out, m.Alert())
		}
	}
	urgency := map[State]int{StateOverdue: 0, StateDueSoon: 1, StatePending: 2}
	slices.SortStableFunc(out, func(a, b Alert) int {
		return cmp.Or(cmp.Compare(urgency[a.State], urgency[b.State]), a.Due.Compare(b.Due))
	})
	return out
}

// receivedBy is a milestone reached when a document of type t arrives by
// due; with a zero due there is no deadline yet.
func receivedBy(name MilestoneName, t DocType, first func(DocType) (time.Time, bool), warnAt, due, now time.Time) Milestone {
	m := Milestone{Name: name, Due: due}
	if at, ok := first(t); ok {
		m.MetAt = &at
		m.State = doneState(at, due)
		return m
	}
	m.Missing = []DocType{t}
	m.State = openState(due, warnAt, now)
	return m
}

func doneState(at, due time.Time) State {
	if due.IsZero() || !at.After(due) {
		return StateMet
	}
	return StateMissed
}

// docWords name document types in a sentence, for people: the alerts and
// the board never show the codes.
var docWords = map[DocType]string{
	DocPhoto: "photos", DocATP: "signed ATP (work authorization)", DocATR: "signed ATR (authorization to repair)", DocCOS: "signed COS (certificate of satisfaction)",
	DocWaiver: "signed waiver", DocEstimate: "estimate", DocSketch: "sketch", DocScope: "scope",
	DocLabReport: "lab report", DocInvoice: "invoice", DocDryingLog: "drying log", DocVendorInvoice: "vendor invoice",
}

// formNames are the short names coordinators give signed forms.
var formNames = map[DocType]string{DocATP: "ATP", DocATR: "ATR", DocCOS: "COS", DocWaiver: "Waiver"}

// DocTypeOfWords is the document type Words names w; false for words
// that name none.
func DocTypeOfWords(w string) (DocType, bool) {
	for t, words := range docWords {
		if words == w {
			return t, true
		}
	}
	return "", false
}

// Words names document type t in a sentence: "drying log", not
// "drying_log".
func (t DocType) Words() string {
	if w, ok := docWords[t]; ok {
		return w
	}
	return strings.ReplaceAll(string(t), "_", " ")
}

func alertMessage(m Milestone) string {
	missing := func() string {
		asks := m.Asks()
		names := make([]string, len(asks))
		for i, t := range asks {
			names[i] = t.Words()
		}
		return strings.Join(names, ", ")
	}
	switch m.Name {
	case MilestoneFirstDocs:
		return "photos and 24-hour scope due: missing " + missing()
	case MilestoneChase:
		return "chase technician: no documents from the job yet"
	case MilestoneATP:
		return "ATP expected before work: no signed ATP on file"
	case MilestoneSignatures:
		if len(m.Rejected) > 0 {
			return rejectedMessage(m.Rejected)
		}
		return "verify the signatures on the " + missing()
	case MilestonePaperwork:
		return "paperwork due: missing " + missing()
	case MilestoneCOS:
		return "COS due at equipment pickup: no signed COS on file"
	case MilestoneLabReport:
		return "ITEL lab report outstanding for the flooring sample"
	case MilestoneBilling:
		return "billing packet due: outstanding " + missing()
	}
	return string(m.Name)
}

// rejectedMessage is the task of a claim's rejected forms: "COS rejected:
// wrong form signed — get the right one signed".
func rejectedMessage(forms []RejectedForm) string {
	parts := make([]string, len(forms))
	for i, r := range forms {
		name, ok := formNames[r.Type]
		if !ok {
			name = r.Type.Words()
		}
		parts[i] = name + " rejected"
		if r.Reason != "" {
			parts[i] += ": " + r.Reason
		}
	}
	return strings.Join(parts, "; ") + " — get the right one signed"
}
