package sla

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// alertRulesVersion is the version of this package's rules for milestones
// and alerts. Raise it with any change to what CheckClaim decides, so that
// alerts kept by an older release are worked out again.
const alertRulesVersion = 9

// AlertsFingerprint names everything a claim's AlertTimeline depends on
// besides its facts: the rules, this calendar (zone, hours, holidays) and
// the version of the package's rules. Equal fingerprints give equal
// timelines for equal facts, so a store of timelines made under another
// fingerprint is out of date. The zone counts by its name: a new release
// of the time zone database that moves a zone's offsets is not seen.
func (c *Calendar) AlertsFingerprint(rules Rules) string {
	h := sha256.New()
	fmt.Fprintf(h, "alerts v%d\nrules %+v\nzone %s\nhours %s\n", alertRulesVersion, rules.withDefaults(), c.loc, c.hours)
	c.holidays.fingerprint(h)
	return hex.EncodeToString(h.Sum(nil))
}

// fingerprint writes the holidays to w in a form that depends on their
// content alone, not on the order they were read in.
func (h Holidays) fingerprint(w io.Writer) {
	dates := slices.SortedFunc(maps.Keys(h.dates), Date.Compare)
	fmt.Fprintf(w, "dates %v\n", dates)
	annual := slices.SortedFunc(maps.Keys(h.annual), func(a, b monthDay) int {
		return cmp.Or(cmp.Compare(a.month, b.month), cmp.Compare(a.day, b.day))
	})
	fmt.Fprintf(w, "annual %v\n", annual)
	var lines []string
	for _, e := range h.allDay {
		lines = append(lines, fmt.Sprintf("all day %d %s", e.days, e.starts.text()))
	}
	for _, c := range h.closures {
		lines = append(lines, fmt.Sprintf("closed %s %s", c.start.UTC().Format(time.RFC3339Nano), c.end.UTC().Format(time.RFC3339Nano)))
	}
	for _, e := range h.timed {
		lines = append(lines, fmt.Sprintf("timed %s %s", e.dur, e.starts.text()))
	}
	slices.Sort(lines)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

// text is the recurrence in RFC 5545 form, its lines sorted.
func (r *recurrence) text() string {
	return strings.Join(slices.Sorted(slices.Values(r.set.Recurrence())), ";")
}
