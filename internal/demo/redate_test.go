package demo

import (
	"bytes"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// sampleOfficeCalendar is the sample office's zone and its calendar of
// the default business hours.
func sampleOfficeCalendar(t *testing.T) (*time.Location, *sla.Calendar) {
	t.Helper()
	loc, err := time.LoadLocation(OfficeTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc, sla.NewCalendar(loc, sla.DefaultHours())
}

func TestRedateToTheLastOpenHour(t *testing.T) {
	t.Parallel()
	loc, cal := sampleOfficeCalendar(t)
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
			checkRedate(t, cal, newest)
		})
	}
}

// TestRedateOntoBusinessDays: the sample's days land on the office's
// business days, whatever its calendar: a Monday's earlier days are the
// week before, holidays are skipped, and an office open around the clock
// gets a day of mail for each of its days.
func TestRedateOntoBusinessDays(t *testing.T) {
	t.Parallel()
	loc, _ := sampleOfficeCalendar(t)
	holidays, err := sla.ParseHolidays("2027-03-05,2027-03-08")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		cal    *sla.Calendar
		newest time.Time
	}{
		{"Monday morning", sla.NewCalendar(loc, sla.DefaultHours()), time.Date(2027, 3, 15, 8, 1, 0, 0, loc)},
		{"after two holidays", sla.NewCalendar(loc, sla.DefaultHours(), holidays), time.Date(2027, 3, 9, 16, 0, 0, 0, loc)},
		{"open around the clock, just after midnight", sla.NewCalendar(loc, sla.AlwaysOpen()), time.Date(2027, 3, 10, 0, 20, 0, 0, loc)},
	} {
		t.Run(tc.name, func(t *testing.T) { checkRedate(t, tc.cal, tc.newest) })
	}
}

// checkRedate redates the sample mail onto cal with its newest message at
// newest and checks what Redate promises: the newest message at newest,
// the last day's mail as far before it as it was, each earlier message at
// its hour on the office's business day as many business days back, the
// order kept, and nothing changed but the Date header.
func checkRedate(t *testing.T, cal *sla.Calendar, newest time.Time) {
	t.Helper()
	inbox, err := Mail()
	if err != nil {
		t.Fatal(err)
	}
	sent, err := Sent()
	if err != nil {
		t.Fatal(err)
	}
	gotInbox, gotSent, err := Redate(inbox, sent, newest, cal)
	if err != nil {
		t.Fatal(err)
	}
	old, got := slices.Concat(inbox, sent), slices.Concat(gotInbox, gotSent)
	last := slices.MaxFunc(old, func(a, b Message) int { return a.InternalDate.Compare(b.InternalDate) }).InternalDate
	for i, m := range got {
		checkDateHeader(t, m, old[i], cal.Location())
		was := old[i].InternalDate
		if back := sampleDaysBetween(sla.DateOf(was), sla.DateOf(last)); back == 0 {
			if d := newest.Sub(m.InternalDate); d != last.Sub(was) {
				t.Errorf("%s arrives %v before the newest, was %v", m.Name, d, last.Sub(was))
			}
			continue
		}
		d := cal.DateOf(m.InternalDate)
		if _, open := cal.BusinessDay(d); !open || businessDaysBetween(cal, d, cal.DateOf(newest)) != sampleDaysBetween(sla.DateOf(was), sla.DateOf(last)) {
			t.Errorf("%s arrives on %s, not on the business day as far before the newest as %s was", m.Name, d, sla.DateOf(was))
		}
		if h, m2, s := m.InternalDate.Clock(); h != was.Hour() || m2 != was.Minute() || s != was.Second() {
			t.Errorf("%s arrives at %v, not at its hour %v", m.Name, m.InternalDate, was)
		}
	}
	if at := slices.MaxFunc(got, func(a, b Message) int { return a.InternalDate.Compare(b.InternalDate) }).InternalDate; !at.Equal(newest) {
		t.Errorf("newest sample message at %v, want %v", at, newest)
	}
	for i := 1; i < len(gotInbox); i++ {
		if !gotInbox[i].InternalDate.After(gotInbox[i-1].InternalDate) {
			t.Errorf("%s arrives at %v, not after %s at %v", gotInbox[i].Name, gotInbox[i].InternalDate, gotInbox[i-1].Name, gotInbox[i-1].InternalDate)
		}
	}
}

// checkDateHeader checks that m, redated from old, has one Date header,
// its internal date, written in loc, and no other change.
func checkDateHeader(t *testing.T, m, old Message, loc *time.Location) {
	t.Helper()
	parsed, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		t.Fatalf("%s: %v", m.Name, err)
	}
	date, err := parsed.Header.Date()
	if err != nil || !date.Equal(m.InternalDate) {
		t.Fatalf("%s: Date header %v (%v), internal date %v", m.Name, date, err, m.InternalDate)
	}
	if _, off := date.Zone(); off != tzOffset(loc, date) {
		t.Errorf("%s: Date %v not in %s", m.Name, date, loc)
	}
	if got := len(parsed.Header["Date"]); got != 1 {
		t.Errorf("%s: %d Date headers", m.Name, got)
	}
	if !bytes.Equal(withoutDates(m.Raw), withoutDates(old.Raw)) {
		t.Errorf("%s: more than its dates changed", m.Name)
	}
}

// withoutDates is raw without its Date header and with the dates its
// texts name blanked out.
func withoutDates(raw []byte) []byte {
	blank := func(sla.Date) sla.Date { return sla.Date{Year: 1, Month: 1, Day: 1} }
	raw = withBodyDates(raw, bodyMove{was: sla.Date{Year: 2000, Month: 1, Day: 1}, move: blank})
	return regexp.MustCompile(`(?m)^Date: .*\r\n`).ReplaceAll(raw, nil)
}

// businessDaysBetween counts cal's business days after a up to and
// including b.
func businessDaysBetween(cal *sla.Calendar, a, b sla.Date) int {
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if _, open := cal.BusinessDay(d); open {
			n++
		}
	}
	return n
}

func tzOffset(loc *time.Location, t time.Time) int {
	_, off := t.In(loc).Zone()
	return off
}

// TestRedateMovesTheDatesOfTheTexts: the dates the sample's texts name
// move with the mail of their day, written as their senders wrote them,
// so that "by Thursday 11/5" and a forward's "Sent:" line read right
// whenever the sample runs, and none of the sample's own days is left. A
// day named from the mail's own is named by its weekday once it is no
// longer that day: on a Monday, Friday is not "yesterday".
func TestRedateMovesTheDatesOfTheTexts(t *testing.T) {
	t.Parallel()
	loc, cal := sampleOfficeCalendar(t)
	for _, tc := range []struct {
		name   string
		newest time.Time
		want   map[string]string
	}{
		{"Wednesday", time.Date(2027, 3, 10, 10, 30, 0, 0, loc), map[string]string{
			"0011.eml": "by Friday 3/5 so",
			"0021.eml": "Sent: Wednesday, March 3, 2027 3:58 PM",
			"0013.eml": "through Thursday, March 4 with",
			"0053.eml": "DTSTART:20270312T160000Z", // two business days after the sample's last
			"0015.eml": "upstairs bedroom yesterday",
			"0001.eml": "Date of Loss:       03/01/2027", // the Monday before the first mail's Tuesday
		}},
		{"Monday", time.Date(2027, 3, 8, 10, 30, 0, 0, loc), map[string]string{
			"0011.eml": "by Wednesday 3/3 so",
			"0015.eml": "upstairs bedroom on Friday",
			"0020.eml": "ATP she signed on Friday",
			"0019.eml": "out until Tuesday.",
			"0045.eml": "who came Tuesday.",
			"0058.eml": "review on Wednesday.",
			"0053.eml": "When: Wednesday, March 10, 2027 10:00 AM",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkTextDates(t, cal, tc.newest, tc.want) })
	}
}

// checkTextDates redates the sample inbox onto cal with its newest
// message at newest and checks that each message of want says its text,
// and that no message names a day of the sample.
func checkTextDates(t *testing.T, cal *sla.Calendar, newest time.Time, want map[string]string) {
	t.Helper()
	inbox, err := Mail()
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := Redate(inbox, nil, newest, cal)
	if err != nil {
		t.Fatal(err)
	}
	sampleDay := regexp.MustCompile(`November|Nov \d|\d/2026|, 2026|\b2026\d{4}T`)
	for _, m := range got {
		if w, ok := want[m.Name]; ok && !strings.Contains(string(m.Raw), w) {
			t.Errorf("%s does not say %q", m.Name, w)
		}
		for _, l := range strings.Split(string(m.Raw), "\r\n") {
			if !encodedLine.MatchString(l) && sampleDay.MatchString(l) {
				t.Errorf("%s still names a day of the sample: %q", m.Name, l)
			}
		}
	}
}
