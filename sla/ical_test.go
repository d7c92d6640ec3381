package sla

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func readFixture(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/holidays.ics")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseICalFixture(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	h, err := ParseICal(readFixture(t), chicago)
	if err != nil {
		t.Fatal(err)
	}
	got := h.Dates(Date{2025, 1, 1}, Date{2029, 12, 31})
	want := []Date{
		{2025, 7, 4}, {2025, 11, 27}, {2025, 11, 28},
		{2026, 1, 1}, {2026, 5, 25}, {2026, 7, 4}, {2026, 9, 7}, {2026, 11, 26}, {2026, 11, 27}, {2026, 12, 25},
		{2027, 1, 1}, {2027, 5, 31}, {2027, 7, 5}, {2027, 9, 6}, {2027, 11, 25}, {2027, 11, 26},
		{2028, 1, 1}, {2028, 5, 29}, {2028, 7, 4}, {2028, 9, 4}, {2028, 11, 23}, {2028, 11, 24},
		{2029, 1, 1}, {2029, 5, 28}, {2029, 11, 22}, {2029, 11, 23},
	}
	if !slices.Equal(got, want) {
		t.Errorf("holidays 2025-2029:\n got %v\nwant %v", got, want)
	}

	c := NewCalendar(chicago, Hours{}, h)
	timed := []struct {
		at   string
		open bool
	}{
		{"2026-12-24 11:59", true},
		{"2026-12-24 12:00", false}, // Christmas Eve afternoon
		{"2026-12-24 17:59", false},
		{"2026-12-18 14:59", true},
		{"2026-12-18 15:00", false}, // office party, TZID "Central Standard Time"
		{"2026-12-30 13:59", true},
		{"2026-12-30 14:00", false}, // inventory, 20:00Z
		{"2026-12-30 16:00", true},
		{"2027-12-30 15:00", false}, // inventory again a year later
		{"2026-11-02 10:00", true},  // the cancelled closure
	}
	for _, tt := range timed {
		if got := c.IsOpen(wall(t, chicago, tt.at)); got != tt.open {
			t.Errorf("IsOpen(%s) = %v, want %v", tt.at, got, tt.open)
		}
	}
	// Christmas Eve morning, then closed until after Christmas Day.
	if got, want := c.Due(wall(t, chicago, "2026-12-24 11:50"), 30), wall(t, chicago, "2026-12-28 08:20"); !got.Equal(want) {
		t.Errorf("Due over Christmas = %s, want %s", got, want)
	}
	if got := c.Elapsed(wall(t, chicago, "2026-12-24 00:00"), wall(t, chicago, "2026-12-25 00:00")); got != 4*time.Hour {
		t.Errorf("business time on Christmas Eve = %s, want 4h", got)
	}
}

func TestParseICalValues(t *testing.T) {
	t.Parallel()
	berlin := loadLoc(t, "Europe/Berlin")
	event := func(props ...string) []byte {
		return []byte("BEGIN:VCALENDAR\nBEGIN:VEVENT\n" + strings.Join(props, "\n") + "\nEND:VEVENT\nEND:VCALENDAR\n")
	}
	tests := []struct {
		name  string
		ics   []byte
		dates []Date // holidays in 2026-2028
	}{
		{"date inferred from length", event("DTSTART:20261224", "DTEND:20261227"), []Date{{2026, 12, 24}, {2026, 12, 25}, {2026, 12, 26}}},
		{"duration in weeks", event("DTSTART;VALUE=DATE:20260803", "DURATION:P1W"), []Date{{2026, 8, 3}, {2026, 8, 4}, {2026, 8, 5}, {2026, 8, 6}, {2026, 8, 7}, {2026, 8, 8}, {2026, 8, 9}}},
		{"every other year", event("DTSTART;VALUE=DATE:20260601", "RRULE:FREQ=YEARLY;INTERVAL=2"), []Date{{2026, 6, 1}, {2028, 6, 1}}},
		{"last day of february", event("DTSTART;VALUE=DATE:20260228", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"), []Date{{2026, 2, 28}, {2027, 2, 28}, {2028, 2, 29}}},
		{"february 29 only in leap years", event("DTSTART;VALUE=DATE:20280229", "RRULE:FREQ=YEARLY"), []Date{{2028, 2, 29}}},
		{"friday the 13th", event("DTSTART;VALUE=DATE:20260213", "RRULE:FREQ=YEARLY;BYMONTHDAY=13;BYDAY=FR"), []Date{{2026, 2, 13}, {2026, 3, 13}, {2026, 11, 13}, {2027, 8, 13}, {2028, 10, 13}}},
		{"20th monday of the year", event("DTSTART;VALUE=DATE:20260518", "RRULE:FREQ=YEARLY;BYDAY=20MO"), []Date{{2026, 5, 18}, {2027, 5, 17}, {2028, 5, 15}}},
		{"two months", event("DTSTART;VALUE=DATE:20260101", "RRULE:FREQ=YEARLY;BYMONTH=1,7;COUNT=4"), []Date{{2026, 1, 1}, {2026, 7, 1}, {2027, 1, 1}, {2027, 7, 1}}},
		{"exdate counts toward count", event("DTSTART;VALUE=DATE:20260101", "RRULE:FREQ=YEARLY;COUNT=3", "EXDATE;VALUE=DATE:20270101"), []Date{{2026, 1, 1}, {2028, 1, 1}}},
		{"lowercase and plus signs", event("dtstart;value=date:20260101", "rrule:freq=yearly;bymonthday=+1;bymonth=3"), []Date{{2026, 1, 1}, {2026, 3, 1}, {2027, 3, 1}, {2028, 3, 1}}},
		{"timed events make no holidays", event("DTSTART:20261224T000000", "DTEND:20261225T000000"), nil},
		{"zero-length event", event("DTSTART;VALUE=DATE:20261224", "DTEND;VALUE=DATE:20261224"), nil},
		{"cancelled", event("DTSTART;VALUE=DATE:20261224", "STATUS:CANCELLED"), nil},
		{"count includes a dtstart the rule skips", event("DTSTART;VALUE=DATE:20260101", "RRULE:FREQ=YEARLY;BYMONTH=3;COUNT=2"), []Date{{2026, 1, 1}, {2026, 3, 1}}},
		{"date lists", event("DTSTART;VALUE=DATE:20260101", "RRULE:FREQ=YEARLY", "RDATE;VALUE=DATE:20260601,20270601", "EXDATE;VALUE=DATE:20270101,20280101"), []Date{{2026, 1, 1}, {2026, 6, 1}, {2027, 6, 1}}},
		{"rdate before dtstart", event("DTSTART;VALUE=DATE:20270101", "RDATE;VALUE=DATE:20260601"), []Date{{2027, 1, 1}}},
	}
	for _, tt := range tests {
		h, err := ParseICal(tt.ics, berlin)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := h.Dates(Date{2026, 1, 1}, Date{2028, 12, 31}); !slices.Equal(got, tt.dates) {
			t.Errorf("%s: holidays %v, want %v", tt.name, got, tt.dates)
		}
	}
}

func TestParseICalTimedZones(t *testing.T) {
	t.Parallel()
	berlin := loadLoc(t, "Europe/Berlin")
	// A floating time is office time, so the closure follows the office
	// across its own DST change: 10:00-11:00 Berlin in winter and summer.
	h, err := ParseICal([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101T100000\r\nDTEND:20260101T110000\r\nRRULE:FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=1\r\nEXDATE:20270701T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), berlin)
	if err != nil {
		t.Fatal(err)
	}
	c := NewCalendar(berlin, AlwaysOpen(), h)
	tests := []struct {
		at   time.Time
		open bool
	}{
		{utc(t, "2026-01-01T09:30:00Z"), false}, // 10:30 CET
		{utc(t, "2026-07-01T08:30:00Z"), false}, // 10:30 CEST
		{utc(t, "2026-07-01T09:30:00Z"), true},  // 11:30 CEST
		{utc(t, "2027-01-01T09:30:00Z"), false},
		{utc(t, "2027-07-01T08:30:00Z"), true}, // excluded
	}
	for _, tt := range tests {
		if got := c.IsOpen(tt.at); got != tt.open {
			t.Errorf("IsOpen(%s) = %v, want %v", tt.at, got, tt.open)
		}
	}
}

func TestParseICalErrors(t *testing.T) {
	t.Parallel()
	wrap := func(body string) string {
		return "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\n" + body + "\nEND:VEVENT\nEND:VCALENDAR\n"
	}
	tests := []struct {
		name string
		ics  string
		want []string
	}{
		{"empty", "", []string{"empty file"}},
		{"not a calendar", "hello world\n", []string{"line 1", "not a content line"}},
		{"no calendar", "BEGIN:VEVENT\nEND:VEVENT\n", []string{"line 1", "want BEGIN:VCALENDAR first"}},
		{"property outside", "VERSION:2.0\n", []string{"line 1", "outside a calendar"}},
		{"unclosed event", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260101\n", []string{"BEGIN:VEVENT at line 2 is never closed"}},
		{"mismatched end", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n", []string{"line 3", "END:VCALENDAR", "BEGIN:VEVENT at line 2"}},
		{"end without begin", "END:VCALENDAR\n", []string{"END:VCALENDAR without BEGIN"}},
		{"no dtstart", wrap("SUMMARY:x"), []string{"line 3", "VEVENT has no DTSTART"}},
		{"bad date", wrap("DTSTART;VALUE=DATE:20261301"), []string{"line 4", "DTSTART", `"20261301" is not a date`}},
		{"bad date-time", wrap("DTSTART:20261201T250000"), []string{"line 4", "is not a date-time"}},
		{"ends before start", wrap("DTSTART;VALUE=DATE:20261225\nDTEND;VALUE=DATE:20261224"), []string{"line 5", "DTEND", "ends before it starts"}},
		{"mixed value types", wrap("DTSTART;VALUE=DATE:20261225\nDTEND:20261226T000000"), []string{"DTEND must be a date too"}},
		{"dtend and duration", wrap("DTSTART;VALUE=DATE:20261225\nDTEND;VALUE=DATE:20261226\nDURATION:P1D"), []string{"DTEND or DURATION, not both"}},
		{"bad duration", wrap("DTSTART;VALUE=DATE:20261225\nDURATION:1D"), []string{"DURATION", "is not a duration"}},
		{"partial-day all-day", wrap("DTSTART;VALUE=DATE:20261225\nDURATION:PT12H"), []string{"lasts whole days"}},
		{"year-long", wrap("DTSTART;VALUE=DATE:20260101\nDTEND;VALUE=DATE:20280101"), []string{"longer than a year"}},
		{"weekly", wrap("DTSTART;VALUE=DATE:20261225\nRRULE:FREQ=WEEKLY"), []string{"line 5", "RRULE", "FREQ=WEEKLY is not supported"}},
		{"no freq", wrap("DTSTART;VALUE=DATE:20261225\nRRULE:COUNT=2"), []string{"no FREQ"}},
		{"byweekno", wrap("DTSTART;VALUE=DATE:20261225\nRRULE:FREQ=YEARLY;BYWEEKNO=20"), []string{"BYWEEKNO=20: not supported"}},
		{"bad byday", wrap("DTSTART;VALUE=DATE:20261225\nRRULE:FREQ=YEARLY;BYDAY=0MO"), []string{"BYDAY", "ordinal"}},
		{"bad weekday", wrap("DTSTART;VALUE=DATE:20261225\nRRULE:FREQ=YEARLY;BYDAY=XX"), []string{"unknown weekday"}},
		{"bad month", wrap("DTSTART;VALUE=DATE:20261225\nRRULE:FREQ=YEARLY;BYMONTH=13"), []string{"BYMONTH", `"13"`}},
		{"count and until", wrap("DTSTART;VALUE=DATE:20261225\nRRULE:FREQ=YEARLY;COUNT=2;UNTIL=20301231"), []string{"COUNT and UNTIL"}},
		{"huge count", wrap("DTSTART;VALUE=DATE:20261225\nRRULE:FREQ=YEARLY;COUNT=100000"), []string{"COUNT", "from 1 to 1000"}},
		{"no colon", wrap("DTSTART;VALUE=DATE"), []string{"line 4", `no ":" before the value`}},
		{"unterminated quote", wrap(`DTSTART;TZID="Central:20261225T100000`), []string{"unterminated quote"}},
		{"twice", wrap("DTSTART;VALUE=DATE:20261225\nDTSTART;VALUE=DATE:20261226"), []string{"line 5", "appears twice"}},
		{"period rdate", wrap("DTSTART;VALUE=DATE:20261225\nRRULE:FREQ=YEARLY\nRDATE;VALUE=PERIOD:20270101T000000Z/PT1H"), []string{"VALUE=PERIOD is not supported"}},
	}
	for _, tt := range tests {
		_, err := ParseICal([]byte(tt.ics), nil)
		if err == nil {
			t.Errorf("%s: accepted", tt.name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "ical: ") {
			t.Errorf("%s: error %q does not start with ical:", tt.name, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", tt.name, err, w)
			}
		}
	}
}

func FuzzParseICal(f *testing.F) {
	f.Add(readFixture(f))
	for _, s := range []string{
		"",
		"BEGIN:VCALENDAR\nEND:VCALENDAR\n",
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;BYSETPOS=-1\nEND:VEVENT\nEND:VCALENDAR\n",
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;TZID=Europe/Berlin:20260329T020000\nDURATION:PT1H\nRRULE:FREQ=YEARLY;COUNT=5\nEXDATE:20270329T020000\nEND:VEVENT\nEND:VCALENDAR\n",
		"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261225\nDURATION:P2D\nRRULE:FREQ=YEARLY;BYMONTHDAY=-1,1;INTERVAL=3;UNTIL=20401231T000000Z\nRDATE:20270101,20270202\nEND:VEVENT\nEND:VCALENDAR\n",
	} {
		f.Add([]byte(s))
	}
	chicago := loadLoc(f, "America/Chicago")
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ParseICal(data, chicago)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "ical: ") {
				t.Fatalf("error without context: %v", err)
			}
			return
		}
		// Whatever parsed must answer questions without panicking.
		h.Dates(Date{2026, 12, 1}, Date{2027, 1, 31})
		c := NewCalendar(chicago, Hours{}, h)
		start := time.Date(2026, 12, 23, 17, 0, 0, 0, chicago)
		c.IsOpen(start)
		c.Elapsed(start, start.AddDate(0, 0, 20))
	})
}
