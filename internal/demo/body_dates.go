package demo

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// Names of days and months as the sample's senders write them, the long
// forms first: a regexp takes the first alternative that matches.
const (
	dayNames   = `Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun`
	monthNames = `January|February|March|April|May|June|July|August|September|October|November|December|` +
		`Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec`
)

// The dates the sample mail's texts name, in the ways its senders write
// them: "Wednesday, November 4", "Sent: Tuesday, November 3, 2026",
// "Date: Mon, Nov 2, 2026" (forwards), "by Thursday 11/5", "Date of
// Loss: 10/31/2026", a bounce's "Arrival-Date: Mon,  9 Nov 2026" and an
// invitation's "DTSTART:20261112T160000Z".
var (
	namedDate   = regexp.MustCompile(`\b(?:(` + dayNames + `),? )?(` + monthNames + `) (\d{1,2})(?:, (\d{4}))?\b`)
	slashedDate = regexp.MustCompile(`\b(?:(` + dayNames + `) )?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\b`)
	headerDate  = regexp.MustCompile(`\b(` + dayNames + `), +(\d{1,2}) (` + monthNames + `) (\d{4})\b`)
	calendarDay = regexp.MustCompile(`\b(\d{4})(\d{2})(\d{2})(T\d{6}Z?)\b`)
	// encodedLine is a line of a base64 part: attachments keep their bytes.
	encodedLine = regexp.MustCompile(`^[A-Za-z0-9+/]{40,}={0,2}$`)
)

// dayMover moves a day the sample's texts name as Redate moves the mail
// of that day: the sample's last day (last) to newest's day on cal, each
// earlier business day of the sample as many of cal's business days
// before it, each later one as many after it, and a weekend day as far
// from the weekday before it as it was.
func dayMover(last sla.Date, newest time.Time, cal *sla.Calendar) func(sla.Date) sla.Date {
	to := cal.DateOf(newest)
	var move func(d sla.Date) sla.Date
	move = func(d sla.Date) sla.Date {
		switch wd := d.Weekday(); {
		case wd == time.Saturday || wd == time.Sunday:
			back := int(wd-time.Friday+7) % 7
			return move(d.AddDays(-back)).AddDays(back)
		case d == last:
			return to
		case d.After(last):
			return businessDayAfter(cal, to, sampleDaysBetween(last, d))
		}
		return businessDayBefore(cal, to, sampleDaysBetween(d, last))
	}
	return move
}

// businessDayAfter returns the date n business days of cal after d; a
// calendar with none within maxLookback counts calendar days instead.
func businessDayAfter(cal *sla.Calendar, d sla.Date, n int) sla.Date {
	left := n
	for i := 1; i <= int(maxLookback/(24*time.Hour)); i++ {
		day := d.AddDays(i)
		if _, open := cal.BusinessDay(day); !open {
			continue
		}
		if left--; left == 0 {
			return day
		}
	}
	return d.AddDays(n)
}

// withBodyDates returns raw with the dates its texts name moved by move,
// each written as it was ("Thursday 11/5", "Wednesday, November 4") with
// the weekday of its new date; year is the year of a date written
// without one. The header, and the lines of base64 parts, are left as
// they are.
func withBodyDates(raw []byte, year int, move func(sla.Date) sla.Date) []byte {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		return raw
	}
	lines := bytes.Split(raw[end:], []byte("\r\n"))
	for i, l := range lines {
		if encodedLine.Match(l) {
			continue
		}
		s := string(l)
		s = namedDate.ReplaceAllStringFunc(s, func(m string) string { return movedNamedDate(m, year, move) })
		s = slashedDate.ReplaceAllStringFunc(s, func(m string) string { return movedSlashedDate(m, year, move) })
		s = headerDate.ReplaceAllStringFunc(s, func(m string) string { return movedHeaderDate(m, move) })
		s = calendarDay.ReplaceAllStringFunc(s, func(m string) string { return movedCalendarDay(m, move) })
		lines[i] = []byte(s)
	}
	return append(raw[:end:end], bytes.Join(lines, []byte("\r\n"))...)
}

// movedNamedDate is m, a namedDate, moved: "Tuesday, November 3, 2026".
func movedNamedDate(m string, year int, move func(sla.Date) sla.Date) string {
	g := namedDate.FindStringSubmatch(m)
	month, ok := monthOf(g[2])
	if !ok {
		return m
	}
	d, ok := dateOf(g[4], year, month, g[3])
	if !ok {
		return m
	}
	to := move(d)
	out := spelt(to.Format("January"), g[2]) + " " + strconv.Itoa(to.Day)
	if g[4] != "" {
		out += ", " + strconv.Itoa(to.Year)
	}
	if g[1] != "" {
		out = spelt(to.Format("Monday"), g[1]) + m[len(g[1]):strings.Index(m, g[2])] + out // ", " or " "
	}
	return out
}

// movedSlashedDate is m, a slashedDate, moved: "Thursday 11/5",
// "10/31/2026".
func movedSlashedDate(m string, year int, move func(sla.Date) sla.Date) string {
	g := slashedDate.FindStringSubmatch(m)
	n, _ := strconv.Atoi(g[2])
	if n < 1 || n > 12 {
		return m // "24/7"
	}
	d, ok := dateOf(g[4], year, time.Month(n), g[3])
	if !ok {
		return m
	}
	// A date with its year is a form's: "11/01/2026", "10/31/2026".
	to, layout := move(d), "1/2"
	if g[4] != "" || strings.HasPrefix(g[2], "0") || strings.HasPrefix(g[3], "0") {
		layout = "01/02"
	}
	out := to.Format(layout)
	if g[4] != "" {
		out += "/" + strconv.Itoa(to.Year)
	}
	if g[1] != "" {
		out = spelt(to.Format("Monday"), g[1]) + " " + out
	}
	return out
}

// movedHeaderDate is m, a headerDate, moved: "Mon,  9 Nov 2026".
func movedHeaderDate(m string, move func(sla.Date) sla.Date) string {
	g := headerDate.FindStringSubmatch(m)
	month, ok := monthOf(g[3])
	if !ok {
		return m
	}
	d, ok := dateOf(g[4], 0, month, g[2])
	if !ok {
		return m
	}
	to := move(d)
	return fmt.Sprintf("%s, %2d %s %d", to.Format("Mon"), to.Day, to.Format("Jan"), to.Year)
}

// movedCalendarDay is m, a calendarDay, moved: "20261112T160000Z".
func movedCalendarDay(m string, move func(sla.Date) sla.Date) string {
	g := calendarDay.FindStringSubmatch(m)
	n, _ := strconv.Atoi(g[2])
	d, ok := dateOf(g[1], 0, time.Month(n), g[3])
	if !ok {
		return m
	}
	return move(d).Format("20060102") + g[4]
}

// dateOf is the date of year (written; else fallback), month and day; false
// when there is none such.
func dateOf(written string, fallback int, month time.Month, day string) (sla.Date, bool) {
	y, err := strconv.Atoi(written)
	if err != nil {
		y = fallback
	}
	n, err := strconv.Atoi(day)
	if err != nil || month < 1 || month > 12 {
		return sla.Date{}, false
	}
	d := sla.Date{Year: y, Month: month, Day: n}
	return d, d.AddDays(0) == d
}

// monthOf is the month a name or its abbreviation names.
func monthOf(name string) (time.Month, bool) {
	for m := time.January; m <= time.December; m++ {
		if long := m.String(); long == name || long[:3] == name {
			return m, true
		}
	}
	return 0, false
}

// spelt is name cut to the length of was: "Wed" for a day written so.
func spelt(name, was string) string {
	if len(was) == 3 {
		return name[:3]
	}
	return name
}
