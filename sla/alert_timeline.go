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
	Due time.Time
	// DueDay says Due is the close of a day given alone (Milestone.DueDay).
	DueDay  bool
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
	return Alert{Milestone: a.Milestone, State: state, Due: a.Due, DueDay: a.DueDay, Message: a.Message}
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
// milestone these Owed, Unverified and Waiting exactly when From <= now <
// Until.
type BillingStretch struct {
	// From is zero for a stretch from the claim's start; Until is zero while
	// no known fact ends it.
	From, Until time.Time
	// WarnAt is when the packet shows as due soon (Rules.Billing's Warn),
	// Due its deadline.
	WarnAt, Due time.Time
	// Missing are the documents it lacks that are owed (Milestone.Owed);
	// Waiting those not owed yet (Milestone.Waiting). A packet that lacks
	// only what is not owed yet has no stretch.
	Missing    []DocType
	Unverified []DocType
	Waiting    []DocType
}

// Timelines works out a claim's alert timeline (see AlertTimeline) and,
// in the same pass, the stretches its billing packet is incomplete: what
// a store keeps so that lists of claims show, filter and sort by billing
// without working each claim out.
func (c *Calendar) Timelines(f ClaimFacts, rules Rules) ([]TimedAlert, []BillingStretch) {
	events := factInstants(f)
	day := c.businessDays()
	t := timelines{last: map[MilestoneName]int{}}
	for i := 0; i <= len(events); i++ {
		start, end, at := factStretch(f, events, i)
		rep, warns := c.checkClaim(f, rules, at, day)
		if b := rep.Milestones[len(rep.Milestones)-1]; b.Name == MilestoneBilling && !b.State.Done() && len(b.Owed()) > 0 {
			t.addBilling(BillingStretch{From: start, Until: end, WarnAt: warns[MilestoneBilling],
				Due: b.Due, Missing: b.Owed(), Unverified: b.Unverified, Waiting: b.Waiting})
		}
		for _, m := range rep.Milestones {
			if a, ok := stretchAlert(m, warns[m.Name], start, end); ok {
				t.addAlert(a)
			}
		}
	}
	return t.alerts, t.billing
}

// businessDays is c.NthBusinessDay remembered: a claim's stretches share
// most business days (those counted from the claim's start), so each is
// looked up once.
func (c *Calendar) businessDays() func(start time.Time, n int) Day {
	days := map[dayKey]Day{}
	return func(start time.Time, n int) Day {
		k := dayKey{start.UnixNano(), n}
		d, ok := days[k]
		if !ok {
			d = c.NthBusinessDay(start, n)
			days[k] = d
		}
		return d
	}
}

// factStretch is the i-th stretch [start, end) between the instants
// events, and the instant at which to check the claim's facts as they are
// in it: the first stretch has no start, the last no end.
func factStretch(f ClaimFacts, events []time.Time, i int) (start, end, at time.Time) {
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
	return start, end, at
}

// stretchAlert is the alert milestone m raises within the stretch [start,
// end), warned from warn; false when it raises none there.
func stretchAlert(m Milestone, warn, start, end time.Time) (TimedAlert, bool) {
	a := TimedAlert{Milestone: m.Name, From: start, Until: end, Due: m.Due, DueDay: m.DueDay}
	switch {
	case m.Name == MilestoneSignatures && len(m.Missing) > 0:
	case m.State.Done() || m.Due.IsZero() || !m.raisesAlert():
		return TimedAlert{}, false
	default:
		// Due soon from its warning; a warning after the deadline
		// shows the alert only once it is overdue.
		if warn.After(m.Due) {
			warn = m.Due.Add(time.Nanosecond)
		}
		a.From = latest(start, warn)
		if !end.IsZero() && !a.From.Before(end) {
			return TimedAlert{}, false
		}
	}
	a.Message = alertMessage(m)
	return a, true
}

// timelines gathers a claim's alerts and billing stretches, stretch after
// stretch.
type timelines struct {
	alerts  []TimedAlert
	billing []BillingStretch
	last    map[MilestoneName]int // index in alerts of the latest alert of each milestone
}

// addAlert adds a, or lengthens the same alert going on from the stretch
// before: it is one alert.
func (t *timelines) addAlert(a TimedAlert) {
	if j, ok := t.last[a.Milestone]; ok {
		prev := &t.alerts[j]
		if prev.Until.Equal(a.From) && prev.Due.Equal(a.Due) && prev.DueDay == a.DueDay && prev.Message == a.Message {
			prev.Until = a.Until
			return
		}
	}
	t.last[a.Milestone] = len(t.alerts)
	t.alerts = append(t.alerts, a)
}

// addBilling adds s, or lengthens the stretch before when the packet
// lacks the same then.
func (t *timelines) addBilling(s BillingStretch) {
	if n := len(t.billing); n > 0 && t.billing[n-1].Until.Equal(s.From) && t.billing[n-1].Due.Equal(s.Due) &&
		slices.Equal(t.billing[n-1].Missing, s.Missing) && slices.Equal(t.billing[n-1].Unverified, s.Unverified) &&
		slices.Equal(t.billing[n-1].Waiting, s.Waiting) {
		t.billing[n-1].Until = s.Until
		return
	}
	t.billing = append(t.billing, s)
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
	for _, at := range []*time.Time{f.WorkStartedAt, f.EquipmentPlacedAt, f.MailPlacedAt, f.EquipmentPickedUpAt, f.CompletedAt, f.SampledAt} {
		if at != nil {
			out = append(out, *at)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return slices.CompactFunc(out, time.Time.Equal)
}
