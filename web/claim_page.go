package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/handoff"
	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// Bounds of the claim page's lists: a claim has tens of documents and
// messages, rarely hundreds; beyond these the page says there are more.
const (
	claimPageDocuments = 1000
	claimPageMessages  = 200
	claimPageUpdates   = 50
)

// claimView is what the claim page shows.
type claimView struct {
	C              storage.Claim
	Participants   []storage.ClaimParticipant
	ForwardAddress string
	Checklist      []checklistView
	Milestones     []milestoneView
	// Alerts are the paperwork's, the most urgent first, each in the
	// words of its line in Next.
	Alerts []claimAlert
	Stages []stageView
	// Next is what to do next on the claim, most urgent first, each with
	// where it is done; NextMore the rest, folded.
	Next, NextMore []claimStep
	// Returned is the office's mail on the claim that came back and is
	// not marked seen: Next says it first.
	Returned []claimReturned
	// CanSend says claimdesk sends mail (CLAIMDESK_SMTP_URL is set): else
	// the page's email links open the coordinator's mail program.
	CanSend bool
	// UpdateMail writes the daily update to the adjuster in the mail
	// program, where claimdesk cannot send it; nil when it can, or there
	// is no adjuster address.
	UpdateMail *mailLink
	// Days are the daily updates of the last week, oldest first.
	Days      []sla.UpdateDay
	Folders   []folderView
	Documents int
	MoreDocs  bool
	// TypeChoices are the types a person may give a document, offered on
	// each one but the emails.
	TypeChoices []typeChoice
	// CanEdit is false for a read-only member of the claim's office: the
	// page shows the claim without its forms, which the server would
	// refuse.
	CanEdit  bool
	Messages []claimMessage
	MoreMsgs bool
	Updates  []storage.ClaimUpdateRow
	// Recorded is the update the viewer has just added, said where its
	// form is; nil otherwise.
	Recorded *storage.ClaimUpdateRow
	OpenedAt time.Time
	// OpenedFrom is the mail a person opened the claim from; nil when
	// opened otherwise.
	OpenedFrom *claimMail
	// Requests are what senders asked for, open ones first.
	Requests []requestView
	// CanSendUpdate offers the daily update by email to the adjuster;
	// Sent are the replies and updates sent from claimdesk about the claim.
	CanSendUpdate bool
	Sent          []outboxView
	// Drafts are emails written for the claim (a rejected form's request
	// to the technician) waiting for a person to send them.
	Drafts []draftView
	Self   string
	// StageMax bounds the stage form's time: a stage is recorded once it
	// happened. In the office's wall clock, as the form sends it.
	StageMax string
	// Record is the claim's record: what it lacks, the edit form, history.
	Record recordView
	// Equipment is the claim's equipment log and what mail proposes for it.
	Equipment equipmentSection
	// Reminders are those sent to the field, and the buttons to send one.
	Reminders claimReminders
	// ClosingNote is the final note to paste into the job system, once
	// the job is completed or the claim closed; empty before.
	ClosingNote string
	// notes is what each update's copy-ready text says of the claim
	// whatever its time (its numbers, the insured); each update keeps
	// what it says of where the claim stood (keepUpdateCopies).
	notes handoff.NotesClaim
	// actor is who views the page, and admin whether they administer the
	// claim's office: the author of a note or an administrator may change
	// it.
	actor string
	admin bool
	loc   *time.Location
	// billing is what the billing packet lacks (nil: complete); ahead
	// the first work of a new job before its alert shows (see claimWork).
	billing *storage.ClaimBilling
	ahead   []sla.Alert
	// firstDocsIn is set once the job's first documents are in: no
	// longer a new job.
	firstDocsIn bool
	// mailPDF are the emails filed as PDFs, by message.
	mailPDF map[int64]docView
}

// CopyText is update u as plain text for Restore 365 and XactAnalysis, as
// the claim stood when u was recorded. Its lines end in LF: HTML reads a
// CR in the page as a line break anyway, and the browser writes the
// clipboard in the system's own line endings.
func (v claimView) CopyText(u storage.ClaimUpdateRow) string {
	c, _ := u.Copy()
	return strings.ReplaceAll(handoff.FormatNote(withCopy(v.notes, c), handoffNote(u), v.loc), "\r\n", "\n")
}

// justRecorded is the viewer's latest note on the claim: the one the
// update form has just saved, which the page lands on.
func (v claimView) justRecorded() *storage.ClaimUpdateRow {
	for i, u := range v.Updates {
		if u.Source == "note" && u.Author == v.actor {
			return &v.Updates[i]
		}
	}
	return nil
}

// RequestsOpen counts the claim's requests still to see to: the fold of
// requests counts them apart from those done, which only say what was.
func (v claimView) RequestsOpen() int {
	n := 0
	for _, r := range v.Requests {
		if r.Status != storage.RequestDone {
			n++
		}
	}
	return n
}

// RequestsDone counts the claim's requests done.
func (v claimView) RequestsDone() int { return len(v.Requests) - v.RequestsOpen() }

// CanChangeNote says whether the viewer may edit or delete update u: a
// note of theirs, or any note for an administrator. An email stays as
// sent.
func (v claimView) CanChangeNote(u storage.ClaimUpdateRow) bool {
	return v.CanEdit && u.Source == "note" && (u.Author == v.actor || v.admin)
}

// stageView is one stage of the job and when it happened; At is nil until
// someone records it or the claim's records show it.
type stageView struct {
	Stage storage.JobStage
	Label string
	At    *time.Time
	// Source says what gave At when no person recorded it: the
	// equipment log, the first drying log.
	Source sla.StageSource
	// Scheduled says At is still to come: a pickup scheduled, for which
	// the COS is due already.
	Scheduled bool
	// DayOnly says At is a day alone, on the office's clock: the
	// equipment log's line gives the day, not the time.
	DayOnly bool
	// FromLog says the equipment log sets this stage: the stage form
	// does not offer it.
	FromLog bool
	// Proposed is mail saying the stage happened, waiting for a person to
	// confirm it in the equipment log; nil when none waits.
	Proposed *storage.EquipmentProposal
	// Record is the record At comes from when one does: a person's, mail
	// a person confirmed, a lab report. Nil when a log gives At, or nothing.
	Record *storage.StageRecord
	// Recorded is what people recorded of the stage, which its Clear takes
	// back; nil when none. Work started may show an earlier time than a
	// person's, from the equipment log.
	Recorded *storage.StageRecord
	// Then is when the stage happened once Recorded is cleared, as ThenWords
	// say; nil: not yet.
	Then      *time.Time
	ThenWords string
}

// RecordWords say who or what gave the stage the time it shows.
func (st stageView) RecordWords() string {
	if st.Record == nil {
		return ""
	}
	return recordWords(*st.Record)
}

// recordWords say who or what made r.
func recordWords(r storage.StageRecord) string {
	switch r.Source {
	case storage.StageByMail:
		return joinNonEmpty(" by ", "from mail confirmed", r.By)
	case storage.StageByLabReport:
		return joinNonEmpty(" ", "from the lab report", r.By)
	}
	return joinNonEmpty(" by ", "recorded", r.By)
}

// ClearWords say what the stage's Clear takes back.
func (st stageView) ClearWords() string {
	r := st.Recorded
	switch {
	case r.Source == storage.StageByMail && r.By != "":
		return "the pickup from mail " + r.By + " confirmed"
	case r.Source == storage.StageByMail:
		return "the pickup from mail"
	case r.By != "":
		return "the time " + r.By + " recorded"
	}
	return "the time recorded"
}

// Shadowed reports whether what people recorded is not the time the stage
// shows: the equipment log placed drying equipment earlier.
func (st stageView) Shadowed() bool {
	return st.Recorded != nil && st.Record != st.Recorded
}

// SourceWords say what gave the stage its time, for the page.
func (st stageView) SourceWords() string {
	return stageSourceWords[st.Source]
}

// stageSourceWords name what gives a stage its time when no person
// recorded it.
var stageSourceWords = map[sla.StageSource]string{
	sla.FromEquipmentLog: "from the equipment log",
	sla.FromDryingLog:    "by the first drying log",
	sla.FromMail:         "by mail saying equipment was placed",
}

// stageLabels name the job's stages for people.
var stageLabels = map[storage.JobStage]string{
	storage.StageWorkStarted:       "Work started",
	storage.StageEquipmentPickedUp: "Equipment picked up",
	storage.StageCompleted:         "Job completed",
	storage.StageSampled:           "Flooring sample sent to the lab",
}

// checklistView is one line of the paperwork checklist.
type checklistView struct {
	sla.ChecklistItem
	Label string
}

// Words say where the line stands: a rejected signed form says why, and
// that a new signed copy is needed, until one comes in.
func (c checklistView) Words() string {
	switch {
	case c.Status == sla.ItemMissing:
		return "missing"
	case c.Status == sla.ItemRejected:
		return rejectedWords(*c.Rejected) + " — new signed copy needed"
	case c.Status == sla.ItemUnverified && c.Rejected != nil:
		return fmt.Sprintf("%d on file, signature not verified (another copy %s)", c.Count, rejectedWords(*c.Rejected))
	case c.Status == sla.ItemUnverified:
		return fmt.Sprintf("%d on file, signature not verified", c.Count)
	}
	return fmt.Sprintf("%d on file", c.Count)
}

// rejectedWords say that a signed form was rejected, and why.
func rejectedWords(r sla.Rejection) string {
	if r.Reason == "" {
		return "rejected"
	}
	return "rejected: " + r.Reason
}

// milestoneView is one milestone of the timeline.
type milestoneView struct {
	sla.Milestone
	Label string
	// Missing are the document types outstanding, in words, but for the
	// signed forms on file waiting for their check: Unverified names
	// those, as the checklist calls them.
	Missing, Unverified string
	// Unlisted are those of Missing and Unverified the page's checklist
	// does not show, in words; Listed says it shows others.
	Unlisted string
	Listed   bool
	// AfterInvoice names, for the billing packet once the invoice is on
	// file, what it lacked when the invoice went, in words: what the
	// carrier may ask for, no longer work before billing.
	AfterInvoice string
	// Waiting names what it lacks that is not owed yet (the COS while the
	// equipment is on the job), in words: said apart, not as missing.
	Waiting string
}

// listedApart is m with what it lacks that checklist cl does not show
// named apart, so that the page names each missing document once.
func (m milestoneView) listedApart(cl []sla.ChecklistItem) milestoneView {
	var unlisted []sla.DocType
	for _, t := range slices.Concat(m.Milestone.Missing, m.Milestone.Unverified) {
		switch {
		case slices.Contains(m.Milestone.Waiting, t):
		case slices.ContainsFunc(cl, func(it sla.ChecklistItem) bool { return it.Type == t && it.Status != sla.ItemPresent }):
			m.Listed = true
		case !slices.Contains(unlisted, t):
			unlisted = append(unlisted, t)
		}
	}
	m.Unlisted = docTypeWords(unlisted)
	return m
}

// newMilestoneView is milestone m for the page and the packet: a signed
// form on file, not verified yet, is named apart from what is missing.
func newMilestoneView(m sla.Milestone) milestoneView {
	var missing []sla.DocType
	for _, t := range m.Owed() {
		if !slices.Contains(m.Unverified, t) {
			missing = append(missing, t)
		}
	}
	return milestoneView{Milestone: m, Label: milestoneLabels[m.Name], Missing: docTypeWords(missing), Unverified: docTypeWords(m.Unverified),
		AfterInvoice: docTypeWords(m.AfterInvoice), Waiting: docTypeWords(m.Waiting)}
}

// unverifiedWords say that the signed forms on file named by forms (in
// words) wait for a coordinator's check; empty when none do.
func unverifiedWords(forms string) string {
	if forms == "" {
		return ""
	}
	return "on file, signature not verified: " + forms
}

// folderView is one folder of the claim's documents.
type folderView struct {
	Name string
	Docs []docView
}

// docView is a document with its links.
type docView struct {
	storage.Document
	Size string
	// Thumb is the thumbnail's address; empty for files without one.
	Thumb string
	Label string // the document type in words
	// View is where the document's name, thumbnail and View link lead
	// (see setView).
	View       fileView
	StampedURL string
	// Stamping marks a PDF (or a photographed signed form) whose stamped
	// copy is being made, or made again after its claim's job number
	// changed: none is offered meanwhile.
	Stamping    bool
	DownloadURL string
	// SignedForm marks an ATP, ATR, COS or waiver: a coordinator checks its
	// signatures, and Verified says who did and when (nil: not yet).
	SignedForm bool
	Verified   *storage.DocumentVerification
}

// typeChoice is a document type offered in the Change type form.
type typeChoice struct {
	Value, Label string
}

// typeChoices are the types a person may give a document, in words.
func typeChoices() []typeChoice {
	var out []typeChoice
	for _, t := range classify.FiledTypes() {
		out = append(out, typeChoice{Value: t, Label: docTypeLabel(t)})
	}
	return out
}

// isSignedForm reports whether documents of type t carry the homeowner's
// signature, which the paperwork checklist counts only once verified.
func isSignedForm(t string) bool {
	switch sla.DocType(t) {
	case sla.DocATP, sla.DocATR, sla.DocCOS, sla.DocWaiver:
		return true
	}
	return false
}

// claimMessage is a message of the claim with its acknowledgment.
type claimMessage struct {
	storage.MessageRow
	Ack *ackView
	// Who names a sender whose mail gives no name as the claim's record
	// does.
	Who string
}

// folderOrder is the order of a claim's folders on its page: the work's
// order, correspondence last.
var folderOrder = []string{"Photos", "Scope", "Estimates", "Sketches", "Drying Logs", "Contracts", "Lab Reports", "Invoices", "Other", storage.FolderCorrespondence}

// docTypeLabels name document types for people.
var docTypeLabels = map[string]string{
	"photo": "Photos", "atp": "ATP (work authorization)", "atr": "ATR (authorization to repair)", "cos": "COS (certificate of satisfaction)",
	"waiver": "Waiver", "estimate": "Estimate", "sketch": "Sketch", "scope": "Scope", "lab_report": "Lab report",
	"invoice": "Invoice", "vendor_invoice": "Vendor invoice", "drying_log": "Drying log", "other": "Other", "correspondence": "Email",
	"inline": "Body image",
}

// documentLabel names a document's type for people: a vendor's invoice
// says so.
func documentLabel(d storage.Document) string {
	if d.DocType == string(sla.DocInvoice) && d.Vendor {
		return docTypeLabel(string(sla.DocVendorInvoice))
	}
	return docTypeLabel(d.DocType)
}

func docTypeLabel(t string) string {
	if l, ok := docTypeLabels[t]; ok {
		return l
	}
	return t
}

// milestoneLabels name the milestones for people.
var milestoneLabels = map[sla.MilestoneName]string{
	sla.MilestoneFirstDocs:  "Photos and 24-hour scope",
	sla.MilestoneChase:      "First documents from the job",
	sla.MilestoneATP:        "ATP signed before work",
	sla.MilestoneSignatures: "Signed forms verified",
	sla.MilestonePaperwork:  "Paperwork: estimate, sketch, scope, photos",
	sla.MilestoneCOS:        "COS at equipment pickup",
	sla.MilestoneLabReport:  "ITEL lab report",
	sla.MilestoneBilling:    "Billing packet complete",
}

func (s *Server) handleClaimPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.claimView(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.URL.Query().Get("recorded") != "" {
		v.Recorded = v.justRecorded()
	}
	// A close the checklist refused lands here, and says why.
	if r.URL.Query().Get("close") == "refused" && v.CanEdit && v.C.Status != "closed" {
		if v.Record.CloseRefused, err = s.closeRefusal(r.Context(), id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "claim", pageData{Title: v.C.JobNumber, Nav: "claims", ReadOnly: !v.CanEdit, Data: v})
}

// claimView gathers the claim page of claim id.
func (s *Server) claimView(ctx context.Context, id int64) (claimView, error) {
	c, err := s.db.GetClaim(ctx, id)
	if err != nil {
		return claimView{}, err
	}
	now, rules := s.now(), s.rulesOf(c.OfficeID)
	cal := rules.Calendar
	v := claimView{
		C: c, ForwardAddress: s.claimForwardAddress(c.JobNumber), Self: fmt.Sprintf("/claims/%d", id),
		CanSend:       s.opts.Outbox != nil,
		CanEdit:       scopeFrom(ctx).canAct(c.OfficeID),
		CanSendUpdate: s.opts.Outbox != nil && c.AdjusterEmail != "",
		StageMax:      now.In(cal.Location()).Format(stageTimeLayout),
	}
	people, err := s.db.ParticipantsOfClaims(ctx, []int64{id})
	if err != nil {
		return claimView{}, err
	}
	v.Participants = people[id]
	if v.Record, err = s.recordOf(ctx, c, v.Participants); err != nil {
		return claimView{}, err
	}
	home, err := s.addClaimProgress(ctx, &v, rules, now)
	if err != nil {
		return claimView{}, err
	}
	if err := s.addClaimDocuments(ctx, &v); err != nil {
		return claimView{}, err
	}
	if err := s.addClaimMessages(ctx, &v, now); err != nil {
		return claimView{}, err
	}
	sent, err := s.db.OutboxForClaim(ctx, id)
	if err != nil {
		return claimView{}, err
	}
	v.Sent = outboxViews(sent)
	if err := s.addClaimDrafts(ctx, &v); err != nil {
		return claimView{}, err
	}
	asked, err := s.db.ClaimRequests(ctx, id)
	if err != nil {
		return claimView{}, err
	}
	asked = withoutRepeats(asked)
	if v.Requests, err = s.requestViews(ctx, asked, now); err != nil {
		return claimView{}, err
	}
	if err := s.addClaimEquipment(ctx, &v, home); err != nil {
		return claimView{}, err
	}
	if err := s.addClaimReminders(ctx, &v, now); err != nil {
		return claimView{}, err
	}
	if err := s.addNextSteps(ctx, &v, asked, now, home); err != nil {
		return claimView{}, err
	}
	if !v.CanEdit {
		v.dropOffers()
	}
	return v, nil
}

// dropOffers takes out of the page what only the office's coordinators
// do, for a read-only member: the buttons and mail links that answer,
// update, remind and ask the adjuster, and the hint to complete the record.
// What was done, and what is to do, still shows.
func (v *claimView) dropOffers() {
	v.CanSendUpdate, v.UpdateMail = false, nil
	for _, steps := range [][]claimStep{v.Next, v.NextMore} {
		for i := range steps {
			steps[i].Do, steps[i].Mail, steps[i].Answer = "", nil, nil
			if r := steps[i].Reminder; r != nil {
				r.Buttons, r.Mail = nil, nil
			}
		}
	}
	v.Reminders.Buttons, v.Reminders.Mail, v.Reminders.NoRecipient, v.Reminders.NoEstimator = nil, nil, false, ""
	for i := range v.Equipment.Lines {
		v.Equipment.Lines[i].CanAsk, v.Equipment.Lines[i].AskMail = false, nil
	}
}

// addClaimProgress fills the claim page's progress as of now: its
// checklist, milestones and alerts, stages, closing note and daily
// updates. It returns the viewer's zone, which the page's times name when
// it is not the office's.
func (s *Server) addClaimProgress(ctx context.Context, v *claimView, rules sla.OfficeRules, now time.Time) (*time.Location, error) {
	cal := rules.Calendar
	facts, err := s.db.ClaimFacts(ctx, v.C.ID)
	if err != nil {
		return nil, err
	}
	v.OpenedAt = facts.OpenedAt
	if id, subject, ok, err := s.db.OpenedFromMail(ctx, v.C.ID); err != nil {
		return nil, err
	} else if ok {
		v.OpenedFrom = &claimMail{ID: id, Subject: orNoSubject(subject)}
	}
	rep := cal.CheckClaim(facts, rules.Milestones, now)
	home, err := s.viewerZone(ctx)
	if err != nil {
		return nil, err
	}
	proposals, err := s.db.ClaimEquipmentProposals(ctx, v.C.ID)
	if err != nil {
		return nil, err
	}
	v.loc = cal.Location()
	v.addReport(rep, len(proposals), now, home)
	h := handoffClaim{claim: v.C, facts: facts, report: rep, proposals: proposals}
	v.notes = handoff.NotesClaim{JobNumber: v.C.JobNumber, ClaimNumber: v.C.ClaimNumber, Insured: v.C.InsuredName}
	records, err := s.db.StageRecords(ctx, v.C.ID)
	if err != nil {
		return nil, err
	}
	v.Stages = stageViews(facts, now)
	addStageRecords(v.Stages, records, facts, now)
	if v.C.Status == "closed" || facts.CompletedAt != nil {
		note, err := s.closingNote(ctx, h, coordinatorOf(ctx))
		if err != nil {
			return nil, err
		}
		// Lines end in LF on the page, as CopyText's do.
		v.ClosingNote = strings.ReplaceAll(note, "\r\n", "\n")
	}
	if err := s.addClaimUpdates(ctx, v, h, now); err != nil {
		return nil, err
	}
	return home, nil
}

// claimAlert is a paperwork alert of the claim page, with what to do
// about it in the board's words.
type claimAlert struct {
	sla.Alert
	Action string
	// asks are the documents its line asks people for.
	asks []sla.DocType
}

// addReport shows the claim's paperwork checklist, milestones and alerts,
// the alerts worded as the board words them, with times on the office's
// clock, named when it is not the viewer's (home); toConfirm counts the
// equipment from mail waiting for a person, which the billing packet's
// line asks to confirm as the morning page's does.
func (v *claimView) addReport(rep sla.ClaimReport, toConfirm int, now time.Time, home *time.Location) {
	for _, it := range rep.Checklist {
		v.Checklist = append(v.Checklist, checklistView{ChecklistItem: it, Label: docTypeLabel(string(it.Type))})
	}
	for _, m := range rep.Milestones {
		if m.DueDay {
			m.Due = m.Due.In(v.loc) // the day, on the office's clock
		}
		v.Milestones = append(v.Milestones, newMilestoneView(m).listedApart(rep.Checklist))
		if m.Name == sla.MilestoneFirstDocs && m.MetAt != nil {
			v.firstDocsIn = true
		}
	}
	v.billing, v.ahead = reportWork(rep, toConfirm)
	for _, l := range ownPaperworkLines(rep.Alerts, v.Participants, v.billing, now, v.loc, home) {
		v.Alerts = append(v.Alerts, claimAlert{Alert: l.Alert, Action: l.Text, asks: l.Docs})
	}
}

// PaperworkDue counts the paperwork's lines in Next by state: "1
// overdue, 1 due soon, 1 to do"; empty when there are none.
func (v claimView) PaperworkDue() string {
	n := map[sla.State]int{}
	for _, a := range v.Alerts {
		n[a.State]++
	}
	var parts []string
	for _, st := range []struct {
		state sla.State
		words string
	}{{sla.StateOverdue, "overdue"}, {sla.StateDueSoon, "due soon"}, {sla.StatePending, "to do"}} {
		if n[st.state] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[st.state], st.words))
		}
	}
	return strings.Join(parts, ", ")
}

// reportWork is what the next steps read of a claim's report besides its
// alerts: what its billing packet lacks (nil: complete), with the toConfirm
// lines of equipment from mail, and its first documents while they are not
// in and their alert does not show yet.
func reportWork(rep sla.ClaimReport, toConfirm int) (billing *storage.ClaimBilling, ahead []sla.Alert) {
	for _, m := range rep.Milestones {
		switch {
		case m.Name == sla.MilestoneBilling && len(m.Owed()) > 0:
			billing = &storage.ClaimBilling{Missing: m.Owed(), Unverified: m.Unverified, Waiting: m.Waiting, ToConfirm: toConfirm}
		case m.Name == sla.MilestoneFirstDocs && m.MetAt == nil && m.State == sla.StatePending:
			ahead = append(ahead, m.Alert())
		}
	}
	return billing, ahead
}

// stageViews lists the job's stages in order, with when each happened as
// of now: the work started as the milestones count it (sla.ClaimFacts.WorkStart),
// the pickup, done or scheduled, as the COS's deadline reads it
// (sla.ClaimFacts.EquipmentPickup).
func stageViews(facts sla.ClaimFacts, now time.Time) []stageView {
	stageTimes := map[storage.JobStage]*time.Time{
		storage.StageCompleted: facts.CompletedAt, storage.StageSampled: facts.SampledAt,
	}
	var started sla.StageSource
	if at, from, ok := facts.WorkStart(now); ok {
		stageTimes[storage.StageWorkStarted], started = &at, from
	}
	pickup, scheduled, picked := facts.EquipmentPickup(now)
	if picked {
		stageTimes[storage.StageEquipmentPickedUp] = &pickup
	}
	var out []stageView
	for _, st := range jobStages {
		v := stageView{Stage: st, Label: stageLabels[st], At: stageTimes[st]}
		switch st {
		case storage.StageWorkStarted:
			v.Source = started
		case storage.StageEquipmentPickedUp:
			v.Scheduled = scheduled
		}
		out = append(out, v)
	}
	return out
}

// addStageRecords tells stages who or what recorded each, from records
// (storage.StageRecords), and what each would be once what people recorded
// is cleared: for work started, the equipment log or the first drying log
// as of now; for the others, a lab report's time.
func addStageRecords(stages []stageView, records []storage.StageRecord, facts sla.ClaimFacts, now time.Time) {
	for i := range stages {
		st := &stages[i]
		var first, people, evidence *storage.StageRecord
		for j := range records {
			r := &records[j]
			if r.Stage != st.Stage {
				continue
			}
			first = cmp.Or(first, r)
			if r.ByPeople() {
				people = cmp.Or(people, r)
			} else {
				evidence = cmp.Or(evidence, r)
			}
		}
		switch {
		case st.Stage == storage.StageWorkStarted:
			if st.Source == sla.FromRecord {
				st.Record = people
			}
			without := facts
			without.WorkStartedAt = nil
			if at, from, ok := without.WorkStart(now); ok {
				st.Then, st.ThenWords = &at, stageSourceWords[from]
			}
		case first != nil && st.At != nil && first.At.Equal(*st.At):
			st.Record = first
			if evidence != nil {
				st.Then, st.ThenWords = &evidence.At, recordWords(*evidence)
			}
		}
		st.Recorded = people
	}
}

// addClaimUpdates lists the daily updates sent of claim h, each with what
// it said of the claim then, and for an open claim the last week's days
// with their updates: older misses are history.
func (s *Server) addClaimUpdates(ctx context.Context, v *claimView, h handoffClaim, now time.Time) error {
	var err error
	if v.Updates, err = s.db.ClaimUpdateRows(ctx, v.C.ID, time.Time{}, claimPageUpdates); err != nil {
		return err
	}
	if err := s.keepUpdateCopies(ctx, h, v.Updates); err != nil {
		return err
	}
	facts := h.facts
	v.actor, v.admin = actorFrom(ctx), scopeFrom(ctx).administers(v.C.OfficeID)
	if v.C.Status != "open" || !v.C.OwesUpdates() {
		return nil
	}
	cal := s.rulesOf(v.C.OfficeID).Calendar
	since := cal.StartOf(cal.DateOf(now).AddDays(-slaUpdateLookback))
	var times []time.Time
	for _, u := range v.Updates {
		if !u.At.Before(since) {
			times = append(times, u.At)
		}
	}
	v.Days = cal.DailyUpdates(latestTime(facts.OpenedAt, since), nil, times, now, 0)
	return nil
}

// addClaimDocuments sorts the claim's documents into their folders.
func (s *Server) addClaimDocuments(ctx context.Context, v *claimView) error {
	docs, more, err := s.db.ClaimDocumentsPage(ctx, v.C.ID, claimPageDocuments)
	if err != nil {
		return err
	}
	v.Documents, v.MoreDocs = len(docs), more
	verified, err := s.db.DocumentVerifications(ctx, v.C.ID)
	if err != nil {
		return err
	}
	// An email filed as a PDF is offered beside its message, in the
	// list of messages: not listed a second time here.
	v.mailPDF = map[int64]docView{}
	for _, f := range groupFolders(docs, verified) {
		if f.Name == storage.FolderCorrespondence {
			all := len(f.Docs)
			f.Docs = slices.DeleteFunc(f.Docs, func(d docView) bool {
				for _, id := range d.MessageIDs {
					v.mailPDF[id] = d
				}
				return len(d.MessageIDs) > 0
			})
			v.Documents -= all - len(f.Docs)
		}
		if len(f.Docs) > 0 {
			v.Folders = append(v.Folders, f)
		}
	}
	v.TypeChoices = typeChoices()
	return nil
}

// MailPDF is the email as a PDF filed for message id; nil when none is.
func (v claimView) MailPDF(id int64) *docView {
	if d, ok := v.mailPDF[id]; ok {
		return &d
	}
	return nil
}

// addClaimMessages lists the claim's messages with their acknowledgments,
// up to claimPageMessages.
func (s *Server) addClaimMessages(ctx context.Context, v *claimView, now time.Time) error {
	msgs, err := s.db.ClaimMessageRows(ctx, v.C.ID, claimPageMessages+1)
	if err != nil {
		return err
	}
	if len(msgs) > claimPageMessages {
		msgs, v.MoreMsgs = msgs[:claimPageMessages], true
	}
	names := storage.RecordNamesOf(v.C, v.Participants)
	for _, m := range msgs {
		v.Messages = append(v.Messages, claimMessage{MessageRow: m, Ack: messageAck(m, s.rulesOf(m.OfficeID).Calendar, now),
			Who: names.Of(m.FromAddress)})
	}
	return nil
}

// groupFolders sorts documents into their folders, in folderOrder, each
// folder's files by the date they came; verified holds the signed forms
// checked so far, by document id.
func groupFolders(docs []storage.Document, verified map[int64]storage.DocumentVerification) []folderView {
	byFolder := map[string][]docView{}
	for _, d := range docs {
		dv := docView{
			Document: d, Size: humanSize(d.Size), Label: documentLabel(d),
			DownloadURL: documentURL(d.ID, "original"),
			SignedForm:  isSignedForm(d.DocType),
			Thumb:       thumbURL(d),
		}
		if ver, ok := verified[d.ID]; ok {
			dv.Verified = &ver
		}
		if d.StampedSHA256 != "" {
			dv.StampedURL = documentURL(d.ID, "stamped") + "?inline=1"
		}
		dv.Stamping = d.StampedSHA256 == "" && d.StampError == "" && ingest.Stampable(d)
		dv.setView()
		byFolder[d.Folder] = append(byFolder[d.Folder], dv)
	}
	var out []folderView
	for _, name := range folderOrder {
		if ds, ok := byFolder[name]; ok {
			out = append(out, folderView{Name: name, Docs: ds})
			delete(byFolder, name)
		}
	}
	// Folders this page does not know yet come before correspondence,
	// alphabetically.
	var rest []string
	for name := range byFolder {
		rest = append(rest, name)
	}
	slices.Sort(rest)
	for _, name := range rest {
		out = append(out, folderView{Name: name, Docs: byFolder[name]})
	}
	slices.SortStableFunc(out, func(a, b folderView) int {
		return boolRank(a.Name == storage.FolderCorrespondence) - boolRank(b.Name == storage.FolderCorrespondence)
	})
	for _, f := range out {
		slices.SortStableFunc(f.Docs, func(a, b docView) int { return a.ReceivedAt.Compare(b.ReceivedAt) })
	}
	return out
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

func latestTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
