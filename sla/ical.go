package sla

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// maxCount bounds RRULE COUNT; a holiday repeating more than a thousand
// times is a broken file, and expanding it would cost more than it is worth.
const maxCount = 1000

// ParseICal reads holidays from an iCalendar (RFC 5545) file, such as a
// holiday calendar exported from a calendar application. Every VEVENT
// closes the office: an all-day event (DTSTART;VALUE=DATE) for its whole
// days, a timed event for its exact stretch of time. DTEND or DURATION give
// the end (an all-day event without either lasts one day). Repetition is
// read from RRULE with FREQ=YEARLY (INTERVAL, COUNT, UNTIL, BYMONTH,
// BYMONTHDAY, BYDAY with ordinals such as 4TH or -1MO, BYSETPOS), RDATE and
// EXDATE. Cancelled events are skipped; other components are ignored.
//
// Times without a zone (floating) and times whose TZID is not a known IANA
// zone, such as Windows zone names, are read in loc, the office's zone: an
// office's holiday calendar is written in the office's own time. A nil loc
// means UTC. The error gives the line and what is wrong.
func ParseICal(data []byte, loc *time.Location) (Holidays, error) {
	if loc == nil {
		loc = time.UTC
	}
	lines, err := contentLines(string(data))
	if err != nil {
		return Holidays{}, fmt.Errorf("ical: %w", err)
	}
	p := icalParser{loc: loc, h: Holidays{dates: map[Date]bool{}, annual: map[monthDay]bool{}}}
	if err := p.walk(lines); err != nil {
		return Holidays{}, fmt.Errorf("ical: %w", err)
	}
	return p.h, nil
}

// The file is read into lines and components here rather than by go-ical's
// Decoder, which was measured against this package's tests and wants on
// each of them: its errors name no line, an unclosed component comes back
// as a bare EOF, a byte-order mark is taken as part of the first name, and
// a parameter with no ":" after it ("DTSTART;VALUE=DATE") panics with an
// index out of range. go-ical reads the values (dates, times, durations)
// and rrule-go the repetition.

// contentLine is one logical iCalendar line, unfolded.
type contentLine struct {
	num    int // physical line it starts on, for error messages
	name   string
	params map[string]string
	value  string
}

func (l contentLine) errorf(format string, args ...any) error {
	return fmt.Errorf("line %d: %s: %s", l.num, l.name, fmt.Sprintf(format, args...))
}

// contentLines unfolds continuation lines (those starting with a space or
// tab) and splits each logical line into name, parameters and value.
func contentLines(s string) ([]contentLine, error) {
	s = strings.TrimPrefix(s, "\uFEFF")
	type raw struct {
		num  int
		text string
	}
	var raws []raw
	for i, l := range strings.Split(s, "\n") {
		l = strings.TrimSuffix(l, "\r")
		if l != "" && (l[0] == ' ' || l[0] == '\t') && len(raws) > 0 {
			raws[len(raws)-1].text += l[1:]
			continue
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		raws = append(raws, raw{i + 1, l})
	}
	if len(raws) == 0 {
		return nil, errors.New("empty file; want an iCalendar file starting with BEGIN:VCALENDAR")
	}
	out := make([]contentLine, 0, len(raws))
	for _, r := range raws {
		cl, err := parseContentLine(r.text)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", r.num, err)
		}
		cl.num = r.num
		out = append(out, cl)
	}
	return out, nil
}

func parseContentLine(s string) (contentLine, error) {
	end := strings.IndexAny(s, ";:")
	if end <= 0 {
		return contentLine{}, fmt.Errorf("%q is not a content line: want NAME:VALUE", truncate(s))
	}
	cl := contentLine{name: strings.ToUpper(s[:end])}
	i := end
	for i < len(s) && s[i] == ';' {
		i++
		eq := strings.IndexByte(s[i:], '=')
		if eq <= 0 {
			return contentLine{}, fmt.Errorf("%s: parameter without \"=\"", cl.name)
		}
		key := strings.ToUpper(s[i : i+eq])
		i += eq + 1
		var val string
		if i < len(s) && s[i] == '"' {
			q := strings.IndexByte(s[i+1:], '"')
			if q < 0 {
				return contentLine{}, fmt.Errorf("%s: unterminated quote in parameter %s", cl.name, key)
			}
			val = s[i+1 : i+1+q]
			i += q + 2
		} else {
			stop := strings.IndexAny(s[i:], ";:")
			if stop < 0 {
				stop = len(s) - i
			}
			val = s[i : i+stop]
			i += stop
		}
		if cl.params == nil {
			cl.params = map[string]string{}
		}
		cl.params[key] = val
	}
	if i >= len(s) || s[i] != ':' {
		return contentLine{}, fmt.Errorf("%s: no \":\" before the value", cl.name)
	}
	cl.value = strings.TrimSpace(s[i+1:])
	return cl, nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

type icalParser struct {
	loc *time.Location
	h   Holidays
}

// walk checks the component structure and hands each VEVENT's own
// properties (not those of a VALARM inside it) to addEvent.
func (p *icalParser) walk(lines []contentLine) error {
	type open struct {
		name string
		line int
	}
	var stack []open
	var event []contentLine
	for _, l := range lines {
		switch l.name {
		case "BEGIN":
			name := strings.ToUpper(l.value)
			if len(stack) == 0 && name != "VCALENDAR" {
				return fmt.Errorf("line %d: BEGIN:%s outside a calendar; want BEGIN:VCALENDAR first", l.num, l.value)
			}
			if name == "VEVENT" && len(stack) == 1 {
				event = event[:0]
			}
			stack = append(stack, open{name, l.num})
		case "END":
			name := strings.ToUpper(l.value)
			if len(stack) == 0 {
				return fmt.Errorf("line %d: END:%s without BEGIN", l.num, l.value)
			}
			top := stack[len(stack)-1]
			if top.name != name {
				return fmt.Errorf("line %d: END:%s, but BEGIN:%s at line %d is still open", l.num, l.value, top.name, top.line)
			}
			stack = stack[:len(stack)-1]
			if name == "VEVENT" && len(stack) == 1 {
				if err := p.addEvent(event, top.line); err != nil {
					return err
				}
			}
		default:
			switch {
			case len(stack) == 0:
				return fmt.Errorf("line %d: %s outside a calendar; want BEGIN:VCALENDAR first", l.num, l.name)
			case len(stack) == 2 && stack[1].name == "VEVENT":
				event = append(event, l)
			}
		}
	}
	if len(stack) > 0 {
		top := stack[len(stack)-1]
		return fmt.Errorf("BEGIN:%s at line %d is never closed", top.name, top.line)
	}
	return nil
}

// icalTime is a DATE or DATE-TIME value.
type icalTime struct {
	allDay bool
	date   Date      // the written date, in the value's own zone
	sec    int       // wall-clock second of the day (DATE-TIME only)
	t      time.Time // the instant (DATE-TIME only), in the value's zone
}

// eventProps are the properties of one VEVENT that say when it is.
type eventProps struct {
	dtstart, dtend, duration, rrule *contentLine
	rdates, exdates                 []contentLine
	cancelled                       bool
}

func collectEventProps(props []contentLine) (eventProps, error) {
	var e eventProps
	for i := range props {
		l := &props[i]
		var slot **contentLine
		switch l.name {
		case "DTSTART":
			slot = &e.dtstart
		case "DTEND":
			slot = &e.dtend
		case "DURATION":
			slot = &e.duration
		case "RRULE":
			slot = &e.rrule
		case "RDATE":
			e.rdates = append(e.rdates, *l)
		case "EXDATE":
			e.exdates = append(e.exdates, *l)
		case "STATUS":
			e.cancelled = e.cancelled || strings.EqualFold(l.value, string(ical.EventCancelled))
		}
		if slot != nil && *slot != nil {
			return e, l.errorf("appears twice in the event")
		} else if slot != nil {
			*slot = l
		}
	}
	return e, nil
}

func (p *icalParser) addEvent(props []contentLine, begin int) error {
	e, err := collectEventProps(props)
	if err != nil || e.cancelled {
		return err
	}
	if e.dtstart == nil {
		return fmt.Errorf("line %d: VEVENT has no DTSTART", begin)
	}
	start, err := p.timeValue(*e.dtstart, e.dtstart.value)
	if err != nil {
		return err
	}
	if e.dtend != nil && e.duration != nil {
		return e.dtend.errorf("an event has DTEND or DURATION, not both")
	}
	if start.allDay {
		return p.addAllDay(start, e)
	}
	return p.addTimed(start, e)
}

// length reads how long the event lasts from DTEND or DURATION; def when
// it has neither.
func (p *icalParser) length(start icalTime, e eventProps, def time.Duration) (time.Duration, error) {
	switch {
	case e.dtend != nil:
		end, err := p.timeValue(*e.dtend, e.dtend.value)
		switch {
		case err != nil:
			return 0, err
		case start.allDay && !end.allDay:
			return 0, e.dtend.errorf("DTSTART is a date, so DTEND must be a date too (VALUE=DATE)")
		case !start.allDay && end.allDay:
			return 0, e.dtend.errorf("DTSTART has a time, so DTEND must have one too")
		case start.allDay:
			// Days, not durations, are compared: years of days would overflow.
			switch days := daysBetween(start.date, end.date); {
			case days < 0:
				return 0, e.dtend.errorf("the event ends before it starts")
			case days > maxHolidayDays:
				return 0, e.dtend.errorf("an event of %d days is longer than a year", days)
			default:
				return time.Duration(days) * 24 * time.Hour, nil
			}
		}
		return end.t.Sub(start.t), nil
	case e.duration != nil:
		prop := ical.NewProp(ical.PropDuration)
		prop.Value = e.duration.value
		d, err := prop.Duration()
		// go-ical takes "P" alone as no time, and multiplies its numbers
		// unbounded, so that a huge one wraps around: both are refused.
		long := slices.ContainsFunc(strings.FieldsFunc(prop.Value, func(r rune) bool { return r < '0' || r > '9' }),
			func(n string) bool { return len(n) > 6 })
		if err != nil || long || len(strings.TrimLeft(prop.Value, "+-")) < 3 {
			return 0, e.duration.errorf("%q is not a duration: want e.g. P1D, P2W or PT4H", e.duration.value)
		}
		return d, nil
	}
	return def, nil
}

func (p *icalParser) addAllDay(start icalTime, e eventProps) error {
	length, err := p.length(start, e, 24*time.Hour)
	if err != nil {
		return err
	}
	if length%(24*time.Hour) != 0 {
		return e.duration.errorf("an all-day event lasts whole days, not %s", e.duration.value)
	}
	days := int(length / (24 * time.Hour))
	switch {
	case days < 0:
		return lineOf(e.dtend, e.duration).errorf("the event ends before it starts")
	case days == 0:
		return nil // ends where it starts: closes nothing
	case days > maxHolidayDays:
		return lineOf(e.dtend, e.duration).errorf("an event of %d days is longer than a year", days)
	}
	// All-day occurrences are counted at midnight UTC, where every day
	// has 24 hours, and read back as dates.
	set, err := p.recurrenceSet(start.date.utc(), e, true, func(v icalTime) (time.Time, error) { return v.date.utc(), nil })
	if err != nil {
		return err
	}
	if set.GetRRule() == nil || set.GetRRule().OrigOptions.Count > 0 {
		// A one-off event, or one that ends after COUNT occurrences: its
		// days go straight into the date set.
		for _, s := range set.All() {
			for i := range days {
				p.h.dates[DateOf(s).AddDays(i)] = true
			}
		}
		return nil
	}
	p.h.allDay = append(p.h.allDay, &allDayEvent{days: days, starts: newRecurrence(set, time.UTC)})
	return nil
}

func (p *icalParser) addTimed(start icalTime, e eventProps) error {
	dur, err := p.length(start, e, 0)
	if err != nil {
		return err
	}
	switch {
	case dur < 0:
		return lineOf(e.dtend, e.duration).errorf("the event ends before it starts")
	case dur == 0:
		return nil // an instant closes nothing
	case dur > maxHolidayDays*24*time.Hour:
		return lineOf(e.dtend, e.duration).errorf("an event longer than a year")
	}
	loc := start.t.Location()
	set, err := p.recurrenceSet(start.t, e, false, func(v icalTime) (time.Time, error) {
		if v.allDay {
			// A date on a timed event means that day's occurrence.
			return wallInstant(loc, v.date, start.sec), nil
		}
		return v.t, nil
	})
	if err != nil {
		return err
	}
	if set.GetRRule() == nil || set.GetRRule().OrigOptions.Count > 0 {
		for _, s := range set.All() {
			p.h.closures = append(p.h.closures, span{s, s.Add(dur)})
		}
		return nil
	}
	p.h.timed = append(p.h.timed, &timedEvent{dur: dur, starts: newRecurrence(set, loc)})
	return nil
}

func lineOf(a, b *contentLine) *contentLine {
	if a != nil {
		return a
	}
	return b
}

// recurrenceSet gathers the event's occurrences for rrule-go: DTSTART,
// RRULE, RDATE and EXDATE, each date read by at. go-ical's
// own Component.RecurrenceSet is not used: it adds the EXDATEs a second
// time as RDATEs, reads one date per line where RFC 5545 allows lists,
// and fails on zone names that are not IANA names.
func (p *icalParser) recurrenceSet(dtstart time.Time, e eventProps, allDay bool, at func(icalTime) (time.Time, error)) (*rrule.Set, error) {
	set := &rrule.Set{}
	if e.rrule != nil {
		rule, err := p.parseRRule(*e.rrule, dtstart, allDay)
		if err != nil {
			return nil, err
		}
		set.RRule(rule)
	}
	// DTSTART is always the first occurrence (RFC 5545), even where the
	// rule would not produce it; an RDATE before it is not an occurrence.
	set.RDate(dtstart)
	for _, l := range e.rdates {
		err := p.eachTime(l, at, func(t time.Time) {
			if !t.Before(dtstart) {
				set.RDate(t)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	for _, l := range e.exdates {
		if err := p.eachTime(l, at, set.ExDate); err != nil {
			return nil, err
		}
	}
	return set, nil
}

// eachTime reads the comma-separated values of an RDATE or EXDATE.
func (p *icalParser) eachTime(l contentLine, at func(icalTime) (time.Time, error), f func(time.Time)) error {
	if strings.EqualFold(l.params["VALUE"], "PERIOD") {
		return l.errorf("VALUE=PERIOD is not supported; list start dates instead")
	}
	for v := range strings.SplitSeq(l.value, ",") {
		it, err := p.timeValue(l, strings.TrimSpace(v))
		if err != nil {
			return err
		}
		t, err := at(it)
		if err != nil {
			return err
		}
		f(t)
	}
	return nil
}

// timeValue reads a DATE (20261225) or DATE-TIME (20261224T120000,
// optionally ending in Z for UTC) according to the line's VALUE and TZID,
// with go-ical. The value type and the zone are settled here first: go-ical
// reads a DTSTART written as a bare date as a broken date-time, and fails
// on zone names that are not IANA names.
func (p *icalParser) timeValue(l contentLine, v string) (icalTime, error) {
	kind := ical.ValueType(strings.ToUpper(l.params["VALUE"]))
	if kind == ical.ValueDefault {
		kind = ical.ValueDateTime
		if len(v) == len("20060102") {
			kind = ical.ValueDate
		}
	}
	prop := ical.NewProp(l.name)
	prop.Value = v
	loc := p.loc
	switch kind {
	case ical.ValueDate:
		prop.Params.Set(ical.ParamValue, string(ical.ValueDate))
		t, err := prop.DateTime(time.UTC)
		if err != nil {
			return icalTime{}, l.errorf("%q is not a date: want YYYYMMDD", v)
		}
		return icalTime{allDay: true, date: DateOf(t)}, nil
	case ical.ValueDateTime:
		prop.Params.Set(ical.ParamValue, string(ical.ValueDateTime))
		if tzid := l.params["TZID"]; tzid != "" {
			loc = p.zone(tzid)
		}
		t, err := prop.DateTime(loc)
		if err != nil || (len(v) != len("20060102T150405") && len(v) != len("20060102T150405Z")) {
			return icalTime{}, l.errorf("%q is not a date-time: want YYYYMMDDTHHMMSS, with Z for UTC", v)
		}
		return icalTime{date: DateOf(t), sec: t.Hour()*3600 + t.Minute()*60 + t.Second(), t: t}, nil
	default:
		return icalTime{}, l.errorf("VALUE=%s is not supported; want DATE or DATE-TIME", kind)
	}
}

// zone resolves a TZID. Calendar applications often write Windows names
// ("Central Standard Time") or vendor prefixes
// ("/mozilla.org/20050126_1/America/Chicago"); what is not an IANA name is
// taken as the office's zone, which is what an office calendar means.
func (p *icalParser) zone(tzid string) *time.Location {
	if tzid == p.loc.String() {
		return p.loc
	}
	parts := strings.Split(strings.Trim(tzid, "/"), "/")
	for i := range parts {
		name := strings.Join(parts[i:], "/")
		if name == "" || strings.Contains(name, "..") || name == "Local" {
			continue
		}
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return p.loc
}

// parseRRule reads an RRULE with rrule-go for an event starting at
// dtstart, which repeats in its own zone. Holidays repeat yearly, so only
// FREQ=YEARLY and the parts a holiday needs are accepted; each part is
// checked on its own so that an error names it.
func (p *icalParser) parseRRule(l contentLine, dtstart time.Time, allDay bool) (*rrule.RRule, error) {
	value := strings.ToUpper(l.value) // rrule-go reads upper case only
	var until string
	seen := map[string]bool{}
	for part := range strings.SplitSeq(value, ";") {
		key, val, ok := strings.Cut(part, "=")
		if !ok || val == "" {
			return nil, l.errorf("%q: want KEY=VALUE", part)
		}
		seen[key] = true
		if key == "UNTIL" {
			until = val
		}
		if err := checkRulePart(key, val); err != nil {
			return nil, l.errorf("%s=%s: %v", key, val, err)
		}
	}
	loc := dtstart.Location()
	if allDay {
		loc = p.loc // an UNTIL without a zone is office time
	}
	opt, err := rrule.StrToROptionInLocation(value, loc)
	switch {
	case !seen["FREQ"]:
		return nil, l.errorf("no FREQ")
	case err != nil:
		return nil, l.errorf("%v", err)
	case opt.Freq != rrule.YEARLY:
		return nil, l.errorf("FREQ=%s is not supported; holidays repeat yearly (FREQ=YEARLY), and weekly closing days belong in the office hours", opt.Freq)
	case seen["COUNT"] && seen["UNTIL"]:
		return nil, l.errorf("COUNT and UNTIL cannot both be given")
	}
	opt.Dtstart = dtstart
	switch {
	case until == "":
	case allDay:
		// All-day occurrences are midnights UTC; UNTIL is the office's date.
		opt.Until = DateOf(opt.Until.In(p.loc)).utc()
	case len(until) == len("20060102"):
		// A date UNTIL includes occurrences starting that day.
		opt.Until = wallInstant(loc, DateOf(opt.Until), 24*3600).Add(-time.Second)
	}
	rule, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, l.errorf("%v", err)
	}
	if opt.Count > 0 && !rule.After(dtstart, true).Equal(dtstart) {
		// RFC 5545 counts DTSTART as the first occurrence even when the
		// rule would not produce it; rrule-go counts only what the rule
		// produces, so its count is one less.
		if opt.Count--; opt.Count == 0 {
			opt.Until = dtstart.Add(-time.Second)
		}
		rule, _ = rrule.NewRRule(*opt)
	}
	return rule, nil
}

// checkRulePart checks one part of an RRULE: that a holiday calendar may
// use it, and that rrule-go reads it.
func checkRulePart(key, val string) error {
	switch key {
	case "FREQ", "INTERVAL", "UNTIL", "BYMONTH", "BYMONTHDAY", "BYSETPOS", "WKST":
	case "COUNT":
		if n, err := strconv.Atoi(val); err != nil || n < 1 || n > maxCount {
			return fmt.Errorf("%q: want a number from 1 to %d", val, maxCount)
		}
	case "BYDAY":
		// rrule-go takes an ordinal of 0 (0MO) as every Monday, and
		// names an unknown weekday less plainly.
		for item := range strings.SplitSeq(val, ",") {
			item = strings.TrimSpace(item)
			if len(item) < 2 || !slices.Contains([]string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}, item[len(item)-2:]) {
				return fmt.Errorf("%q: unknown weekday; want MO, TU, WE, TH, FR, SA or SU, optionally after an ordinal such as 4TH or -1MO", item)
			}
			if ord := item[:len(item)-2]; ord != "" {
				if n, err := strconv.Atoi(ord); err != nil || n == 0 || n < -53 || n > 53 {
					return fmt.Errorf("%q: the ordinal must be 1 to 53 or -1 to -53", item)
				}
			}
		}
	case "BYWEEKNO", "BYYEARDAY", "BYHOUR", "BYMINUTE", "BYSECOND", "BYEASTER":
		return errors.New("not supported")
	default:
		return errors.New("unknown rule part")
	}
	opt, err := rrule.StrToROption("FREQ=YEARLY;" + key + "=" + val)
	if err == nil {
		_, err = rrule.NewRRule(*opt)
	}
	if err != nil {
		return fmt.Errorf("%q: %w", val, err)
	}
	return nil
}

// recurrence lists the occurrences of a repeating event year by year,
// remembering the years asked for: the calendar asks about the same few
// years over and over, and rrule-go counts each time from DTSTART.
type recurrence struct {
	set *rrule.Set
	loc *time.Location // the zone the years are counted in

	mu    sync.Mutex
	years map[int][]time.Time
}

// maxRecurrenceYears bounds the years remembered per event.
const maxRecurrenceYears = 64

func newRecurrence(set *rrule.Set, loc *time.Location) *recurrence {
	return &recurrence{set: set, loc: loc, years: map[int][]time.Time{}}
}

// inYear lists the starts in year y, earliest first.
func (r *recurrence) inYear(y int) []time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ts, ok := r.years[y]; ok {
		return ts
	}
	from := time.Date(y, 1, 1, 0, 0, 0, 0, r.loc)
	to := from.AddDate(1, 0, 0)
	ts := slices.DeleteFunc(r.set.Between(from, to, true), func(t time.Time) bool { return !t.Before(to) })
	if len(r.years) >= maxRecurrenceYears {
		clear(r.years)
	}
	r.years[y] = ts
	return ts
}
