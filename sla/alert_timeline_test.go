package sla

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestAlertTimelineMatchesCheckClaim checks, over many random claims,
// rules, calendars and instants, that the alerts a timeline shows at now
// are exactly CheckClaim's at now: same milestones, states, deadlines,
// messages and order. The instants include every edge the timeline has
// (facts, warnings, deadlines, a nanosecond either side), where an
// off-by-one would hide.
func TestAlertTimelineMatchesCheckClaim(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	calendars := map[string]*Calendar{
		"chicago office hours": mustCalendar(t, Config{Location: chicago}),
		"chicago lunch, saturdays and holidays": mustCalendar(t, Config{Location: chicago,
			Hours: "mon-fri 08:00-12:00,13:00-18:00; sat 09:00-12:00", Holidays: "2026-11-26, 2026-12-24..2026-12-31, 01-01"}),
		"utc 24/7":      mustCalendar(t, Config{Hours: "24/7"}),
		"sydney nights": mustCalendar(t, Config{Location: loadLoc(t, "Australia/Sydney"), Hours: "mon-fri 22:00-24:00; tue-sat 00:00-02:00"}),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC) // the week before the autumn DST change in the US
	checked, shown := 0, 0
	for name, cal := range calendars {
		for n := range 200 {
			f := randomFacts(rng, base)
			rules := randomRules(rng)
			timeline := cal.AlertTimeline(f, rules)
			for _, now := range instantsToCheck(rng, base, cal, f, rules, timeline) {
				want := cal.CheckClaim(f, rules, now).Alerts
				got := AlertsAt(timeline, now)
				checked++
				shown += len(want)
				if !sameAlerts(got, want) {
					t.Fatalf("%s, claim %d at %s:\n got  %s\n want %s\nfacts %+v\nrules %+v\ntimeline %+v",
						name, n, now.Format(time.RFC3339Nano), alertsText(got), alertsText(want), f, rules, timeline)
				}
			}
		}
	}
	// The claims must raise alerts often for the comparison to mean much.
	if shown < checked {
		t.Fatalf("%d alerts over %d instants: the random claims raise too few", shown, checked)
	}
}

// TestAlertTimelineIsShort checks that a timeline holds one alert per
// milestone while the facts do not touch it: a claim whose documents
// arrive one by one still has a handful of alerts, not one per document.
func TestAlertTimelineIsShort(t *testing.T) {
	t.Parallel()
	s := setupClaim(t)
	f := ClaimFacts{OpenedAt: s.w("2026-11-02 09:00"), Verified: map[DocType]time.Time{}}
	for i := range 20 {
		f.Documents = append(f.Documents, Document{Type: DocVendorInvoice, ReceivedAt: s.w("2026-11-02 10:00").Add(time.Duration(i) * time.Hour)})
	}
	timeline := s.cal.AlertTimeline(f, Rules{})
	var names []string
	for _, a := range timeline {
		names = append(names, string(a.Milestone))
	}
	want := []string{"first_docs", "chase_technician", "paperwork", "billing"}
	if !slices.Equal(names, want) {
		t.Fatalf("timeline %v, want %v", names, want)
	}
	// Photos and scope due a day after the assignment, due soon four hours
	// before; no fact ends the alert.
	if a := timeline[0]; !a.From.Equal(s.w("2026-11-03 05:00")) || !a.Due.Equal(s.w("2026-11-03 09:00")) || !a.Until.IsZero() {
		t.Errorf("first documents %+v", a)
	}
}

func sameAlerts(a, b []Alert) bool {
	return slices.EqualFunc(a, b, func(x, y Alert) bool {
		return x.Milestone == y.Milestone && x.State == y.State && x.Due.Equal(y.Due) && x.DueDay == y.DueDay && x.Message == y.Message
	})
}

func alertsText(as []Alert) string {
	var out []string
	for _, a := range as {
		out = append(out, fmt.Sprintf("%s:%s:%s:%q", a.Milestone, a.State, a.Due.Format(time.RFC3339Nano), a.Message))
	}
	return fmt.Sprint(out)
}

// randomFacts is a claim opened in the fortnight after base, with a random
// share of its paperwork, forms verified (some before they arrive), and job
// stages, some of them later than the instants checked.
func randomFacts(rng *rand.Rand, base time.Time) ClaimFacts {
	at := func(from time.Time, within time.Duration) time.Time {
		// Whole minutes mostly, as mail and clicks are; nanoseconds at times.
		d := time.Duration(rng.Int64N(int64(within)))
		if rng.IntN(4) > 0 {
			d = d.Truncate(time.Minute)
		}
		return from.Add(d)
	}
	opened := at(base, 14*24*time.Hour)
	f := ClaimFacts{OpenedAt: opened, Drying: rng.IntN(2) == 0, Verified: map[DocType]time.Time{}, Rejected: map[DocType]Rejection{}}
	types := []DocType{DocPhoto, DocATP, DocCOS, DocWaiver, DocEstimate, DocSketch, DocScope, DocLabReport, DocInvoice, DocDryingLog}
	for _, t := range types {
		for range rng.IntN(3) {
			f.Documents = append(f.Documents, Document{Type: t, ReceivedAt: at(opened.Add(-24*time.Hour), 20*24*time.Hour)})
		}
		if slices.Contains(signedForms, t) && rng.IntN(2) == 0 {
			f.Verified[t] = at(opened, 20*24*time.Hour)
		}
		if slices.Contains(signedForms, t) && rng.IntN(3) == 0 {
			f.Rejected[t] = Rejection{At: at(opened, 20*24*time.Hour), Reason: "wrong form signed"}
		}
	}
	stage := func() *time.Time {
		if rng.IntN(2) == 0 {
			return nil
		}
		v := at(opened.Add(-12*time.Hour), 20*24*time.Hour)
		return &v
	}
	f.WorkStartedAt, f.EquipmentPickedUpAt, f.CompletedAt, f.SampledAt = stage(), stage(), stage(), stage()
	f.EquipmentPlacedAt = stage()
	// A placement is a day alone at times: it stands at noon.
	f.MailPlacedAt = stage()
	for _, p := range []struct {
		at  *time.Time
		day *bool
	}{{f.EquipmentPlacedAt, &f.EquipmentPlacedDayOnly}, {f.MailPlacedAt, &f.MailPlacedDayOnly}} {
		if p.at != nil && rng.IntN(2) == 0 {
			*p.at, *p.day = time.Date(p.at.Year(), p.at.Month(), p.at.Day(), 12, 0, 0, 0, p.at.Location()), true
		}
	}
	return f
}

// randomRules are the defaults, a valid configuration, or nonsense that
// CheckClaim still uses (warnings after deadlines, equal deadlines).
func randomRules(rng *rand.Rand) Rules {
	switch rng.IntN(4) {
	case 0:
		return Rules{}
	case 1:
		return Rules{FirstDocs: 8 * time.Hour, FirstDocsWarn: 8 * time.Hour, Chase: Window{1, 2}, Paperwork: Window{2, 2},
			Billing: Window{4, 6}, LabReport: Window{1, 1}}
	case 2:
		return Rules{FirstDocs: 30 * time.Hour, FirstDocsWarn: -2 * time.Hour, Chase: Window{3, 2}, Paperwork: Window{5, 3},
			Billing: Window{3, 3}, LabReport: Window{6, 2}}
	}
	w := func() Window { return Window{1 + rng.IntN(6), 1 + rng.IntN(6)} }
	return Rules{FirstDocs: time.Duration(1+rng.IntN(48)) * time.Hour, FirstDocsWarn: time.Duration(rng.IntN(12)) * time.Hour,
		Chase: w(), Paperwork: w(), Billing: w(), LabReport: w()}
}

// instantsToCheck are random instants around the claim's life, and every
// edge of its facts, milestones and timeline with a nanosecond either side.
func instantsToCheck(rng *rand.Rand, base time.Time, cal *Calendar, f ClaimFacts, rules Rules, timeline []TimedAlert) []time.Time {
	var edges []time.Time
	facts := factInstants(f)
	edges = append(edges, facts...)
	for _, at := range append(facts, f.OpenedAt) {
		rep, warns := cal.checkClaim(f, rules, at, cal.NthBusinessDay)
		for _, m := range rep.Milestones {
			edges = append(edges, m.Due, warns[m.Name])
		}
	}
	for _, a := range timeline {
		edges = append(edges, a.From, a.Due)
		if !a.Until.IsZero() {
			edges = append(edges, a.Until)
		}
	}
	var out []time.Time
	for _, e := range edges {
		if !e.IsZero() {
			out = append(out, e.Add(-time.Nanosecond), e, e.Add(time.Nanosecond))
		}
	}
	for range 20 {
		out = append(out, base.Add(time.Duration(rng.Int64N(int64(60*24*time.Hour)))))
	}
	slices.SortFunc(out, time.Time.Compare)
	return slices.CompactFunc(out, time.Time.Equal)
}

// BenchmarkAlertTimeline measures working out a claim's timeline, once per
// change of its facts, against CheckClaim, which the board used to run on
// every open claim at every view.
func BenchmarkAlertTimeline(b *testing.B) {
	cal := mustCalendar(b, Config{Location: loadLoc(b, "America/Chicago")})
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 10, 26, 0, 0, 0, 0, time.UTC)
	var claims []ClaimFacts
	for range 100 {
		claims = append(claims, randomFacts(rng, base))
	}
	now := base.Add(30 * 24 * time.Hour)
	b.Run("timeline", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			cal.AlertTimeline(claims[i%len(claims)], Rules{})
		}
	})
	b.Run("check-claim", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			cal.CheckClaim(claims[i%len(claims)], Rules{}, now)
		}
	})
}
