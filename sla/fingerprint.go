package sla

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"
)

// alertRulesVersion is the version of this package's rules for milestones
// and alerts. Raise it with any change to what CheckClaim decides, so that
// alerts kept by an older release are worked out again.
const alertRulesVersion = 1

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
		except := slices.SortedFunc(maps.Keys(e.except), Date.Compare)
		lines = append(lines, fmt.Sprintf("all day %v %d %s until %s extra %v except %v",
			e.start, e.days, ruleText(e.rule), optText(e.until), e.extra, except))
	}
	for _, c := range h.closures {
		lines = append(lines, fmt.Sprintf("closed %s %s", c.start.UTC().Format(time.RFC3339Nano), c.end.UTC().Format(time.RFC3339Nano)))
	}
	for _, e := range h.timed {
		except := slices.Sorted(maps.Keys(e.except))
		var extra []string
		for _, t := range e.extra {
			extra = append(extra, t.UTC().Format(time.RFC3339Nano))
		}
		var until string
		if e.until != nil {
			until = e.until.UTC().Format(time.RFC3339Nano)
		}
		lines = append(lines, fmt.Sprintf("timed %s %s %d %s %s until %s extra %v except %v",
			e.loc, e.start.UTC().Format(time.RFC3339Nano), e.sec, e.dur, ruleText(e.rule), until, extra, except))
	}
	slices.Sort(lines)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

func ruleText(r *yearlyRule) string {
	if r == nil {
		return "once"
	}
	return fmt.Sprintf("%+v", *r)
}

func optText[T any](v *T) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprint(*v)
}
