package web

import (
	"fmt"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// businessClock is a deadline counted in business time, in words: the
// time left or overdue is the office's open time, as the target is, and
// while the office is closed the clock stands, so the deadline is told by
// its time instead ("due 08:30").
type businessClock struct {
	// Text is the clock: "25 business min left", "overdue 37 business
	// min", "due 08:30".
	Text string
	// NoteWord and NoteAt are the line beneath: "due" and the deadline,
	// "since" and the deadline once overdue, "office opens" and when.
	NoteWord string
	NoteAt   time.Time
	// Left is the business time left at now, negative once overdue. From
	// and To are the stretch of open time now is in, or the next one: the
	// page counts Left down while its own clock is inside it.
	Left     time.Duration
	From, To time.Time
	// Stands is set while the office is closed and the deadline still to
	// come: no clock runs, the deadline's time says it.
	Stands bool
	// Due is the deadline and At the time the clock is told at, for a
	// page's script to run it on.
	Due, At time.Time
}

// newBusinessClock tells due at now on cal.
func newBusinessClock(cal *sla.Calendar, due, now time.Time) businessClock {
	loc := cal.Location()
	due = due.In(loc)
	// Elapsed is signed: negative once overdue.
	c := businessClock{NoteWord: "due", NoteAt: due, Left: cal.Elapsed(now, due), Due: due, At: now}
	c.From, c.To = cal.OpenStretch(now)
	open := !c.From.IsZero() && !now.Before(c.From)
	switch {
	case !now.Before(due):
		c.NoteWord = "since"
		c.Text = businessLeftText(c.Left, true)
	case open:
		c.Text = businessLeftText(c.Left, false)
	default:
		c.Text, c.Stands = "due "+dueClockText(due, now.In(loc)), true
		if !c.From.IsZero() {
			c.NoteWord, c.NoteAt = "office opens", c.From
		}
	}
	return c
}

// businessLeftText is business time left in words, or overdue (left is
// then negative or zero): "25 business min left", "overdue 2 business
// hours 5 min", "overdue now" when no open minute has passed since it fell
// due (just now, or the office closed as it did). A started
// minute counts as a whole one: a countdown never reads 0 while time is left.
func businessLeftText(left time.Duration, overdue bool) string {
	if !overdue {
		return businessSpanText(ceilMinutes(left)) + " left"
	}
	if m := ceilMinutes(-left); m > 0 {
		return "overdue " + businessSpanText(m)
	}
	return "overdue now"
}

// businessAgoText is how long ago at was in the office's open time: "3
// business hours ago"; empty while no open minute has passed since, as
// for a request sent after hours, whose time says it.
func businessAgoText(cal *sla.Calendar, at, now time.Time) string {
	m := int(cal.Elapsed(at, now) / time.Minute)
	if m <= 0 {
		return ""
	}
	return businessSpanText(m) + " ago"
}

func ceilMinutes(d time.Duration) int {
	return int((d + time.Minute - 1) / time.Minute)
}

// businessSpanText is business minutes in words: "37 business min", "1
// business hour", "2 business hours 5 min". It never says days: an office
// day is not 24 hours.
func businessSpanText(minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d business min", m)
	case h == 1 && m == 0:
		return "1 business hour"
	case h == 1:
		return fmt.Sprintf("1 business hour %d min", m)
	case m == 0:
		return fmt.Sprintf("%d business hours", h)
	}
	return fmt.Sprintf("%d business hours %d min", h, m)
}

// dueClockText is a deadline's time as a clock would name it seen from
// now: "08:30" today, "Mon 08:30" within the week, "Dec 21, 08:30" later.
func dueClockText(due, now time.Time) string {
	y, mo, d := now.Date()
	today := time.Date(y, mo, d, 0, 0, 0, 0, now.Location())
	switch {
	case due.Before(today.AddDate(0, 0, 1)):
		return due.Format("15:04")
	case due.Before(today.AddDate(0, 0, 7)):
		return due.Format("Mon 15:04")
	}
	return due.Format("Jan 2, 15:04")
}

// Run is what the page's script counts the clock on: the seconds left at
// the board's time, and the open stretch, as "seconds from to".
func (c businessClock) Run() string {
	iso := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	return fmt.Sprintf("%d %s %s", int64(c.Left/time.Second), iso(c.From), iso(c.To))
}
