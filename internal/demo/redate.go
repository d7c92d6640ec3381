package demo

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// maxLookback bounds the search for the office's last open hour: no
// business calendar is closed for longer than a few weeks.
const maxLookback = 60 * 24 * time.Hour

// LastOpen returns the latest instant at or before now when cal's office is
// open, so sample mail dated then reads as this morning's or yesterday
// afternoon's work; now itself when the office is open or no open hour is
// found within maxLookback.
func LastOpen(cal *sla.Calendar, now time.Time) time.Time {
	if cal.IsOpen(now) {
		return now
	}
	// Step back a quarter hour at a time to the end of the last open span:
	// the calendar knows when it opens next, not when it last closed.
	t := now.Truncate(15 * time.Minute)
	for now.Sub(t) < maxLookback {
		if cal.IsOpen(t.Add(-time.Minute)) {
			return t.Add(-time.Minute)
		}
		t = t.Add(-15 * time.Minute)
	}
	return now
}

// Redate moves the sample mail onto the office's calendar so that the
// newest message of inbox and sent arrives at newest. The mail of the
// sample's last day keeps its distance from the newest message, so what
// waits for an answer has waited as long as the sample means it to; the
// mail of each earlier day keeps its hour and goes to the office's business
// day as many business days before, skipping the office's weekends and
// holidays, so the sample week reads as a working week and each day's
// updates fall on a day that owes one. Each message's Date header and
// internal date move, written in cal's zone, and the dates its texts name
// ("by Thursday 11/5", a forward's "Sent:" line) move with the mail of
// their day (withBodyDates).
func Redate(inbox, sent []Message, newest time.Time, cal *sla.Calendar) (newInbox, newSent []Message, err error) {
	var last time.Time
	for _, m := range slices.Concat(inbox, sent) {
		if m.InternalDate.After(last) {
			last = m.InternalDate
		}
	}
	move := func(t time.Time) time.Time {
		back := sampleDaysBetween(sla.DateOf(t), sla.DateOf(last))
		if back == 0 {
			return newest.Add(t.Sub(last))
		}
		d := businessDayBefore(cal, cal.DateOf(newest), back)
		return time.Date(d.Year, d.Month, d.Day, t.Hour(), t.Minute(), t.Second(), 0, cal.Location())
	}
	days := dayMover(sla.DateOf(last), newest, cal)
	if newInbox, err = moved(inbox, move, days, cal.Location()); err != nil {
		return nil, nil, err
	}
	if newSent, err = moved(sent, move, days, cal.Location()); err != nil {
		return nil, nil, err
	}
	return newInbox, newSent, nil
}

// sampleDaysBetween counts the business days of the sample's office, open
// Monday to Friday, after date a up to and including date b.
func sampleDaysBetween(a, b sla.Date) int {
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

// businessDayBefore returns the date n business days of cal before d; a
// calendar with none within maxLookback counts calendar days instead.
func businessDayBefore(cal *sla.Calendar, d sla.Date, n int) sla.Date {
	left := n
	for i := 1; i <= int(maxLookback/(24*time.Hour)); i++ {
		day := d.AddDays(-i)
		if _, open := cal.BusinessDay(day); !open {
			continue
		}
		if left--; left == 0 {
			return day
		}
	}
	return d.AddDays(-n)
}

// moved is msgs, each moved to the time move gives, and the dates its
// texts name moved to the days days gives.
func moved(msgs []Message, move func(time.Time) time.Time, days func(sla.Date) sla.Date, loc *time.Location) ([]Message, error) {
	out := make([]Message, len(msgs))
	for i, m := range msgs {
		date := move(m.InternalDate).In(loc).Truncate(time.Second)
		raw, err := withDate(m.Raw, date)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.Name, err)
		}
		raw = withBodyDates(raw, bodyMove{was: sla.DateOf(m.InternalDate), now: sla.DateOf(date), move: days})
		out[i] = Message{Name: m.Name, Raw: raw, InternalDate: date}
	}
	return out, nil
}

// withDate returns raw with its top-level Date header replaced by date.
func withDate(raw []byte, date time.Time) ([]byte, error) {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		return nil, fmt.Errorf("no end of header")
	}
	header := raw[:end+2]
	var start int
	switch {
	case bytes.HasPrefix(header, []byte("Date:")):
		start = 0
	default:
		i := bytes.Index(header, []byte("\r\nDate:"))
		if i < 0 {
			return nil, fmt.Errorf("no Date header")
		}
		start = i + 2
	}
	// The field ends at the first line break not followed by folding space.
	stop := start
	for {
		n := bytes.Index(raw[stop:], []byte("\r\n"))
		stop += n + 2
		if stop >= len(raw) || (raw[stop] != ' ' && raw[stop] != '\t') {
			break
		}
	}
	var b bytes.Buffer
	b.Grow(len(raw))
	b.Write(raw[:start])
	b.WriteString("Date: " + date.Format(time.RFC1123Z) + "\r\n")
	b.Write(raw[stop:])
	return b.Bytes(), nil
}

// StartIMAPAt is StartIMAP with the sample mail moved onto cal so its newest
// message arrived at newest (see LastOpen and Redate).
func StartIMAPAt(ctx context.Context, newest time.Time, cal *sla.Calendar) (*IMAPServer, error) {
	inbox, err := Mail()
	if err != nil {
		return nil, fmt.Errorf("load sample inbox: %w", err)
	}
	sent, err := Sent()
	if err != nil {
		return nil, fmt.Errorf("load sample sent mail: %w", err)
	}
	inbox, sent, err = Redate(inbox, sent, newest, cal)
	if err != nil {
		return nil, fmt.Errorf("date sample mail: %w", err)
	}
	return StartIMAPWith(ctx, inbox, sent)
}
