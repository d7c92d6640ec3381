package sla

import (
	"cmp"
	"slices"
	"time"
)

// TimedAlert is an alert of a claim together with the stretch of time it
// shows: CheckClaim at now lists it exactly when From <= now < Until. Its
// state is not part of it, since that moves with now alone: see At.
type TimedAlert struct {
	Milestone MilestoneName
	// From is the first instant the alert shows: when the milestone comes
	// due soon, or when a fact that raises it happens.
	From time.Time
	// Until is the first instant it no longer shows, because a fact of the
	// claim changes then (a document arrives, a stage happens); zero while
	// no known fact ends it.
	Until time.Time
	// Due is the deadline; zero for work without one (signatures to verify).
	Due     time.Time
	Message string
}

// ShowsAt reports whether the alert is on the claim's list at now.
func (a TimedAlert) ShowsAt(now time.Time) bool {
	return !now.Before(a.From) && (a.Until.IsZero() || now.Before(a.Until))
}

// At is the alert as CheckClaim gives it at now, an instant it shows at:
// overdue once past its deadline, due soon before, pending without one.
func (a TimedAlert) At(now time.Time) Alert {
	state := StatePending
	switch {
	case a.Due.IsZero():
	case now.After(a.Due):
		state = StateOverdue
	default:
		state = StateDueSoon
	}
	return Alert{Milestone: a.Milestone, State: state, Due: a.Due, Message: a.Message}
}

// MilestoneRank is the position of a milestone among a claim's: the order
// in which CheckClaim lists a claim's alerts of the same state and
// deadline.
func MilestoneRank(name MilestoneName) int {
	if i := slices.Index(milestoneOrder, name); i >= 0 {
		return i
	}
	return len(milestoneOrder)
}

// milestoneOrder is the order CheckClaim lists milestones in.
var milestoneOrder = []MilestoneName{
	MilestoneFirstDocs, MilestoneChase, MilestoneATP, MilestoneSignatures,
	MilestonePaperwork, MilestoneCOS, MilestoneLabReport, MilestoneBilling,
}

// AlertsAt lists the alerts of a claim's timeline that show at now, in
// CheckClaim's order: the same list CheckClaim(f, rules, now).Alerts gives
// for the facts and rules the timeline was made from.
func AlertsAt(timeline []TimedAlert, now time.Time) []Alert {
	var shown []TimedAlert
	for _, a := range timeline {
		if a.ShowsAt(now) {
			shown = append(shown, a)
		}
	}
	urgency := map[State]int{StateOverdue: 0, StateDueSoon: 1, StatePending: 2}
	var out []Alert
	for _, a := range shown {
		out = append(out, a.At(now))
	}
	slices.SortStableFunc(out, func(a, b Alert) int {
		return cmp.Or(cmp.Compare(urgency[a.State], urgency[b.State]), a.Due.Compare(b.Due),
			cmp.Compare(MilestoneRank(a.Milestone), MilestoneRank(b.Milestone)))
	})
	return out
}

// AlertTimeline works out every alert a claim raises, at any time, from
// its facts and the rules: what CheckClaim would list at each instant,
// written once instead of asked for at every instant. It lets a store keep
// a claim's alerts and pick those showing at now without computing; it
// changes only when the facts, the rules or the calendar do.
//
// A claim's facts hold still between the instants they name (documents
// received, forms verified, stages of the job): within such a stretch a
// milestone not met raises its alert from when it comes due soon, and
// signatures to verify are listed throughout.
func (c *Calendar) AlertTimeline(f ClaimFacts, rules Rules) []TimedAlert {
	out, _ := c.Timelines(f, rules)
	return out
}

// BillingStretch is a stretch of time in which a claim's billing packet is
// incomplete, and what it lacks then: CheckClaim at now gives its billing
// milestone these Missing and Unverified exactly when From <= now < Until.
type BillingStretch struct {
	// From is zero for a stretch from the claim's start; Until is zero while
	// no known fact ends it.
	From, Until time.Time
	// WarnAt is when the packet shows as due soon (Rules.Billing's Warn),
	// Due its deadline.
	WarnAt, Due time.Time
	Missing     []DocType
	Unverified  []DocType
}

// Timelines works out a claim's alert timeline (see AlertTimeline) and,
// in the same pass, the stretches its billing packet is incomplete: what
// a store keeps so that lists of claims show, filter and sort by billing
// without working each claim out.
func (c *Calendar) Timelines(f ClaimFacts, rules Rules) ([]TimedAlert, []BillingStretch) {
	events := factInstants(f)
	var (
		billing []BillingStretch
		out     []TimedAlert
		last    = map[MilestoneName]int{} // index in out of the latest alert of each milestone
		// The stretches share most business days (those counted from the
		// claim's start): each is looked up once.
		days = map[dayKey]Day{}
		day  = func(start time.Time, n int) Day {
			k := dayKey{start.UnixNano(), n}
			d, ok := days[k]
			if !ok {
				d = c.NthBusinessDay(start, n)
				days[k] = d
			}
			return d
		}
	)
	for i := 0; i <= len(events); i++ {
		// The stretch [start, end) of facts as they are at its start; the
		// first has no start, the last no end.
		var start, end, at time.Time
		switch {
		case i > 0:
			start, at = events[i-1], events[i-1]
		case len(events) > 0:
			at = events[0].Add(-time.Nanosecond)
		default:
			at = f.OpenedAt
		}
		if i < len(events) {
			end = events[i]
		}
		rep, warns := c.checkClaim(f, rules, at, day)
		if b := rep.Milestones[len(rep.Milestones)-1]; b.Name == MilestoneBilling && !b.State.Done() {
			s := BillingStretch{From: start, Until: end, WarnAt: warns[MilestoneBilling], Due: b.Due, Missing: b.Missing, Unverified: b.Unverified}
			if n := len(billing); n > 0 && billing[n-1].Until.Equal(start) && billing[n-1].Due.Equal(s.Due) &&
				slices.Equal(billing[n-1].Missing, s.Missing) && slices.Equal(billing[n-1].Unverified, s.Unverified) {
				billing[n-1].Until = end
			} else {
				billing = append(billing, s)
			}
		}
		for _, m := range rep.Milestones {
			a := TimedAlert{Milestone: m.Name, From: start, Until: end, Due: m.Due}
			switch {
			case m.Name == MilestoneSignatures && len(m.Missing) > 0:
			case m.State.Done() || m.Due.IsZero() || !m.raisesAlert():
				continue
			default:
				// Due soon from its warning; a warning after the deadline
				// shows the alert only once it is overdue.
				from := warns[m.Name]
				if from.After(m.Due) {
					from = m.Due.Add(time.Nanosecond)
				}
				a.From = latest(start, from)
				if !end.IsZero() && !a.From.Before(end) {
					continue
				}
			}
			a.Message = alertMessage(m)
			// The same alert going on from the stretch before is one alert.
			if j, ok := last[m.Name]; ok {
				prev := &out[j]
				if prev.Until.Equal(a.From) && prev.Due.Equal(a.Due) && prev.Message == a.Message {
					prev.Until = a.Until
					continue
				}
			}
			last[m.Name] = len(out)
			out = append(out, a)
		}
	}
	return out, billing
}

// dayKey names a business day counted from an instant.
type dayKey struct {
	start int64 // Unix nanoseconds
	n     int
}

// factInstants returns the instants at which a claim's facts change,
// earliest first, each once.
func factInstants(f ClaimFacts) []time.Time {
	var out []time.Time
	for _, d := range f.Documents {
		out = append(out, d.ReceivedAt)
	}
	for _, at := range f.Verified {
		out = append(out, at)
	}
	for _, r := range f.Rejected {
		out = append(out, r.At)
	}
	for _, at := range []*time.Time{f.WorkStartedAt, f.EquipmentPlacedAt, f.EquipmentPickedUpAt, f.CompletedAt, f.SampledAt} {
		if at != nil {
			out = append(out, *at)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return slices.CompactFunc(out, time.Time.Equal)
}
