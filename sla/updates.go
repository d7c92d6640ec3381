package sla

import "time"

// DefaultUpdateWarn is how long before the office closes a day's missing
// update shows as due soon.
const DefaultUpdateWarn = 2 * time.Hour

// UpdateDay is one business day on which an open claim owes the adjuster an
// update.
type UpdateDay struct {
	// Date is the business day.
	Date Date
	// Due is when the office closes that day.
	Due time.Time
	// UpdatedAt is the first update made on that date, nil if none.
	UpdatedAt *time.Time
	// State is met or missed once an update was made that date (missed when
	// after closing), otherwise pending, due soon or overdue.
	State State
}

// DailyUpdates lists the business days a claim owes an update, from the
// day it was opened to the day of now, with where each stands. updates are
// the times of office messages to the adjuster in the claim's thread and of
// notes recorded on the dashboard; an update counts for the office date it
// was made on, and does not make up for another day.
//
// A day is owed only if the claim was open for all of its business hours:
// the day a claim arrives the first contact is the update, and the day it
// is closed the closing is. closedAt is nil while the claim is open. Times
// after now have not happened yet. warn is the due-soon window before
// closing: 0 means DefaultUpdateWarn, negative turns it off.
func (c *Calendar) DailyUpdates(openedAt time.Time, closedAt *time.Time, updates []time.Time, now time.Time, warn time.Duration) []UpdateDay {
	warn = windowOr(warn, DefaultUpdateWarn)
	first := map[Date]time.Time{}
	for _, u := range updates {
		if u.After(now) {
			continue
		}
		d := c.DateOf(u)
		if f, ok := first[d]; !ok || u.Before(f) {
			first[d] = u
		}
	}
	var out []UpdateDay
	last := c.DateOf(now)
	for d := c.DateOf(openedAt); !d.After(last); d = d.AddDays(1) {
		day, ok := c.BusinessDay(d)
		if !ok || day.Open.Before(openedAt) {
			continue
		}
		if closedAt != nil && !closedAt.After(now) && closedAt.Before(day.Close) {
			break
		}
		ud := UpdateDay{Date: d, Due: day.Close}
		if u, ok := first[d]; ok {
			ud.UpdatedAt = &u
			ud.State = StateMet
			if u.After(day.Close) {
				ud.State = StateMissed
			}
		} else {
			ud.State = openState(day.Close, day.Close.Add(-warn), now)
		}
		out = append(out, ud)
	}
	return out
}

// OverdueUpdates returns the dates of days whose update is overdue.
func OverdueUpdates(days []UpdateDay) []Date {
	var out []Date
	for _, d := range days {
		if d.State == StateOverdue {
			out = append(out, d.Date)
		}
	}
	return out
}
