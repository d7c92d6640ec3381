package sla

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
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
	date   Date // the written date, in the value's own zone
	sec    int  // wall-clock second of the day (DATE-TIME only)
	loc    *time.Location
	t      time.Time // the instant (DATE-TIME only)
}

func (p *icalParser) addEvent(props []contentLine, begin int) error {
	var dtstart, dtend, duration, rrule *contentLine
	var rdates, exdates []contentLine
	for i := range props {
		l := &props[i]
		once := func(slot **contentLine) error {
			if *slot != nil {
				return l.errorf("appears twice in the event")
			}
			*slot = l
			return nil
		}
		var err error
		switch l.name {
		case "DTSTART":
			err = once(&dtstart)
		case "DTEND":
			err = once(&dtend)
		case "DURATION":
			err = once(&duration)
		case "RRULE":
			err = once(&rrule)
		case "RDATE":
			rdates = append(rdates, *l)
		case "EXDATE":
			exdates = append(exdates, *l)
		case "STATUS":
			if strings.EqualFold(l.value, "CANCELLED") {
				return nil
			}
		}
		if err != nil {
			return err
		}
	}
	if dtstart == nil {
		return fmt.Errorf("line %d: VEVENT has no DTSTART", begin)
	}
	start, err := p.timeValue(*dtstart, dtstart.value)
	if err != nil {
		return err
	}
	if dtend != nil && duration != nil {
		return dtend.errorf("an event has DTEND or DURATION, not both")
	}
	var rule *yearlyRule
	var until *icalTime
	if rrule != nil {
		if rule, until, err = p.parseRRule(*rrule, start); err != nil {
			return err
		}
	}
	if start.allDay {
		return p.addAllDay(start, dtend, duration, rule, until, rdates, exdates)
	}
	return p.addTimed(start, dtend, duration, rule, until, rdates, exdates)
}

func (p *icalParser) addAllDay(start icalTime, dtend, duration *contentLine, rule *yearlyRule, until *icalTime, rdates, exdates []contentLine) error {
	days := 1
	switch {
	case dtend != nil:
		end, err := p.timeValue(*dtend, dtend.value)
		if err != nil {
			return err
		}
		if !end.allDay {
			return dtend.errorf("DTSTART is a date, so DTEND must be a date too (VALUE=DATE)")
		}
		days = daysBetween(start.date, end.date)
	case duration != nil:
		d, err := parseDuration(duration.value)
		if err != nil {
			return duration.errorf("%v", err)
		}
		if d%(24*time.Hour) != 0 {
			return duration.errorf("an all-day event lasts whole days, not %s", duration.value)
		}
		days = int(d / (24 * time.Hour))
	}
	switch {
	case days < 0:
		return lineOf(dtend, duration).errorf("the event ends before it starts")
	case days == 0:
		return nil // ends where it starts: closes nothing
	case days > maxHolidayDays:
		return lineOf(dtend, duration).errorf("an event of %d days is longer than a year", days)
	}
	e := &allDayEvent{start: start.date, days: days, rule: rule, except: map[Date]bool{}}
	if until != nil {
		u := until.date
		if !until.allDay {
			u = DateOf(until.t.In(p.loc))
		}
		e.until = &u
	}
	for _, l := range rdates {
		vs, err := p.timeList(l)
		if err != nil {
			return err
		}
		for _, v := range vs {
			e.extra = append(e.extra, v.date)
		}
	}
	for _, l := range exdates {
		vs, err := p.timeList(l)
		if err != nil {
			return err
		}
		for _, v := range vs {
			e.except[v.date] = true
		}
	}
	if rule != nil && rule.count > 0 {
		// COUNT depends on every earlier occurrence, so the occurrences are
		// listed once here instead of counted on every question.
		e.extra = append(e.extra, rule.firstN(e.start, rule.count)...)
		e.rule = nil
	}
	if e.rule == nil {
		// A one-off event: its days go straight into the date set.
		occ := append([]Date{e.start}, e.extra...)
		for _, s := range occ {
			if e.except[s] || s.Before(e.start) {
				continue
			}
			for i := range days {
				p.h.dates[s.AddDays(i)] = true
			}
		}
		return nil
	}
	p.h.allDay = append(p.h.allDay, e)
	return nil
}

func (p *icalParser) addTimed(start icalTime, dtend, duration *contentLine, rule *yearlyRule, until *icalTime, rdates, exdates []contentLine) error {
	var dur time.Duration
	switch {
	case dtend != nil:
		end, err := p.timeValue(*dtend, dtend.value)
		if err != nil {
			return err
		}
		if end.allDay {
			return dtend.errorf("DTSTART has a time, so DTEND must have one too")
		}
		dur = end.t.Sub(start.t)
	case duration != nil:
		d, err := parseDuration(duration.value)
		if err != nil {
			return duration.errorf("%v", err)
		}
		dur = d
	}
	switch {
	case dur < 0:
		return lineOf(dtend, duration).errorf("the event ends before it starts")
	case dur == 0:
		return nil // an instant closes nothing
	case dur > maxHolidayDays*24*time.Hour:
		return lineOf(dtend, duration).errorf("an event longer than a year")
	}
	e := &timedEvent{loc: start.loc, start: start.t, date: start.date, sec: start.sec, dur: dur, rule: rule, except: map[int64]bool{}}
	if until != nil {
		u := until.t
		if until.allDay {
			// A date UNTIL includes occurrences starting that day.
			u = wallInstant(start.loc, until.date.AddDays(1), 0).Add(-time.Second)
		}
		e.until = &u
	}
	for _, l := range rdates {
		vs, err := p.timeList(l)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v.allDay {
				return l.errorf("DTSTART has a time, so RDATE must have one too")
			}
			e.extra = append(e.extra, v.t)
		}
	}
	for _, l := range exdates {
		vs, err := p.timeList(l)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v.allDay {
				// A date EXDATE on a timed event removes that day's occurrence.
				v.t = wallInstant(start.loc, v.date, start.sec)
			}
			e.except[v.t.Unix()] = true
		}
	}
	if rule != nil && rule.count > 0 {
		for _, d := range rule.firstN(e.date, rule.count) {
			e.extra = append(e.extra, wallInstant(e.loc, d, e.sec))
		}
		e.rule = nil
	}
	if e.rule == nil {
		for _, s := range append([]time.Time{e.start}, e.extra...) {
			if !e.except[s.Unix()] && !s.Before(e.start) {
				p.h.closures = append(p.h.closures, span{s, s.Add(dur)})
			}
		}
		return nil
	}
	p.h.timed = append(p.h.timed, e)
	return nil
}

func lineOf(a, b *contentLine) *contentLine {
	if a != nil {
		return a
	}
	return b
}

// timeList reads the comma-separated values of an RDATE or EXDATE.
func (p *icalParser) timeList(l contentLine) ([]icalTime, error) {
	if strings.EqualFold(l.params["VALUE"], "PERIOD") {
		return nil, l.errorf("VALUE=PERIOD is not supported; list start dates instead")
	}
	var out []icalTime
	for v := range strings.SplitSeq(l.value, ",") {
		t, err := p.timeValue(l, strings.TrimSpace(v))
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// timeValue reads a DATE (20261225) or DATE-TIME (20261224T120000,
// optionally ending in Z for UTC) according to the line's VALUE and TZID.
func (p *icalParser) timeValue(l contentLine, v string) (icalTime, error) {
	kind := strings.ToUpper(l.params["VALUE"])
	if kind == "" {
		kind = "DATE-TIME"
		if len(v) == len("20060102") {
			kind = "DATE"
		}
	}
	switch kind {
	case "DATE":
		t, err := time.Parse("20060102", v)
		if err != nil {
			return icalTime{}, l.errorf("%q is not a date: want YYYYMMDD", v)
		}
		return icalTime{allDay: true, date: DateOf(t)}, nil
	case "DATE-TIME":
		loc := p.loc
		if strings.HasSuffix(v, "Z") {
			v, loc = strings.TrimSuffix(v, "Z"), time.UTC
		} else if tzid := l.params["TZID"]; tzid != "" {
			loc = p.zone(tzid)
		}
		t, err := time.Parse("20060102T150405", v)
		if err != nil {
			return icalTime{}, l.errorf("%q is not a date-time: want YYYYMMDDTHHMMSS, with Z for UTC", v)
		}
		d := DateOf(t)
		sec := t.Hour()*3600 + t.Minute()*60 + t.Second()
		return icalTime{date: d, sec: sec, loc: loc, t: wallInstant(loc, d, sec)}, nil
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

// parseDuration reads an RFC 5545 duration such as P1D, P2W or PT4H30M.
func parseDuration(s string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not a duration: want e.g. P1D, P2W or PT4H", s)
	rest, neg := s, false
	switch {
	case strings.HasPrefix(rest, "-"):
		rest, neg = rest[1:], true
	case strings.HasPrefix(rest, "+"):
		rest = rest[1:]
	}
	if !strings.HasPrefix(rest, "P") || len(rest) < 3 {
		return 0, bad
	}
	rest = rest[1:]
	units := map[byte]time.Duration{'W': 7 * 24 * time.Hour, 'D': 24 * time.Hour}
	timeUnits := map[byte]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second}
	var total time.Duration
	inTime := false
	for rest != "" {
		if rest[0] == 'T' {
			if inTime || len(rest) == 1 {
				return 0, bad
			}
			inTime, units, rest = true, timeUnits, rest[1:]
			continue
		}
		n := 0
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 0 || n > 6 || n == len(rest) {
			return 0, bad
		}
		v, _ := strconv.Atoi(rest[:n])
		unit, ok := units[rest[n]]
		if !ok {
			return 0, bad
		}
		total += time.Duration(v) * unit
		rest = rest[n+1:]
	}
	if neg {
		total = -total
	}
	return total, nil
}

// yearlyRule is an RRULE with FREQ=YEARLY.
type yearlyRule struct {
	interval  int
	count     int
	months    []time.Month
	monthDays []int
	byDay     []ordWeekday
	setPos    []int
}

// ordWeekday is a BYDAY entry: a weekday and, unless n is 0, which one of
// the month or year it is (1 the first, -1 the last).
type ordWeekday struct {
	n  int
	wd time.Weekday
}

var icalDays = map[string]time.Weekday{"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}

// parseRRule reads the rule; UNTIL comes back separately because all-day
// and timed events compare it differently.
func (p *icalParser) parseRRule(l contentLine, start icalTime) (*yearlyRule, *icalTime, error) {
	r := &yearlyRule{interval: 1}
	var until *icalTime
	freq := ""
	for part := range strings.SplitSeq(l.value, ";") {
		key, val, ok := strings.Cut(part, "=")
		if !ok || val == "" {
			return nil, nil, l.errorf("%q: want KEY=VALUE", part)
		}
		key = strings.ToUpper(key)
		var err error
		switch key {
		case "FREQ":
			freq = strings.ToUpper(val)
		case "INTERVAL":
			r.interval, err = ruleInt(val, 1, 1000)
		case "COUNT":
			r.count, err = ruleInt(val, 1, maxCount)
		case "UNTIL":
			var u icalTime
			u, err = p.timeValue(contentLine{num: l.num, name: "RRULE UNTIL", params: map[string]string{}}, val)
			until = &u
		case "BYMONTH":
			err = eachInt(val, 1, 12, false, func(n int) { r.months = append(r.months, time.Month(n)) })
		case "BYMONTHDAY":
			err = eachInt(val, -31, 31, true, func(n int) { r.monthDays = append(r.monthDays, n) })
		case "BYSETPOS":
			err = eachInt(val, -366, 366, true, func(n int) { r.setPos = append(r.setPos, n) })
		case "BYDAY":
			for item := range strings.SplitSeq(val, ",") {
				item = strings.ToUpper(strings.TrimSpace(item))
				if len(item) < 2 {
					err = fmt.Errorf("%q: want e.g. MO, 4TH or -1MO", item)
					break
				}
				wd, ok := icalDays[item[len(item)-2:]]
				if !ok {
					err = fmt.Errorf("%q: unknown weekday; want MO, TU, WE, TH, FR, SA or SU", item)
					break
				}
				n := 0
				if ord := item[:len(item)-2]; ord != "" {
					if n, err = ruleInt(ord, -53, 53); err != nil || n == 0 {
						err = fmt.Errorf("%q: the ordinal must be 1 to 53 or -1 to -53", item)
						break
					}
				}
				r.byDay = append(r.byDay, ordWeekday{n, wd})
			}
		case "WKST":
			// Only matters for weekly rules and BYWEEKNO, neither of which is read.
		case "BYWEEKNO", "BYYEARDAY", "BYHOUR", "BYMINUTE", "BYSECOND":
			err = errors.New("not supported")
		default:
			err = errors.New("unknown rule part")
		}
		if err != nil {
			return nil, nil, l.errorf("%s=%s: %v", key, val, err)
		}
	}
	switch {
	case freq == "":
		return nil, nil, l.errorf("no FREQ")
	case freq != "YEARLY":
		return nil, nil, l.errorf("FREQ=%s is not supported; holidays repeat yearly (FREQ=YEARLY), and weekly closing days belong in the office hours", freq)
	case r.count > 0 && until != nil:
		return nil, nil, l.errorf("COUNT and UNTIL cannot both be given")
	}
	return r, until, nil
}

func ruleInt(s string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(s, "+"))
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%q: want a number from %d to %d", s, lo, hi)
	}
	return n, nil
}

func eachInt(list string, lo, hi int, nonZero bool, f func(int)) error {
	for s := range strings.SplitSeq(list, ",") {
		n, err := ruleInt(strings.TrimSpace(s), lo, hi)
		if err != nil || (nonZero && n == 0) {
			return fmt.Errorf("%q: want numbers from %d to %d, not 0", list, lo, hi)
		}
		f(n)
	}
	return nil
}

// inYear lists the dates the rule produces in year y for an event that
// starts on start, earliest first. DTSTART itself, UNTIL, COUNT and EXDATE
// are the caller's business.
func (r *yearlyRule) inYear(y int, start Date) []Date {
	if y < start.Year || (y-start.Year)%r.interval != 0 {
		return nil
	}
	var cands []Date
	switch {
	case len(r.monthDays) > 0:
		months := r.months
		if len(months) == 0 {
			months = allMonths
		}
		for _, m := range months {
			n := daysIn(y, m)
			for _, md := range r.monthDays {
				if md < 0 {
					md = n + md + 1
				}
				if md >= 1 && md <= n {
					cands = append(cands, Date{y, m, md})
				}
			}
		}
		if len(r.byDay) > 0 {
			keep := r.byDaySet(y)
			cands = slices.DeleteFunc(cands, func(d Date) bool { return !keep[d] })
		}
	case len(r.byDay) > 0:
		for d := range r.byDaySet(y) {
			cands = append(cands, d)
		}
	default:
		months := r.months
		if len(months) == 0 {
			months = []time.Month{start.Month}
		}
		for _, m := range months {
			if d := (Date{y, m, start.Day}); d.valid() {
				cands = append(cands, d)
			}
		}
	}
	slices.SortFunc(cands, Date.Compare)
	cands = slices.Compact(cands)
	if len(r.setPos) > 0 {
		var picked []Date
		for _, pos := range r.setPos {
			i := pos - 1
			if pos < 0 {
				i = len(cands) + pos
			}
			if i >= 0 && i < len(cands) {
				picked = append(picked, cands[i])
			}
		}
		slices.SortFunc(picked, Date.Compare)
		cands = slices.Compact(picked)
	}
	return cands
}

var allMonths = []time.Month{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// byDaySet lists the BYDAY dates of year y; ordinals count within each
// BYMONTH month, or within the year when there is no BYMONTH.
func (r *yearlyRule) byDaySet(y int) map[Date]bool {
	type period struct{ first, last Date }
	var periods []period
	if len(r.months) > 0 {
		for _, m := range r.months {
			periods = append(periods, period{Date{y, m, 1}, Date{y, m, daysIn(y, m)}})
		}
	} else {
		periods = []period{{Date{y, 1, 1}, Date{y, 12, 31}}}
	}
	set := map[Date]bool{}
	for _, p := range periods {
		for _, bd := range r.byDay {
			first := p.first.AddDays((int(bd.wd) - int(p.first.Weekday()) + 7) % 7)
			count := daysBetween(first, p.last)/7 + 1
			switch {
			case bd.n == 0:
				for i := range count {
					set[first.AddDays(7*i)] = true
				}
			case bd.n > 0 && bd.n <= count:
				set[first.AddDays(7*(bd.n-1))] = true
			case bd.n < 0 && -bd.n <= count:
				set[first.AddDays(7*(count+bd.n))] = true
			}
		}
	}
	return set
}

// firstN lists the first n dates the rule produces from start (which
// counts as the first), looking no further than a thousand years ahead.
// EXDATE removes occurrences after counting, as RFC 5545 has it.
func (r *yearlyRule) firstN(start Date, n int) []Date {
	out := []Date{start}
	for y := start.Year; y <= start.Year+1000 && len(out) < n; y += r.interval {
		for _, d := range r.inYear(y, start) {
			if len(out) < n && d.After(start) {
				out = append(out, d)
			}
		}
	}
	return out
}
