package web

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// factsDocuments bounds the documents the update's facts read of a claim:
// beyond it a claim flooded with mail still drafts, counting what it read.
const factsDocuments = 2000

// factsDocOrder is the order the update reports arrived documents in: the
// work's order, as the checklist reads.
var factsDocOrder = []sla.DocType{
	sla.DocPhoto, sla.DocScope, sla.DocEstimate, sla.DocSketch, sla.DocDryingLog, sla.DocATP, "atr",
	sla.DocWaiver, sla.DocCOS, sla.DocLabReport, sla.DocInvoice, "other",
}

// draftUpdate drafts claim id's daily update opening with what its state
// says: the update template's facts.
func (s *Server) draftUpdate(o *outbox.Writer, ctx context.Context, id int64, language, coordinator string) (outbox.Draft, error) {
	facts, err := s.updateFacts(ctx, id, s.now())
	if err != nil {
		return outbox.Draft{}, err
	}
	return o.DraftUpdate(ctx, id, language, coordinator, &facts)
}

// updateFacts reads what claim id's daily update tells its adjuster at
// now: where the job stands, the documents since its last update, the
// dumpsters and pods swapped since, the adjuster's carrier's open
// requests, the equipment waiting for their approval and the next step.
// Dates already passed are left out: the carrier reads what comes next,
// not what the office is late with.
func (s *Server) updateFacts(ctx context.Context, id int64, now time.Time) (outbox.UpdateFacts, error) {
	c, err := s.lookupClaim(ctx, id)
	if err != nil {
		return outbox.UpdateFacts{}, err
	}
	rules := s.rulesOf(c.OfficeID)
	cal := rules.Calendar
	f := outbox.UpdateFacts{Location: cal.Location(), Now: now}
	last, err := s.db.LastUpdatesOfClaims(ctx, []int64{id})
	if err != nil {
		return f, err
	}
	var since time.Time
	if at, ok := last[id]; ok {
		f.Since, since = &at, at
	}
	if f.Arrived, err = s.arrivedSince(ctx, id, since); err != nil {
		return f, err
	}
	facts, err := s.db.ClaimFacts(ctx, id)
	if err != nil {
		return f, err
	}
	f.Stage = jobStage(facts, now)
	f.Next = nextMilestone(cal.CheckClaim(facts, rules.Milestones, now), now)
	carrier, err := s.carrierAddresses(ctx, c)
	if err != nil {
		return f, err
	}
	if f.Requests, err = s.openRequestFacts(ctx, id, carrier, now); err != nil {
		return f, err
	}
	return f, s.equipmentFacts(ctx, id, since, now, &f)
}

// jobStage is where the job stands at now by facts; the drying equipment
// on site is counted from the equipment log (equipmentFacts).
func jobStage(facts sla.ClaimFacts, now time.Time) outbox.JobStage {
	var st outbox.JobStage
	if at, from, ok := facts.WorkStart(now); ok {
		st.WorkStarted, st.ReadingsOnly, st.Reported = at, from == sla.FromDryingLog, from == sla.FromMail
	}
	at := func(t *time.Time) time.Time {
		if t == nil || t.After(now) {
			return time.Time{}
		}
		return *t
	}
	st.DryingSince, st.Completed = at(facts.EquipmentPlacedAt), at(facts.CompletedAt)
	// A pickup scheduled is not told as done.
	if pickup, scheduled, ok := facts.EquipmentPickup(now); ok && !scheduled {
		st.PickedUp = pickup
	}
	return st
}

// nextMilestone is the first milestone of report the adjuster waits for,
// with what it still lacks; its deadline is left out once passed. Nil
// when none is left.
func nextMilestone(report sla.ClaimReport, now time.Time) *outbox.NextMilestone {
	// A signed form on file whose signatures the office has not checked
	// yet is the office's work, not something to tell the carrier of.
	onFile := map[sla.DocType]bool{}
	for _, it := range report.Checklist {
		if it.Status != sla.ItemMissing {
			onFile[it.Type] = true
		}
	}
	var next *outbox.NextMilestone
	for _, m := range report.Milestones {
		if m.MetAt != nil || m.Due.IsZero() || !outbox.AdjusterMilestone(m.Name) || next != nil && !m.Due.Before(next.Due) {
			continue
		}
		missing := slices.DeleteFunc(slices.Clone(m.Missing), func(t sla.DocType) bool { return onFile[t] })
		next = &outbox.NextMilestone{Name: m.Name, Due: m.Due, Missing: missing}
	}
	if next != nil && !now.Before(next.Due) {
		next.Due = time.Time{}
	}
	return next
}

// openRequestFacts lists claim id's open requests from the carrier's
// people on the claim (carrier: the adjuster's address first, then the
// claim's adjusters and insurance company contacts), each once, with their
// deadlines still ahead of now. What a homeowner, a vendor or the office's
// own people asked for is the office's business, not the carrier's; and a
// shared mail domain tells nothing (the adjuster may write from gmail.com,
// as the homeowner does).
func (s *Server) openRequestFacts(ctx context.Context, id int64, carrier []string, now time.Time) ([]outbox.OpenRequest, error) {
	reqs, err := s.db.ClaimRequests(ctx, id)
	if err != nil {
		return nil, err
	}
	return carrierRequests(reqs, carrier, now), nil
}

// carrierRequests are the open requests of reqs from carrier's addresses
// (the adjuster's first), with their deadlines still ahead of now.
func carrierRequests(reqs []storage.Request, carrier []string, now time.Time) []outbox.OpenRequest {
	ahead := func(t *time.Time) *time.Time {
		if t == nil || !now.Before(*t) {
			return nil
		}
		return t
	}
	var out []outbox.OpenRequest
	for _, r := range reqs {
		from := slices.IndexFunc(carrier, func(a string) bool { return a != "" && strings.EqualFold(a, r.From) })
		if r.Status == storage.RequestDone || r.RepeatOf != nil || from < 0 {
			continue
		}
		out = append(out, outbox.OpenRequest{From: r.From, Yours: from == 0, Asked: slices.Concat(r.DocTypes, r.Items), Due: ahead(r.DueAt)})
	}
	return out
}

// carrierAddresses are the addresses of the carrier's people on claim c
// (carrierPeople).
func (s *Server) carrierAddresses(ctx context.Context, c storage.Claim) ([]string, error) {
	people, err := s.db.ParticipantsOfClaims(ctx, []int64{c.ID})
	if err != nil {
		return nil, err
	}
	return carrierPeople(c, people[c.ID]), nil
}

// carrierPeople are the addresses of the carrier's people on claim c with
// participants people: its adjuster's (first, "" when unknown), then those
// of the participants who are adjusters or the insurance company.
func carrierPeople(c storage.Claim, people []storage.ClaimParticipant) []string {
	out := []string{c.AdjusterEmail}
	for _, p := range people {
		if (p.Role == "adjuster" || p.Role == "insurance_company") && p.Email != "" {
			out = append(out, p.Email)
		}
	}
	return out
}

// equipmentFacts adds to f what claim id's equipment log tells the
// adjuster: the drying equipment on site at now, the dumpsters and pods
// swapped, or their swap logged, since the last update (since), each a
// haul fee, and the lines waiting for their approval.
func (s *Server) equipmentFacts(ctx context.Context, id int64, since, now time.Time, f *outbox.UpdateFacts) error {
	lines, err := s.db.ClaimEquipment(ctx, id)
	if err != nil {
		return err
	}
	for _, e := range lines {
		if equipment.IsDrying(e.Kind) && e.PlacedAt != nil && !e.PlacedAt.After(now) && (e.PickedUpAt == nil || e.PickedUpAt.After(now)) {
			f.Stage.OnSite = addKind(f.Stage.OnSite, e.Kind, e.Count)
		}
		sw := outbox.Swap{Kind: e.Kind}
		for _, h := range e.Hauls {
			// Logged since, though hauled before: no update told it yet.
			if h.At.After(since) || h.LoggedAt.After(since) {
				sw.Days = append(sw.Days, h.At)
			}
		}
		if len(sw.Days) > 0 {
			f.Swaps = append(f.Swaps, sw)
		}
		if e.Approval != equipment.ApprovalRequested {
			continue
		}
		// Only a request claimdesk sent, or one a person marked sent, says
		// when the adjuster was asked: a line marked as needing approval
		// may never have been asked for.
		a := outbox.PendingApproval{What: equipment.Describe(e.Kind, e.Count, e.Vendor, ""), Kind: e.Kind, Count: e.Count, Vendor: e.Vendor}
		if e.ApprovalAsked() {
			a.Asked = e.ApprovalAt
		}
		f.Approvals = append(f.Approvals, a)
	}
	return nil
}

// addKind adds count pieces of kind to counts, in the order kinds first
// appear.
func addKind(counts []outbox.KindCount, kind string, count int) []outbox.KindCount {
	for i := range counts {
		if counts[i].Kind == kind {
			counts[i].Count += count
			return counts
		}
	}
	return append(counts, outbox.KindCount{Kind: kind, Count: count})
}

// arrivedSince counts claim id's documents filed after since, by type.
func (s *Server) arrivedSince(ctx context.Context, id int64, since time.Time) ([]outbox.DocCount, error) {
	docs, err := s.db.ClaimDocuments(ctx, id, 0, factsDocuments)
	if err != nil {
		return nil, err
	}
	counts := map[sla.DocType]int{}
	for _, d := range docs {
		if d.ReceivedAt.After(since) {
			counts[sla.DocType(d.DocType)]++
		}
	}
	var out []outbox.DocCount
	for _, t := range factsDocOrder {
		if n := counts[t]; n > 0 {
			out = append(out, outbox.DocCount{Type: t, Count: n})
		}
	}
	return out, nil
}
