package web

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/equipmentlog"
	"github.com/claimdesk/claimdesk/handoff"
	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// Bounds of what a packet prints: far beyond a real claim's notes and
// mail, but a claim flooded by a mail loop still makes a PDF.
const (
	packetNotes    = 2000
	packetMessages = 2000
)

// handoffClaim is what the hand-off files know of a claim.
type handoffClaim struct {
	claim storage.Claim
	// office is the claim's office, which names its packet's folder.
	office storage.Office
	people []storage.ClaimParticipant
	facts  sla.ClaimFacts
	report sla.ClaimReport
	// notes are the claim's notes and updates, oldest first.
	notes []storage.ClaimUpdateRow
	// equipment is the claim's equipment log; proposals what mail says of
	// it that waits for a person.
	equipment []storage.Equipment
	proposals []storage.EquipmentProposal
}

// loadHandoffClaim reads claim id with its participants, checklist,
// milestones and notes.
func (s *Server) loadHandoffClaim(ctx context.Context, id int64) (handoffClaim, error) {
	c, err := s.lookupClaim(ctx, id)
	if err != nil {
		return handoffClaim{}, err
	}
	h := handoffClaim{claim: c}
	if h.office, err = s.db.OfficeByID(ctx, c.OfficeID); err != nil {
		return handoffClaim{}, err
	}
	people, err := s.db.ParticipantsOfClaims(ctx, []int64{id})
	if err != nil {
		return handoffClaim{}, err
	}
	h.people = people[id]
	if h.facts, err = s.db.ClaimFacts(ctx, id); err != nil {
		return handoffClaim{}, err
	}
	rules := s.rulesOf(c.OfficeID)
	h.report = rules.Calendar.CheckClaim(h.facts, rules.Milestones, s.now())
	if h.notes, err = s.db.ClaimUpdateRows(ctx, id, time.Time{}, packetNotes); err != nil {
		return handoffClaim{}, err
	}
	slices.Reverse(h.notes)
	if h.equipment, err = s.db.ClaimEquipment(ctx, id); err != nil {
		return handoffClaim{}, err
	}
	if h.proposals, err = s.db.ClaimEquipmentProposals(ctx, id); err != nil {
		return handoffClaim{}, err
	}
	return h, nil
}

// carrierFields are the claim's fields a carrier's copy of the cover
// prints, in its order: who and what the claim is, the loss, the
// adjuster. What the office calls the job, where the claim came from and
// whether it is open are the office's own.
var carrierFields = []string{"job_number", "claim_number", "policy_number", "carrier", "insured_name", "insured_phone",
	"insured_email", "company", "loss_address", "date_of_loss", "loss_type", "cause", "loss_description", "cat", "class",
	"adjuster_name", "adjuster_phone", "adjuster_email"}

// internalRoles are the participants only the office's copy names: who
// brought the job in.
var internalRoles = []string{"marketing", "referred_by"}

// cover is the claim's cover sheet: the carrier's copy, or with internal
// the office's, which adds where the claim stands with us (checklist,
// milestones, notes). Either leaves out what is empty. enclosed say what
// else the packet holds.
func (s *Server) cover(h handoffClaim, internal bool, enclosed []handoff.Field) handoff.Cover {
	loc := s.rulesOf(h.claim.OfficeID).Calendar.Location()
	c := handoff.Cover{JobNumber: h.claim.JobNumber, ClaimNumber: h.claim.ClaimNumber, Internal: internal,
		Enclosed: enclosed, Made: s.now(), Location: loc}
	c.Fields = coverFields(h.claim, internal)
	for _, p := range h.people {
		if internal || !slices.Contains(internalRoles, p.Role) {
			c.Participants = append(c.Participants, handoff.Person{Role: roleLabel(p.Role), Name: p.Name, Email: p.Email, Phone: p.Phone})
		}
	}
	c.Stages = coverStages(h, internal, loc, s.now())
	for _, e := range h.equipment {
		c.Equipment = append(c.Equipment, s.handoffEquipment(e))
	}
	if !internal {
		return c
	}
	c.Office = h.office.Name
	c.Checklist = coverChecklist(h, loc)
	c.Milestones = coverMilestones(h.report.Milestones, loc)
	for _, n := range h.notes {
		c.Notes = append(c.Notes, handoffNote(n))
	}
	return c
}

// coverFields are the claim's fields the cover sheet prints, those the
// carrier's copy shows unless internal; empty ones are left out.
func coverFields(claim storage.Claim, internal bool) []handoff.Field {
	cols := claimColumns
	if !internal {
		cols = columnsNamed(carrierFields)
	}
	// Beside the adjuster, on both copies: the firm finds its file by it.
	cols = slices.Insert(slices.Clone(cols), slices.IndexFunc(cols, func(c claimColumn) bool { return c.name == "adjuster_email" })+1,
		adjusterFileColumn)
	var out []handoff.Field
	for _, col := range cols {
		v := col.value(claim)
		if col.name == "date_of_loss" && v != "" {
			v = claim.DateOfLoss.Format("01/02/2006")
		}
		if v != "" {
			out = append(out, handoff.Field{Label: col.label, Value: v})
		}
	}
	return out
}

// coverStages are the dates claim h's job reached its stages, with
// internal the source of each; a start mail puts in doubt says so.
func coverStages(h handoffClaim, internal bool, loc *time.Location, now time.Time) []handoff.Field {
	var out []handoff.Field
	if !h.facts.OpenedAt.IsZero() {
		out = append(out, handoff.Field{Label: "Job opened", Value: officeDate(h.facts.OpenedAt, loc)})
	}
	for _, st := range handoffStages(h, now) {
		if doubt := unconfirmedStart(st, loc); doubt != "" {
			out = append(out, handoff.Field{Label: st.Label, Value: doubt})
			continue
		}
		if st.At == nil {
			continue
		}
		v := officeDate(*st.At, loc)
		if internal {
			v = joinNonEmpty(" ", v, st.SourceWords())
		}
		out = append(out, handoff.Field{Label: st.Label, Value: v})
	}
	return out
}

// handoffStages are claim h's stages as of now, work started pointed to
// the placement mail says, while it waits for a person (proposeStages).
func handoffStages(h handoffClaim, now time.Time) []stageView {
	stages := stageViews(h.facts, now)
	var placed []proposalView
	for _, p := range h.proposals {
		if p.Action == equipment.ActionPlaced {
			placed = append(placed, proposalView{EquipmentProposal: p})
		}
	}
	proposeStages(stages, placed, h.equipment)
	return stages
}

// unconfirmedStart says that the work's start is not confirmed while mail
// says drying equipment was placed and nobody confirmed it: "not confirmed
// (mail says placed 12/01/2026)", or with a drying log before the mail,
// "not confirmed (first drying log 12/01/2026; mail says placed
// 12/04/2026)". The hand-off
// files then give no date the claim page itself doubts. Empty otherwise.
func unconfirmedStart(st stageView, loc *time.Location) string {
	if st.Stage != storage.StageWorkStarted || st.Proposed == nil {
		return ""
	}
	says := "mail says placed " + officeDate(st.Proposed.At, loc)
	if st.At != nil && st.Source == sla.FromDryingLog {
		says = "first drying log " + officeDate(*st.At, loc) + "; " + says
	}
	return "not confirmed (" + says + ")"
}

// coverChecklist is the office's copy's checklist of the claim's
// documents.
func coverChecklist(h handoffClaim, loc *time.Location) []handoff.ChecklistLine {
	var out []handoff.ChecklistLine
	for _, it := range h.report.Checklist {
		line := handoff.ChecklistLine{Label: docTypeLabel(string(it.Type)), Required: it.Required, Status: coverStatus(it), Count: it.Count}
		// A check that a later rejection undid is not one.
		if at, ok := h.facts.Verified[it.Type]; ok && it.Status == sla.ItemPresent {
			line.Verified = []string{"signatures checked " + officeDate(at, loc)}
		}
		out = append(out, line)
	}
	return out
}

// coverMilestones is the office's copy's list of the claim's milestones.
func coverMilestones(milestones []sla.Milestone, loc *time.Location) []handoff.MilestoneLine {
	var out []handoff.MilestoneLine
	for _, m := range milestones {
		mv := newMilestoneView(m)
		line := handoff.MilestoneLine{Label: mv.Label, State: strings.ReplaceAll(string(m.State), "_", " "), Due: m.Due, DueDay: m.DueDay,
			Missing: joinNonEmpty("; ", mv.Missing, unverifiedWords(mv.Unverified))}
		switch {
		case m.MetAt != nil && len(m.Unverified) > 0:
			// Met by the form's arrival: on file, not done, as the
			// claim page says.
			line.State, line.Missing = "on file "+officeDate(*m.MetAt, loc)+", signature not verified", ""
		case m.MetAt != nil:
			line.MetAt = *m.MetAt
		}
		if mv.Waiting != "" {
			line.Missing = joinNonEmpty("; ", line.Missing, mv.Waiting+" once the equipment comes off")
		}
		if mv.AfterInvoice != "" {
			line.State, line.Missing = "invoiced", "the carrier may still ask for "+mv.AfterInvoice
		}
		out = append(out, line)
	}
	return out
}

// columnsNamed are the claim columns of names, in their order.
func columnsNamed(names []string) []claimColumn {
	var cols []claimColumn
	for _, n := range names {
		if i := slices.IndexFunc(claimColumns, func(c claimColumn) bool { return c.name == n }); i >= 0 {
			cols = append(cols, claimColumns[i])
		}
	}
	return cols
}

// approvalWords say in a word where the carrier's approval of a line of
// equipment stands; none is needed for the rest.
var approvalWords = map[string]string{
	equipment.ApprovalRequested: "Requested", equipment.ApprovalApproved: "Approved", equipment.ApprovalDenied: "Denied",
}

// handoffEquipment is an equipment line as the cover sheet prints it.
func (s *Server) handoffEquipment(e storage.Equipment) handoff.EquipmentLine {
	l := handoff.EquipmentLine{Kind: equipment.KindLabel(e.Kind), Count: e.Count, Vendor: e.Vendor, Note: e.Note,
		Approval: approvalWords[e.Approval], Days: -1}
	if e.PlacedAt != nil {
		l.Placed = *e.PlacedAt
	}
	if e.PickedUpAt != nil {
		l.PickedUp = *e.PickedUpAt
	}
	for _, h := range e.Hauls {
		l.Hauls = append(l.Hauls, h.At)
	}
	if d := equipmentlog.BilledDays(e, s.now(), s.zoneOf(e.OfficeID)); d != nil {
		l.Days = *d
	}
	return l
}

// notesClaim is what a copy-ready note written now says of the claim (the
// closing note): where our part stands and what the carrier still needs
// before paying.
func (s *Server) notesClaim(h handoffClaim) handoff.NotesClaim {
	nc := handoff.NotesClaim{JobNumber: h.claim.JobNumber, ClaimNumber: h.claim.ClaimNumber, Insured: h.claim.InsuredName}
	return withCopy(nc, s.copyAt(h, h.report, s.now()))
}

// withCopy is nc saying of its claim what c says.
func withCopy(nc handoff.NotesClaim, c storage.UpdateCopy) handoff.NotesClaim {
	nc.Status, nc.Needed, nc.Unverified = c.Status, c.Needed, c.Unverified
	return nc
}

// updateCopyAt is what an update recorded at at says of claim h: the claim
// as it stood then (sla.ClaimFacts.AsOf), mail about equipment then
// received included.
func (s *Server) updateCopyAt(h handoffClaim, at time.Time) storage.UpdateCopy {
	rules := s.rulesOf(h.claim.OfficeID)
	then := h
	then.facts = h.facts.AsOf(at)
	then.proposals = slices.DeleteFunc(slices.Clone(h.proposals), func(p storage.EquipmentProposal) bool { return p.At.After(at) })
	if h.claim.ClosedAt != nil && h.claim.ClosedAt.After(at) {
		then.claim.Status = "open"
	}
	return s.copyAt(then, rules.Calendar.CheckClaim(then.facts, rules.Milestones, at), at)
}

// copyAt is what a note says of claim h at now, its report rep then:
// where our part stands and what the carrier still needs before paying.
func (s *Server) copyAt(h handoffClaim, rep sla.ClaimReport, now time.Time) storage.UpdateCopy {
	loc := s.rulesOf(h.claim.OfficeID).Calendar.Location()
	var c storage.UpdateCopy
	var status []string
	for _, st := range handoffStages(h, now) {
		switch doubt := unconfirmedStart(st, loc); {
		case doubt != "":
			status = append(status, st.Label+": "+doubt)
		case st.At != nil:
			status = append(status, st.Label+" "+officeDate(*st.At, loc))
		}
	}
	switch {
	case h.claim.Status == "closed":
		status = append(status, "claim closed")
	case len(status) == 0:
		status = append(status, "claim open, no work recorded yet")
	}
	c.Status = strings.Join(status, "; ")
	for _, m := range rep.Milestones {
		if m.Name == sla.MilestoneBilling {
			c.Needed, c.Unverified = neededForPayment(m, rep.Checklist)
		}
	}
	return c
}

// keepUpdateCopies gives each of claim h's updates notes what its text for
// the job system says of the claim: kept since it was first worked out, or
// worked out now as of the update and kept from now on, so that what the
// claim learns later never rewrites a past update.
func (s *Server) keepUpdateCopies(ctx context.Context, h handoffClaim, notes []storage.ClaimUpdateRow) error {
	fresh := map[int64]storage.UpdateCopy{}
	for i, n := range notes {
		if _, ok := n.Copy(); ok {
			continue
		}
		c := s.updateCopyAt(h, n.At)
		fresh[n.ID] = c
		notes[i].CopyStatus, notes[i].CopyNeeded, notes[i].CopyUnverified = &c.Status, c.Needed, c.Unverified
	}
	return s.db.KeepUpdateCopies(ctx, fresh)
}

// claimNotes are claim h's notes with what each says of the claim, kept
// (keepUpdateCopies).
func claimNotes(h handoffClaim, notes []storage.ClaimUpdateRow) []handoff.ClaimNote {
	base := handoff.NotesClaim{JobNumber: h.claim.JobNumber, ClaimNumber: h.claim.ClaimNumber, Insured: h.claim.InsuredName}
	out := make([]handoff.ClaimNote, len(notes))
	for i, n := range notes {
		c, _ := n.Copy()
		out[i] = handoff.ClaimNote{Claim: withCopy(base, c), Note: handoffNote(n)}
	}
	return out
}

// neededForPayment is what billing milestone m still lacks, in words: the
// documents to get, and the signed forms on file whose signatures wait for
// their check. After the invoice, what it went without (checklist cl tells
// a form on file from one missing) is still what the carrier pays on.
func neededForPayment(m sla.Milestone, cl []sla.ChecklistItem) (needed, unverified []string) {
	for _, t := range slices.Concat(m.Missing, m.AfterInvoice) {
		waits := slices.Contains(m.Unverified, t) ||
			slices.ContainsFunc(cl, func(it sla.ChecklistItem) bool { return it.Type == t && it.Status == sla.ItemUnverified })
		if waits {
			unverified = append(unverified, docTypeLabel(string(t)))
		} else {
			needed = append(needed, docTypeLabel(string(t)))
		}
	}
	return needed, unverified
}

// itemStatusWords say where a checklist item stands.
var itemStatusWords = map[sla.ItemStatus]string{
	sla.ItemPresent: "on file", sla.ItemMissing: "missing", sla.ItemUnverified: "on file, signature not verified",
}

// coverStatus is where checklist item it stands, as the packet's cover
// sheet says: a rejected signed form is not in the packet (writePacket
// leaves it out), and the sheet says why and that a new one is needed.
func coverStatus(it sla.ChecklistItem) string {
	switch {
	case it.Status == sla.ItemRejected:
		return rejectedWords(*it.Rejected) + " - new signed copy needed, the rejected copy not in this packet"
	case it.Rejected != nil:
		return itemStatusWords[it.Status] + "; another copy " + rejectedWords(*it.Rejected) + ", not in this packet"
	}
	return itemStatusWords[it.Status]
}

// docTypeWords name document types for people, in a list.
func docTypeWords(types []sla.DocType) string {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = docTypeLabel(string(t))
	}
	return strings.Join(names, ", ")
}

func handoffNote(n storage.ClaimUpdateRow) handoff.Note {
	return handoff.Note{At: n.At, Author: n.Author, Source: n.Source, Text: updateText(n)}
}

// updateText is what update n says: a note's text, or what the office
// wrote in its mail, without the thread it quotes or its signature.
func updateText(n storage.ClaimUpdateRow) string {
	if n.Note != "" || n.Mail == "" {
		return n.Note
	}
	return classify.OwnText(n.Mail)
}

// joinNonEmpty joins the parts that say something with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// officeDate is t's day in the office, as printed; empty for the zero time.
func officeDate(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("01/02/2006")
}

// printedMessage is message m as the correspondence PDF prints it: a
// message with only an HTML body prints the text of that HTML.
func printedMessage(m storage.PrintedMessage) handoff.Message {
	from := m.FromAddress
	if m.FromName != "" {
		from = m.FromName + " <" + m.FromAddress + ">"
	}
	body := m.BodyText
	if strings.TrimSpace(body) == "" && m.BodyHTML != "" {
		body = mailparse.HTMLToText(mailPolicy.Sanitize(m.BodyHTML))
	}
	out := handoff.Message{Date: m.ArrivedAt, Direction: m.Direction, From: from, To: m.To, Cc: m.Cc,
		Subject: m.Subject, MessageID: m.MessageID, Body: body}
	for _, a := range m.Attachments {
		out.Attachments = append(out.Attachments, handoff.Attachment{Filename: a.Filename, DocType: a.DocType, Size: a.Size})
	}
	return out
}
