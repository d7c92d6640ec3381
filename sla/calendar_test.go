package sla

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestDue(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	berlin := loadLoc(t, "Europe/Berlin")

	office := mustCalendar(t, Config{Location: chicago, Holidays: "2026-11-26, 01-01"})
	lunch := mustCalendar(t, Config{Location: chicago, Hours: "mon-fri 08:00-12:00, 13:00-18:00; sat 09:00-12:00"})
	night := mustCalendar(t, Config{Location: chicago, Hours: "sun 01:00-03:00"})
	berlinNight := mustCalendar(t, Config{Location: berlin, Hours: "sun 01:00-04:00"})
	allHours := mustCalendar(t, Config{Location: chicago, Hours: "24/7"})
	allButChristmas := mustCalendar(t, Config{Location: chicago, Hours: "24/7", Holidays: "12-25"})
	shutdown := mustCalendar(t, Config{Location: berlin, Hours: "mon-fri 09:00-17:00", Holidays: "2026-12-19..2027-01-10"})

	tests := []struct {
		name  string
		cal   *Calendar
		start time.Time
		min   int
		want  time.Time
	}{
		{"within hours", office, wall(t, chicago, "2026-11-02 10:00"), 30, wall(t, chicago, "2026-11-02 10:30")},
		{"ends at closing", office, wall(t, chicago, "2026-11-02 17:30"), 30, wall(t, chicago, "2026-11-02 18:00")},
		{"after hours carries to morning", office, wall(t, chicago, "2026-11-02 17:45"), 30, wall(t, chicago, "2026-11-03 08:15")},
		{"night arrival counts from opening", office, wall(t, chicago, "2026-11-02 22:10"), 30, wall(t, chicago, "2026-11-03 08:30")},
		{"early morning arrival", office, wall(t, chicago, "2026-11-03 06:00"), 30, wall(t, chicago, "2026-11-03 08:30")},
		{"saturday arrival", office, wall(t, chicago, "2026-11-07 10:00"), 30, wall(t, chicago, "2026-11-09 08:30")},
		{"friday evening to monday", office, wall(t, chicago, "2026-11-06 17:50"), 30, wall(t, chicago, "2026-11-09 08:20")},
		{"over the fall-back weekend", office, wall(t, chicago, "2026-10-30 17:50"), 30, utc(t, "2026-11-02T14:20:00Z")},
		{"over the spring-forward weekend", office, wall(t, chicago, "2026-03-06 17:50"), 30, utc(t, "2026-03-09T13:20:00Z")},
		{"before thanksgiving", office, wall(t, chicago, "2026-11-25 17:50"), 30, wall(t, chicago, "2026-11-27 08:20")},
		{"year end with new year holiday", office, wall(t, chicago, "2026-12-31 17:50"), 30, wall(t, chicago, "2027-01-04 08:20")},
		{"whole business days", office, wall(t, chicago, "2026-11-02 08:00"), 3 * 600, wall(t, chicago, "2026-11-04 18:00")},
		{"zero minutes is the start", office, wall(t, chicago, "2026-11-07 10:00"), 0, wall(t, chicago, "2026-11-07 10:00")},
		{"into the lunch break", lunch, wall(t, chicago, "2026-11-02 11:50"), 30, wall(t, chicago, "2026-11-02 13:20")},
		{"arriving at lunch", lunch, wall(t, chicago, "2026-11-02 12:15"), 30, wall(t, chicago, "2026-11-02 13:30")},
		{"saturday frame", lunch, wall(t, chicago, "2026-11-06 17:45"), 30, wall(t, chicago, "2026-11-07 09:15")},
		{"saturday to monday", lunch, wall(t, chicago, "2026-11-07 11:50"), 30, wall(t, chicago, "2026-11-09 08:20")},
		// 2026-11-01 01:00 CDT is 06:00Z and 03:00 CST is 09:00Z: three hours.
		{"01-03 frame on fall-back day", night, wall(t, chicago, "2026-10-31 12:00"), 150, utc(t, "2026-11-01T08:30:00Z")},
		{"01-03 frame on fall-back day, all of it", night, wall(t, chicago, "2026-10-31 12:00"), 180, utc(t, "2026-11-01T09:00:00Z")},
		// 2026-03-08 01:00 CST is 07:00Z and 03:00 CDT is 08:00Z: one hour.
		{"01-03 frame on spring-forward day", night, wall(t, chicago, "2026-03-07 12:00"), 90, wall(t, chicago, "2026-03-15 01:30")},
		{"starting in the skipped hour", night, utc(t, "2026-03-08T07:30:00Z"), 45, wall(t, chicago, "2026-03-15 01:15")},
		// 2026-03-29 01:00 CET is 00:00Z and 04:00 CEST is 02:00Z: two hours.
		{"berlin spring forward", berlinNight, wall(t, berlin, "2026-03-28 12:00"), 120, utc(t, "2026-03-29T02:00:00Z")},
		{"berlin spring forward, one more", berlinNight, wall(t, berlin, "2026-03-28 12:00"), 121, wall(t, berlin, "2026-04-05 01:01")},
		// 2026-10-25 01:00 CEST is 23:00Z the day before and 04:00 CET is 03:00Z: four hours.
		{"berlin fall back", berlinNight, wall(t, berlin, "2026-10-24 12:00"), 240, utc(t, "2026-10-25T03:00:00Z")},
		{"24/7 is plain time", allHours, wall(t, chicago, "2026-10-31 23:00"), 180, utc(t, "2026-11-01T07:00:00Z")},
		{"24/7 over fall back", allHours, wall(t, chicago, "2026-11-01 00:00"), 25 * 60, wall(t, chicago, "2026-11-02 00:00")},
		{"24/7 skips holidays", allButChristmas, wall(t, chicago, "2026-12-24 23:50"), 30, wall(t, chicago, "2026-12-26 00:20")},
		{"christmas shutdown", shutdown, wall(t, berlin, "2026-12-18 16:50"), 30, wall(t, berlin, "2027-01-11 09:20")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.cal.Due(tt.start, tt.min)
			if !got.Equal(tt.want) {
				t.Errorf("Due(%s, %d) = %s, want %s", tt.start, tt.min, got, tt.want.In(tt.cal.Location()))
			}
			if tt.min > 0 {
				if e := tt.cal.Elapsed(tt.start, got); e != time.Duration(tt.min)*time.Minute {
					t.Errorf("Elapsed(start, due) = %s, want %d minutes", e, tt.min)
				}
			}
		})
	}
}

func TestElapsed(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	office := mustCalendar(t, Config{Location: chicago, Hours: "mon-fri 08:00-12:00,13:00-18:00", Holidays: "2026-11-26"})
	night := mustCalendar(t, Config{Location: chicago, Hours: "sun 01:00-03:00"})
	allHours := mustCalendar(t, Config{Location: chicago, Hours: "24/7"})

	tests := []struct {
		name     string
		cal      *Calendar
		from, to time.Time
		want     time.Duration
	}{
		{"same frame", office, wall(t, chicago, "2026-11-02 08:10"), wall(t, chicago, "2026-11-02 09:00"), 50 * time.Minute},
		{"over lunch", office, wall(t, chicago, "2026-11-02 11:30"), wall(t, chicago, "2026-11-02 13:30"), time.Hour},
		{"overnight", office, wall(t, chicago, "2026-11-02 17:00"), wall(t, chicago, "2026-11-03 09:00"), 2 * time.Hour},
		{"over the weekend", office, wall(t, chicago, "2026-11-06 17:00"), wall(t, chicago, "2026-11-09 09:00"), 2 * time.Hour},
		{"all closed", office, wall(t, chicago, "2026-11-07 08:00"), wall(t, chicago, "2026-11-08 20:00"), 0},
		{"holiday", office, wall(t, chicago, "2026-11-25 17:00"), wall(t, chicago, "2026-11-27 09:00"), 2 * time.Hour},
		{"a working week", office, wall(t, chicago, "2026-11-02 00:00"), wall(t, chicago, "2026-11-09 00:00"), 45 * time.Hour},
		{"backwards is negative", office, wall(t, chicago, "2026-11-02 09:00"), wall(t, chicago, "2026-11-02 08:10"), -50 * time.Minute},
		{"fall-back night frame", night, wall(t, chicago, "2026-10-31 00:00"), wall(t, chicago, "2026-11-02 00:00"), 3 * time.Hour},
		{"spring-forward night frame", night, wall(t, chicago, "2026-03-07 00:00"), wall(t, chicago, "2026-03-09 00:00"), time.Hour},
		{"24/7 fall-back day", allHours, wall(t, chicago, "2026-11-01 00:00"), wall(t, chicago, "2026-11-02 00:00"), 25 * time.Hour},
		{"24/7 spring-forward day", allHours, wall(t, chicago, "2026-03-08 00:00"), wall(t, chicago, "2026-03-09 00:00"), 23 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.cal.Elapsed(tt.from, tt.to); got != tt.want {
				t.Errorf("Elapsed = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestBusinessMinutes(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	c := mustCalendar(t, Config{Location: chicago})
	start := wall(t, chicago, "2026-11-02 17:45")
	tests := []struct {
		to   time.Time
		want int
	}{
		{start, 0},
		{start.Add(59 * time.Second), 0},
		{start.Add(-time.Hour), 0},
		{wall(t, chicago, "2026-11-03 08:15"), 30},
		// as clocks read the times: 17:45 to 08:15 is 30 minutes, whatever
		// the seconds
		{wall(t, chicago, "2026-11-03 08:15").Add(59 * time.Second), 30},
		{wall(t, chicago, "2026-11-03 08:14").Add(59 * time.Second), 29},
		{wall(t, chicago, "2026-11-03 08:16"), 31},
	}
	for _, tt := range tests {
		if got := c.BusinessMinutes(start, tt.to); got != tt.want {
			t.Errorf("BusinessMinutes(%s, %s) = %d, want %d", start, tt.to, got, tt.want)
		}
	}
}

func TestIsOpenNextOpen(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	c := mustCalendar(t, Config{Location: chicago, Hours: "mon-fri 08:00-12:00,13:00-18:00; sat 09:00-12:00", Holidays: "2026-12-25"})
	tests := []struct {
		at   time.Time
		open bool
		next time.Time
	}{
		{wall(t, chicago, "2026-11-02 07:59"), false, wall(t, chicago, "2026-11-02 08:00")},
		{wall(t, chicago, "2026-11-02 08:00"), true, wall(t, chicago, "2026-11-02 08:00")},
		{wall(t, chicago, "2026-11-02 11:59"), true, wall(t, chicago, "2026-11-02 11:59")},
		{wall(t, chicago, "2026-11-02 12:00"), false, wall(t, chicago, "2026-11-02 13:00")},
		{wall(t, chicago, "2026-11-02 18:00"), false, wall(t, chicago, "2026-11-03 08:00")},
		{wall(t, chicago, "2026-11-07 12:00"), false, wall(t, chicago, "2026-11-09 08:00")},
		{wall(t, chicago, "2026-11-07 10:00"), true, wall(t, chicago, "2026-11-07 10:00")},
		{wall(t, chicago, "2026-12-24 18:30"), false, wall(t, chicago, "2026-12-26 09:00")},
		{wall(t, chicago, "2026-12-25 10:00"), false, wall(t, chicago, "2026-12-26 09:00")},
	}
	for _, tt := range tests {
		if got := c.IsOpen(tt.at); got != tt.open {
			t.Errorf("IsOpen(%s) = %v, want %v", tt.at, got, tt.open)
		}
		if got := c.NextOpen(tt.at); !got.Equal(tt.next) {
			t.Errorf("NextOpen(%s) = %s, want %s", tt.at, got, tt.next)
		}
	}
}

func TestOpenStretch(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	c := mustCalendar(t, Config{Location: chicago, Hours: "mon-fri 08:00-12:00,13:00-18:00", Holidays: "2026-12-25"})
	tests := []struct{ at, from, to string }{
		{"2026-11-02 07:59", "2026-11-02 08:00", "2026-11-02 12:00"},
		{"2026-11-02 08:00", "2026-11-02 08:00", "2026-11-02 12:00"},
		{"2026-11-02 12:00", "2026-11-02 13:00", "2026-11-02 18:00"},
		{"2026-11-06 18:00", "2026-11-09 08:00", "2026-11-09 12:00"}, // Friday evening: Monday
		{"2026-12-24 18:30", "2026-12-28 08:00", "2026-12-28 12:00"}, // the holiday, then the weekend
	}
	for _, tt := range tests {
		from, to := c.OpenStretch(wall(t, chicago, tt.at))
		if !from.Equal(wall(t, chicago, tt.from)) || !to.Equal(wall(t, chicago, tt.to)) {
			t.Errorf("OpenStretch(%s) = %s, %s, want %s, %s", tt.at, from, to, tt.from, tt.to)
		}
	}
	if from, _ := NewCalendar(nil, AlwaysOpen()).OpenStretch(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)); !from.Equal(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("always open: the stretch starts %s, want the day's midnight", from)
	}
}

func TestNthBusinessDay(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	c := mustCalendar(t, Config{Location: chicago, Holidays: "2026-11-26,2026-11-27"})
	tests := []struct {
		name  string
		start time.Time
		n     int
		want  Date
	}{
		{"during hours is day 1", wall(t, chicago, "2026-11-02 10:00"), 1, Date{2026, 11, 2}},
		{"before opening is day 1", wall(t, chicago, "2026-11-02 06:00"), 1, Date{2026, 11, 2}},
		{"after closing starts tomorrow", wall(t, chicago, "2026-11-02 18:00"), 1, Date{2026, 11, 3}},
		{"saturday starts monday", wall(t, chicago, "2026-11-07 10:00"), 1, Date{2026, 11, 9}},
		{"day 3 over the weekend", wall(t, chicago, "2026-11-05 10:00"), 3, Date{2026, 11, 9}},
		{"day 2 over thanksgiving", wall(t, chicago, "2026-11-25 10:00"), 2, Date{2026, 11, 30}},
		{"day 10", wall(t, chicago, "2026-11-02 10:00"), 10, Date{2026, 11, 13}},
	}
	for _, tt := range tests {
		got := c.NthBusinessDay(tt.start, tt.n)
		if got.Date != tt.want {
			t.Errorf("%s: day %d = %s, want %s", tt.name, tt.n, got.Date, tt.want)
		}
		if want := wall(t, chicago, tt.want.String()+" 18:00"); !got.Close.Equal(want) {
			t.Errorf("%s: closes %s, want %s", tt.name, got.Close, want)
		}
	}
}

func TestWallInstant(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	berlin := loadLoc(t, "Europe/Berlin")
	tests := []struct {
		loc  *time.Location
		d    Date
		hhmm int
		want string
	}{
		{chicago, Date{2026, 11, 2}, 800, "2026-11-02T14:00:00Z"},
		{chicago, Date{2026, 11, 1}, 130, "2026-11-01T06:30:00Z"}, // shown twice: the first
		{chicago, Date{2026, 3, 8}, 230, "2026-03-08T08:00:00Z"},  // never shown: end of the gap
		{berlin, Date{2026, 10, 25}, 230, "2026-10-25T00:30:00Z"}, // shown twice: the first
		{berlin, Date{2026, 3, 29}, 230, "2026-03-29T01:00:00Z"},  // never shown: end of the gap
		{berlin, Date{2026, 3, 29}, 2400, "2026-03-29T22:00:00Z"}, // 24:00 is the next midnight
		{time.UTC, Date{2026, 12, 31}, 2400, "2027-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		got := wallInstant(tt.loc, tt.d, (tt.hhmm/100)*3600+(tt.hhmm%100)*60)
		if want := utc(t, tt.want); !got.Equal(want) {
			t.Errorf("wallInstant(%s, %s, %04d) = %s, want %s", tt.loc, tt.d, tt.hhmm, got.UTC(), want)
		}
	}
}

func TestStartOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		zone string
		d    Date
		want string
	}{
		{"America/Chicago", Date{2026, 11, 2}, "2026-11-02T06:00:00Z"},
		{"America/Chicago", Date{2026, 3, 8}, "2026-03-08T06:00:00Z"}, // DST starts at 02:00: midnight is there
		{"Europe/Berlin", Date{2026, 10, 25}, "2026-10-24T22:00:00Z"},
		// The clock goes from 23:59:59 to 01:00: the date begins at 01:00,
		// not at 23:00 the day before, as time.Date reads midnight.
		{"America/Santiago", Date{2024, 9, 8}, "2024-09-08T04:00:00Z"},
		{"America/Havana", Date{2024, 3, 10}, "2024-03-10T05:00:00Z"},
		// The clock shows the previous day's last hour twice; midnight once.
		{"America/Santiago", Date{2024, 4, 7}, "2024-04-07T04:00:00Z"},
	}
	for _, tt := range tests {
		cal := NewCalendar(loadLoc(t, tt.zone), Hours{})
		got := cal.StartOf(tt.d)
		if want := utc(t, tt.want); !got.Equal(want) {
			t.Errorf("%s StartOf(%s) = %s, want %s", tt.zone, tt.d, got.UTC(), want)
		}
		if cal.DateOf(got) != tt.d || cal.DateOf(got.Add(-time.Nanosecond)) != tt.d.AddDays(-1) {
			t.Errorf("%s StartOf(%s) = %s is not where the date begins", tt.zone, tt.d, got)
		}
		if got.Location() != cal.Location() {
			t.Errorf("%s StartOf(%s) in %s, want the office's zone", tt.zone, tt.d, got.Location())
		}
	}
}

// TestAgainstWallClock checks the calendar minute by minute against the
// obvious reading of a schedule, open when the wall clock is inside a frame,
// over the DST weeks of two zones. The frames are chosen not to end inside a
// repeated hour, where the obvious reading is ambiguous.
func TestAgainstWallClock(t *testing.T) {
	t.Parallel()
	const spec = "mon-fri 08:00-12:00,13:00-18:00; sat 09:00-12:00; sun 01:00-03:00"
	weeks := []struct{ zone, monday string }{
		{"America/Chicago", "2026-03-02"},
		{"America/Chicago", "2026-10-26"},
		{"Europe/Berlin", "2026-03-23"},
		{"Europe/Berlin", "2026-10-19"},
	}
	for _, w := range weeks {
		t.Run(w.zone+"/"+w.monday, func(t *testing.T) {
			t.Parallel()
			loc := loadLoc(t, w.zone)
			hours, err := ParseHours(spec)
			if err != nil {
				t.Fatal(err)
			}
			c := NewCalendar(loc, hours)
			from := wall(t, loc, w.monday+" 00:00")
			to := from.AddDate(0, 0, 7)
			var open time.Duration
			for at := from; at.Before(to); at = at.Add(time.Minute) {
				l := at.In(loc)
				minute := l.Hour()*60 + l.Minute()
				want := false
				for _, f := range hours.Frames(l.Weekday()) {
					want = want || (minute >= f.Start && minute < f.End)
				}
				if got := c.IsOpen(at); got != want {
					t.Fatalf("IsOpen(%s) = %v, wall clock says %v", l, got, want)
				}
				if want {
					open += time.Minute
				}
			}
			if got := c.Elapsed(from, to); got != open {
				t.Errorf("Elapsed over the week = %s, minute count %s", got, open)
			}
		})
	}
}

// TestDueProperties checks, for many random starts and durations, that Due
// returns exactly the asked business time and the earliest instant that
// does, and that it never runs backwards.
func TestDueProperties(t *testing.T) {
	t.Parallel()
	chicago := loadLoc(t, "America/Chicago")
	berlin := loadLoc(t, "Europe/Berlin")
	ical, err := ParseICal(readFixture(t), chicago)
	if err != nil {
		t.Fatal(err)
	}
	cals := map[string]*Calendar{
		"default chicago":  mustCalendar(t, Config{Location: chicago}),
		"lunch berlin":     mustCalendar(t, Config{Location: berlin, Hours: "mon-fri 08:00-12:00,13:00-18:00; sat 09:00-12:00", Holidays: "2026-12-24..2026-12-26, 01-01"}),
		"night frames":     mustCalendar(t, Config{Location: chicago, Hours: "mon-sun 00:30-03:00, 22:00-24:00"}),
		"24/7 holidays":    mustCalendar(t, Config{Location: berlin, Hours: "24/7", Holidays: "12-25, 2026-10-25"}),
		"24/7":             mustCalendar(t, Config{Location: chicago, Hours: "24/7"}),
		"ical holidays":    NewCalendar(chicago, Hours{}, ical),
		"utc short frames": mustCalendar(t, Config{Hours: "tue 10:00-11:07; thu 23:59-24:00"}),
	}
	rng := rand.New(rand.NewPCG(7, 26))
	base := utc(t, "2025-12-01T00:00:00Z")
	for name, c := range cals {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(rng.Uint64(), 1))
			for range 400 {
				start := base.Add(time.Duration(rng.Int64N(int64(400 * 24 * time.Hour))))
				n := 1 + rng.IntN(6000)
				due := c.Due(start, n)
				if got := c.Elapsed(start, due); got != time.Duration(n)*time.Minute {
					t.Fatalf("Elapsed(%s, Due(.., %d) = %s) = %s", start, n, due, got)
				}
				if got := c.Elapsed(start, due.Add(-time.Second)); got >= time.Duration(n)*time.Minute {
					t.Fatalf("Due(%s, %d) = %s is not the earliest", start, n, due)
				}
				if !c.IsOpen(due.Add(-time.Second)) {
					t.Fatalf("Due(%s, %d) = %s: closed just before it", start, n, due)
				}
				if next := c.Due(start, n+1); !next.After(due) {
					t.Fatalf("Due(%s, %d) = %s, but one minute more gives %s", start, n, due, next)
				}
				if open := c.NextOpen(start); c.Elapsed(start, open) != 0 || !c.IsOpen(open) {
					t.Fatalf("NextOpen(%s) = %s is not the next open instant", start, open)
				}
			}
		})
	}
}

func TestDueNeverOpen(t *testing.T) {
	t.Parallel()
	// Closed for a year, every year: the search gives up instead of hanging.
	h, err := ParseICal([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\nDURATION:P366D\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := NewCalendar(nil, Hours{}, h)
	start := utc(t, "2026-06-01T00:00:00Z")
	if got := c.Due(start, 30); !got.IsZero() {
		t.Errorf("Due = %s, want the zero Time", got)
	}
	if got := c.NextOpen(start); !got.IsZero() {
		t.Errorf("NextOpen = %s, want the zero Time", got)
	}
	if got := c.NthBusinessDay(start, 1); !got.Open.IsZero() {
		t.Errorf("NthBusinessDay = %+v, want the zero Day", got)
	}
}

func TestNewReportsEverySetting(t *testing.T) {
	t.Parallel()
	_, err := New(Config{Hours: "mon-fri 8-18", Holidays: "2026-02-30", ICal: []byte("nonsense")})
	if err == nil {
		t.Fatal("New accepted a broken config")
	}
	for _, want := range []string{`hours "mon-fri 8-18"`, `holidays "2026-02-30"`, "ical:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func BenchmarkDue(b *testing.B) {
	berlin := loadLoc(b, "Europe/Berlin")
	ical, err := ParseICal(readFixture(b), berlin)
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name string
		cal  *Calendar
	}{
		{"three-week shutdown", mustCalendar(b, Config{Location: berlin, Hours: "mon-fri 08:00-12:00,13:00-18:00", Holidays: "2026-12-19..2027-01-10"})},
		{"ical holidays", NewCalendar(berlin, Hours{}, ical, mustHolidays(b, "2026-12-19..2027-01-10"))},
	}
	start := wall(b, berlin, "2026-12-18 17:55")
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				bc.cal.Due(start, 30)
			}
		})
	}
	b.Run("a month of business minutes", func(b *testing.B) {
		c := cases[0].cal
		for b.Loop() {
			c.Due(start, 22*9*60)
		}
	})
}

func mustHolidays(t testing.TB, spec string) Holidays {
	t.Helper()
	h, err := ParseHolidays(spec)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
