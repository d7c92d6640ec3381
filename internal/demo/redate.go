package demo

import (
	"bytes"
	"context"
	"fmt"
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

// Redate moves the sample mail in time, keeping the spacing between
// messages, so that the newest message of inbox and sent arrives at newest:
// each message's Date header and internal date move, written in loc. A
// demo started today then shows work due soon rather than a month overdue.
func Redate(inbox, sent []Message, newest time.Time, loc *time.Location) (newInbox, newSent []Message, err error) {
	var last time.Time
	for _, m := range append(append([]Message(nil), inbox...), sent...) {
		if m.InternalDate.After(last) {
			last = m.InternalDate
		}
	}
	shift := newest.Sub(last)
	if newInbox, err = shifted(inbox, shift, loc); err != nil {
		return nil, nil, err
	}
	if newSent, err = shifted(sent, shift, loc); err != nil {
		return nil, nil, err
	}
	return newInbox, newSent, nil
}

func shifted(msgs []Message, d time.Duration, loc *time.Location) ([]Message, error) {
	out := make([]Message, len(msgs))
	for i, m := range msgs {
		date := m.InternalDate.Add(d).In(loc).Truncate(time.Second)
		raw, err := withDate(m.Raw, date)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.Name, err)
		}
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

// StartIMAPAt is StartIMAP with the sample mail moved so its newest message
// arrived at newest (see LastOpen), dated in loc.
func StartIMAPAt(ctx context.Context, newest time.Time, loc *time.Location) (*IMAPServer, error) {
	inbox, err := Mail()
	if err != nil {
		return nil, fmt.Errorf("load sample inbox: %w", err)
	}
	sent, err := Sent()
	if err != nil {
		return nil, fmt.Errorf("load sample sent mail: %w", err)
	}
	inbox, sent, err = Redate(inbox, sent, newest, loc)
	if err != nil {
		return nil, fmt.Errorf("date sample mail: %w", err)
	}
	return StartIMAPWith(ctx, inbox, sent)
}
