package sla

import (
	"errors"
	"fmt"
	"time"
)

// Calendar is an office's business calendar: its zone, weekly hours and
// holidays. It answers when business time runs, which is what every
// deadline in this package is counted in. A Calendar is immutable and safe
// for concurrent use.
//
// A frame runs from the first instant the office's wall clock shows its
// start to the first instant it shows its end. On a spring-forward day a
// frame 01:00-03:00 in America/Chicago therefore lasts one hour, and on a
// fall-back day three: the office is open while the clock repeats 01:00-02:00.
// A frame that falls wholly inside the skipped hour does not happen.
type Calendar struct {
	loc      *time.Location
	hours    Hours
	holidays Holidays
	simple   bool // 24/7 without holidays: business time is plain time
	open     *openDaysTable
}

// horizonDays bounds how far ahead the calendar looks for open time. A
// calendar closed for ten years straight is misconfigured, and searching on
// would only hang the caller.
const horizonDays = 3660

// NewCalendar builds a calendar for an office in loc (nil means UTC) open
// hours (the zero Hours is DefaultHours) except on holidays.
func NewCalendar(loc *time.Location, hours Hours, holidays ...Holidays) *Calendar {
	if loc == nil {
		loc = time.UTC
	}
	c := &Calendar{loc: loc, hours: hours.norm(), holidays: mergeHolidays(holidays...),
		open: &openDaysTable{}}
	c.simple = c.hours.always && c.holidays.empty()
	return c
}

// Config describes a calendar the way configuration spells it.
type Config struct {
	// Location is the office's time zone; nil means UTC.
	Location *time.Location
	// Hours is a weekly schedule in ParseHours syntax; empty means DefaultSpec.
	Hours string
	// Holidays lists holiday dates in ParseHolidays syntax.
	Holidays string
	// ICal is the content of an iCalendar file of holidays, read by ParseICal.
	ICal []byte
}

// New builds the calendar cfg describes. The error reports every setting
// that is wrong, not just the first.
func New(cfg Config) (*Calendar, error) {
	var errs []error
	hours, err := ParseHours(cfg.Hours)
	errs = append(errs, err)
	fromConfig, err := ParseHolidays(cfg.Holidays)
	errs = append(errs, err)
	var fromICal Holidays
	if len(cfg.ICal) > 0 {
		fromICal, err = ParseICal(cfg.ICal, cfg.Location)
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("office calendar: %w", err)
	}
	return NewCalendar(cfg.Location, hours, fromConfig, fromICal), nil
}

// Location returns the office's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// Hours returns the office's weekly schedule.
func (c *Calendar) Hours() Hours { return c.hours }

// Holidays returns the office's holidays.
func (c *Calendar) Holidays() Holidays { return c.holidays }

// DateOf returns the office date at instant t.
func (c *Calendar) DateOf(t time.Time) Date {
	return DateOf(t.In(c.loc))
}

// StartOf returns the first instant of date d on the office's clock: its
// midnight, or, where the clock skips midnight (Santiago and Havana spring
// forward at 00:00), the instant the date begins. Day-long windows ("today's
// acknowledgments", "the last 14 days") start here, as the calendar's own
// days do.
func (c *Calendar) StartOf(d Date) time.Time {
	return wallInstant(c.loc, d, 0)
}

// Due returns the instant at which businessMinutes of business time have
// passed since start. Counting only runs while the office is open, so a
// message arriving at night starts counting when the office next opens; the
// result is the earliest such instant, so a deadline that lands on closing
// time is closing time, not the next opening. Zero or fewer minutes give
// start. If the office does not open enough within ten years, Due returns
// the zero Time.
func (c *Calendar) Due(start time.Time, businessMinutes int) time.Time {
	if businessMinutes <= 0 {
		return start.In(c.loc)
	}
	if businessMinutes > horizonDays*24*60 {
		return time.Time{}
	}
	need := time.Duration(businessMinutes) * time.Minute
	if c.simple {
		return start.Add(need).In(c.loc)
	}
	var buf []span
	d := c.DateOf(start)
	for range horizonDays {
		buf = c.daySpans(d, buf)
		for _, s := range buf {
			if !s.end.After(start) {
				continue
			}
			from := latest(s.start, start)
			avail := s.end.Sub(from)
			if avail >= need {
				return from.Add(need).In(c.loc)
			}
			need -= avail
		}
		d = d.AddDays(1)
	}
	return time.Time{}
}

// Elapsed returns the business time between from and to: how long the
// office was open in between. It is negative when to is before from.
func (c *Calendar) Elapsed(from, to time.Time) time.Duration {
	if to.Before(from) {
		return -c.Elapsed(to, from)
	}
	if c.simple {
		return to.Sub(from)
	}
	// An instant can belong to the day after its wall date where the clock
	// falls back across midnight, hence the day after to's.
	first, toDay := c.DateOf(from), c.DateOf(to)
	var buf []span
	total := c.openWithin(first, from, to, &buf)
	if first.Before(toDay) {
		// The days between from's and to's are open within them whole.
		total += c.wholeDaysOpen(first.nextDay(), toDay)
		total += c.openWithin(toDay, from, to, &buf)
	}
	return total + c.openWithin(toDay.nextDay(), from, to, &buf)
}

// openWithin returns how long the office is open on day d between from and
// to, using *buf for the day's spans.
func (c *Calendar) openWithin(d Date, from, to time.Time, buf *[]span) time.Duration {
	var total time.Duration
	*buf = c.daySpans(d, *buf)
	for _, s := range *buf {
		lo, hi := latest(s.start, from), earliest(s.end, to)
		if hi.After(lo) {
			total += hi.Sub(lo)
		}
	}
	return total
}

// BusinessMinutes returns the business minutes from from to to as clocks
// read them: each time taken at its whole minute, so that a message of
// 12:53:03 answered at 13:06:18 took 13 minutes, as the times shown say.
// Whether an answer met its deadline is the deadline's to say (AckState),
// to the second. It is 0 when to is not after from.
func (c *Calendar) BusinessMinutes(from, to time.Time) int {
	e := c.Elapsed(from.Truncate(time.Minute), to.Truncate(time.Minute))
	if e <= 0 {
		return 0
	}
	return int(e / time.Minute)
}

// IsOpen reports whether the office is open at t.
func (c *Calendar) IsOpen(t time.Time) bool {
	if c.simple {
		return true
	}
	var buf []span
	d := c.DateOf(t)
	for _, day := range []Date{d, d.AddDays(1)} {
		buf = c.daySpans(day, buf)
		for _, s := range buf {
			if !t.Before(s.start) && t.Before(s.end) {
				return true
			}
		}
	}
	return false
}

// NextOpen returns t if the office is open at t, or else the instant it
// next opens. It returns the zero Time if the office does not open within
// ten years.
func (c *Calendar) NextOpen(t time.Time) time.Time {
	if c.simple {
		return t.In(c.loc)
	}
	from, to := c.OpenStretch(t)
	if to.IsZero() {
		return time.Time{}
	}
	return latest(from, t).In(c.loc)
}

// OpenStretch returns the stretch of open time t falls in, or else the
// next one: business time runs at the wall clock's pace from from to to.
// Stretches that meet at midnight are told apart. It returns zero Times
// if the office does not open within ten years.
func (c *Calendar) OpenStretch(t time.Time) (from, to time.Time) {
	var buf []span
	d := c.DateOf(t)
	for range horizonDays {
		buf = c.daySpans(d, buf)
		for _, s := range buf {
			if s.end.After(t) {
				return s.start.In(c.loc), s.end.In(c.loc)
			}
		}
		d = d.AddDays(1)
	}
	return time.Time{}, time.Time{}
}

// Day is one business day: its date, when the office first opens that day
// and when it finally closes.
type Day struct {
	Date        Date
	Open, Close time.Time
}

// BusinessDay reports whether the office opens at all on date d, and if so
// when it opens and closes.
func (c *Calendar) BusinessDay(d Date) (Day, bool) {
	spans := c.daySpans(d, nil)
	if len(spans) == 0 {
		return Day{}, false
	}
	return Day{d, spans[0].start.In(c.loc), spans[len(spans)-1].end.In(c.loc)}, true
}

// NthBusinessDay returns business day n (1 or more) of something that
// started at start. Day 1 is the business day start falls in, or the next
// one if the office has closed for the day by then; a claim assigned on a
// Saturday has the Monday as its day 1. It returns the zero Day if there is
// no such day within ten years.
func (c *Calendar) NthBusinessDay(start time.Time, n int) Day {
	n = max(n, 1)
	var buf []span
	d := c.DateOf(start)
	for range horizonDays {
		buf = c.daySpans(d, buf)
		if len(buf) > 0 && buf[len(buf)-1].end.After(start) {
			if n--; n == 0 {
				return Day{d, buf[0].start.In(c.loc), buf[len(buf)-1].end.In(c.loc)}
			}
		}
		d = d.AddDays(1)
	}
	return Day{}
}

// daySpans returns the stretches the office is open on date d, earliest
// first, reusing buf.
func (c *Calendar) daySpans(d Date, buf []span) []span {
	buf = buf[:0]
	if c.holidays.Contains(d) {
		return buf
	}
	if c.hours.always {
		buf = append(buf, span{wallInstant(c.loc, d, 0), wallInstant(c.loc, d.AddDays(1), 0)})
	} else {
		for _, f := range c.hours.days[d.Weekday()] {
			s, e := wallInstant(c.loc, d, f.Start*60), wallInstant(c.loc, d, f.End*60)
			if s.Before(e) {
				buf = append(buf, span{s, e})
			}
		}
	}
	if len(buf) > 0 && (len(c.holidays.closures) > 0 || len(c.holidays.timed) > 0) {
		for _, cl := range c.holidays.closed(buf[0].start, buf[len(buf)-1].end) {
			buf = subtract(buf, cl)
		}
	}
	return buf
}

// subtract removes the closed stretch cl from sorted, disjoint spans.
func subtract(spans []span, cl span) []span {
	out := spans[:0:0]
	for _, s := range spans {
		if !cl.start.Before(s.end) || !cl.end.After(s.start) {
			out = append(out, s)
			continue
		}
		if cl.start.After(s.start) {
			out = append(out, span{s.start, cl.start})
		}
		if cl.end.Before(s.end) {
			out = append(out, span{cl.end, s.end})
		}
	}
	return out
}

// wallInstant returns the first instant at which the wall clock in loc
// shows date d and sec seconds after midnight, or a later time. That is the
// instant itself on an ordinary day, the earlier of the two on a fall-back
// day when the clock shows it twice, and the end of the gap on a
// spring-forward day when it never shows it. time.Date leaves both cases
// unspecified, and picks differently for zones east and west of Greenwich.
func wallInstant(loc *time.Location, d Date, sec int) time.Time {
	wall := d.utc().Unix() + int64(sec)
	// No zone is more than 26 hours from UTC, so the clock shows an earlier
	// time than wall at t; from there, walk the zone periods forward.
	t := wall - 26*3600
	for range 16 {
		at := time.Unix(t, 0).In(loc)
		_, offset := at.Zone()
		_, end := at.ZoneBounds()
		cand := wall - int64(offset)
		if cand <= t {
			return at // the clock jumped over wall when this period began
		}
		if end.IsZero() || cand < end.Unix() {
			return time.Unix(cand, 0).In(loc)
		}
		t = end.Unix()
	}
	return time.Unix(t, 0).In(loc)
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// BusinessDaysLeft counts the business days from now until due, both
// days counted while the office is still to close on them: 1 on the
// deadline's own day, 0 once it has passed.
func (c *Calendar) BusinessDaysLeft(now, due time.Time) int {
	if now.After(due) {
		return 0
	}
	n := 0
	last := c.DateOf(due)
	for d, i := c.DateOf(now), 0; !last.Before(d) && i < horizonDays; d, i = d.AddDays(1), i+1 {
		if day, ok := c.BusinessDay(d); ok && day.Close.After(now) && day.Open.Before(due) {
			n++
		}
	}
	return n
}
