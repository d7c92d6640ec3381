package sla

import (
	"sync"
	"sync/atomic"
	"time"
)

// openDays is a running total of whole days' open time, so that the open
// time of the days between two dates is two look-ups: the board works out
// the business time of messages overdue for months, each spanning hundreds
// of days, on every request.
type openDays struct {
	first int64           // the day number (dayNumber) of cum's first day
	cum   []time.Duration // cum[i]: the open time of the days before first+i
}

// openDaysTable keeps a calendar's openDays, replaced by a wider one when a
// date falls outside it. Readers never wait: the table is immutable.
type openDaysTable struct {
	mu    sync.Mutex // held while a wider table is built
	table atomic.Pointer[openDays]
}

// openDaysMargin is how far a table reaches past the dates that made it:
// a year each way, so that the next message's dates fall inside it.
const openDaysMargin = 366

// openDaysMax bounds a table's days. Dates from mail may say year 1 or
// 9999; such a span is summed day by day instead (bounded by the caller),
// never kept.
const openDaysMax = 100 * 366

// dayNumber is d as a count of days from the Unix epoch.
func (d Date) dayNumber() int64 {
	return d.utc().Unix() / (24 * 60 * 60)
}

// covers reports whether t holds the running totals at days lo and hi.
func (t *openDays) covers(lo, hi int64) bool {
	return t != nil && lo >= t.first && hi < t.first+int64(len(t.cum))
}

// wholeDaysOpen returns the open time of the days from a up to, not
// including, b.
func (c *Calendar) wholeDaysOpen(a, b Date) time.Duration {
	lo, hi := a.dayNumber(), b.dayNumber()
	if hi <= lo {
		return 0
	}
	if c.open == nil { // a Calendar not made by NewCalendar
		return c.sumDaysOpen(a, b)
	}
	t := c.open.table.Load()
	if !t.covers(lo, hi) {
		if t = c.widerOpenDays(lo, hi); t == nil {
			return c.sumDaysOpen(a, b)
		}
	}
	return t.cum[hi-t.first] - t.cum[lo-t.first]
}

// widerOpenDays returns a table covering days lo to hi and the days the
// current one covers, storing it; nil when that span is beyond openDaysMax.
func (c *Calendar) widerOpenDays(lo, hi int64) *openDays {
	c.open.mu.Lock()
	defer c.open.mu.Unlock()
	t := c.open.table.Load()
	if t.covers(lo, hi) {
		return t
	}
	lo, hi = lo-openDaysMargin, hi+openDaysMargin
	if t != nil {
		lo, hi = min(lo, t.first), max(hi, t.first+int64(len(t.cum))-1)
	}
	if hi-lo > openDaysMax {
		return nil
	}
	first := DateOf(time.Unix(lo*24*60*60, 0).UTC())
	wider := &openDays{first: lo, cum: make([]time.Duration, hi-lo+1)}
	var buf []span
	for i, d := 1, first; i < len(wider.cum); i, d = i+1, d.nextDay() {
		var open time.Duration
		open, buf = c.dayOpen(d, buf)
		wider.cum[i] = wider.cum[i-1] + open
	}
	c.open.table.Store(wider)
	return wider
}

// sumDaysOpen is wholeDaysOpen day by day, for a span no table keeps.
func (c *Calendar) sumDaysOpen(a, b Date) time.Duration {
	var total, open time.Duration
	var buf []span
	for d := a; d.Before(b); d = d.nextDay() {
		open, buf = c.dayOpen(d, buf)
		total += open
	}
	return total
}

// dayOpen is the open time of day d, in all (daySpans, which it may use
// buf for).
func (c *Calendar) dayOpen(d Date, buf []span) (time.Duration, []span) {
	buf = c.daySpans(d, buf)
	var open time.Duration
	for _, s := range buf {
		open += s.end.Sub(s.start)
	}
	return open, buf
}
