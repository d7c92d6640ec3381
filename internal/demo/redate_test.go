package demo

import (
	"bytes"
	"net/mail"
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

func TestRedateToTheLastOpenHour(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation(OfficeTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	cal := sla.NewCalendar(loc, sla.DefaultHours())
	inbox, err := Mail()
	if err != nil {
		t.Fatal(err)
	}
	sent, err := Sent()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		now        time.Time
		wantNewest time.Time
	}{
		{"open: now", time.Date(2027, 3, 10, 10, 30, 0, 0, loc), time.Date(2027, 3, 10, 10, 30, 0, 0, loc)},
		{"Saturday: Friday's close", time.Date(2027, 3, 13, 9, 0, 0, 0, loc), time.Date(2027, 3, 12, 17, 59, 0, 0, loc)},
		{"before opening: yesterday's close", time.Date(2027, 3, 10, 6, 5, 0, 0, loc), time.Date(2027, 3, 9, 17, 59, 0, 0, loc)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			newest := LastOpen(cal, tc.now)
			if !newest.Equal(tc.wantNewest) {
				t.Fatalf("LastOpen(%v) = %v, want %v", tc.now, newest, tc.wantNewest)
			}
			gotInbox, gotSent, err := Redate(inbox, sent, newest, loc)
			if err != nil {
				t.Fatal(err)
			}
			var last time.Time
			for i, m := range slices.Concat(gotInbox, gotSent) {
				old := slices.Concat(inbox, sent)[i]
				parsed, err := mail.ReadMessage(bytes.NewReader(m.Raw))
				if err != nil {
					t.Fatalf("%s: %v", m.Name, err)
				}
				date, err := parsed.Header.Date()
				if err != nil || !date.Equal(m.InternalDate) {
					t.Fatalf("%s: Date header %v (%v), internal date %v", m.Name, date, err, m.InternalDate)
				}
				if _, off := date.Zone(); off != tzOffset(loc, date) {
					t.Errorf("%s: Date %v not in %s", m.Name, date, OfficeTimeZone)
				}
				if got := len(parsed.Header["Date"]); got != 1 {
					t.Errorf("%s: %d Date headers", m.Name, got)
				}
				if len(m.Raw)-len(old.Raw) > 10 || len(old.Raw)-len(m.Raw) > 10 {
					t.Errorf("%s: %d bytes, was %d: more than the Date header changed", m.Name, len(m.Raw), len(old.Raw))
				}
				if date.After(last) {
					last = date
				}
			}
			if !last.Equal(newest.Truncate(time.Second)) {
				t.Errorf("newest sample message at %v, want %v", last, newest)
			}
			// The spacing is kept: the first message is as far before the
			// newest as it was.
			span := func(ms []Message) time.Duration { return ms[len(ms)-1].InternalDate.Sub(ms[0].InternalDate) }
			if span(gotInbox) != span(inbox) {
				t.Errorf("inbox spans %v, was %v", span(gotInbox), span(inbox))
			}
			if tc.now.Sub(last) > 24*time.Hour {
				t.Errorf("newest sample message %v is more than a business day before %v", last, tc.now)
			}
		})
	}
}

func tzOffset(loc *time.Location, t time.Time) int {
	_, off := t.In(loc).Zone()
	return off
}
