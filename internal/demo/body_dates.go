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
// Loss: 10/31/2026", a bounce's "Arrival-Date: Mon,  9 Nov 2026", an
// invitation's "DTSTART:20261112T160000Z"; and the days they name from
// the mail's own ("yesterday", "tomorrow morning", "came Wednesday").
var (
	namedDate    = regexp.MustCompile(`\b(?:(` + dayNames + `),? )?(` + monthNames + `) (\d{1,2})(?:, (\d{4}))?\b`)
	slashedDate  = regexp.MustCompile(`\b(?:(` + dayNames + `) )?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\b`)
	headerDate   = regexp.MustCompile(`\b(` + dayNames + `), +(\d{1,2}) (` + monthNames + `) (\d{4})\b`)
	calendarDay  = regexp.MustCompile(`\b(\d{4})(\d{2})(\d{2})(T\d{6}Z?)\b`)
	relativeDay  = regexp.MustCompile(`\b([Tt]he day after tomorrow|[Yy]esterday|[Tt]omorrow)('s)?\b`)
	weekdayAlone = regexp.MustCompile(`\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b`)
	// bodyDate is any of them, the longer forms first: "Wednesday,
	// November 4" is one date, not a weekday and a date.
	bodyDate = regexp.MustCompile(strings.Join([]string{namedDate.String(), slashedDate.String(), headerDate.String(),
		calendarDay.String(), relativeDay.String(), weekdayAlone.String()}, "|"))
	// encodedLine is a line of a base64 part: attachments keep their bytes.
	encodedLine = regexp.MustCompile(`^[A-Za-z0-9+/]{40,}={0,2}$`)
)

// dayMover moves a day the sample's texts name as Redate moves the mail
// of that day: the sample's last day (last) to newest's day on cal, each
// earlier business day of the sample as many of cal's business days
// before it, each later one as many after it, and a weekend day as far
// from the weekday before it as it was, yet before the next weekday's.
func dayMover(last sla.Date, newest time.Time, cal *sla.Calendar) func(sla.Date) sla.Date {
	to := cal.DateOf(newest)
	var move func(d sla.Date) sla.Date
	move = func(d sla.Date) sla.Date {
		switch wd := d.Weekday(); {
		case wd == time.Saturday || wd == time.Sunday:
			back := int(wd-time.Friday+7) % 7
			at, next := move(d.AddDays(-back)).AddDays(back), move(d.AddDays(3-back))
			if !at.Before(next) {
				at = next.AddDays(-1) // still before the Monday's mail
			}
			return at
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

// bodyMove moves the dates of one message's texts: move moves a day,
// and the message itself moved from day was to day now.
type bodyMove struct {
	was, now sla.Date
	move     func(sla.Date) sla.Date
}

// withBodyDates returns raw with the dates its texts name moved as b
// says, each written as it was ("Thursday 11/5", "Wednesday, November 4")
// with the weekday of its new date, and a day named from the mail's own
// ("yesterday") named by its weekday when it no longer is that day. The
// header, and the lines of base64 parts, are left as they are.
func withBodyDates(raw []byte, b bodyMove) []byte {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if end < 0 {
		return raw
	}
	lines := bytes.Split(raw[end:], []byte("\r\n"))
	for i, l := range lines {
		if !encodedLine.Match(l) {
			lines[i] = []byte(bodyDate.ReplaceAllStringFunc(string(l), b.moved))
		}
	}
	return append(raw[:end:end], bytes.Join(lines, []byte("\r\n"))...)
}

// moved is m, one bodyDate, moved.
func (b bodyMove) moved(m string) string {
	for _, f := range []struct {
		re   *regexp.Regexp
		move func(g []string) string
	}{{namedDate, b.namedDate}, {slashedDate, b.slashedDate}, {headerDate, b.headerDate},
		{calendarDay, b.calendarDay}, {relativeDay, b.relativeDay}, {weekdayAlone, b.weekdayAlone}} {
		if g := f.re.FindStringSubmatch(m); g != nil && g[0] == m {
			return f.move(g)
		}
	}
	return m
}

// namedDate is the namedDate g moved: "Tuesday, November 3, 2026".
func (b bodyMove) namedDate(g []string) string {
	month, ok := monthOf(g[2])
	if !ok {
		return g[0]
	}
	d, ok := dateOf(g[4], b.was.Year, month, g[3])
	if !ok {
		return g[0]
	}
	to := b.move(d)
	out := spelt(to.Format("January"), g[2]) + " " + strconv.Itoa(to.Day)
	if g[4] != "" {
		out += ", " + strconv.Itoa(to.Year)
	}
	if g[1] != "" {
		out = spelt(to.Format("Monday"), g[1]) + g[0][len(g[1]):strings.Index(g[0], g[2])] + out // ", " or " "
	}
	return out
}

// slashedDate is the slashedDate g moved: "Thursday 11/5", "10/31/2026".
func (b bodyMove) slashedDate(g []string) string {
	n, _ := strconv.Atoi(g[2])
	if n < 1 || n > 12 {
		return g[0] // "24/7"
	}
	d, ok := dateOf(g[4], b.was.Year, time.Month(n), g[3])
	if !ok {
		return g[0]
	}
	// A date with its year is a form's: "11/01/2026", "10/31/2026".
	to, layout := b.move(d), "1/2"
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

// headerDate is the headerDate g moved: "Mon,  9 Nov 2026".
func (b bodyMove) headerDate(g []string) string {
	month, ok := monthOf(g[3])
	if !ok {
		return g[0]
	}
	d, ok := dateOf(g[4], 0, month, g[2])
	if !ok {
		return g[0]
	}
	to := b.move(d)
	return fmt.Sprintf("%s, %2d %s %d", to.Format("Mon"), to.Day, to.Format("Jan"), to.Year)
}

// calendarDay is the calendarDay g moved: "20261112T160000Z".
func (b bodyMove) calendarDay(g []string) string {
	n, _ := strconv.Atoi(g[2])
	d, ok := dateOf(g[1], 0, time.Month(n), g[3])
	if !ok {
		return g[0]
	}
	return b.move(d).Format("20060102") + g[4]
}

// relativeDay is the relativeDay g moved: kept while it names the same
// day from the mail's new day, else "on Friday" ("Friday's").
func (b bodyMove) relativeDay(g []string) string {
	ahead := map[string]int{"the day after tomorrow": 2, "yesterday": -1, "tomorrow": 1}[strings.ToLower(g[1])]
	to := b.move(b.was.AddDays(ahead))
	if to == b.now.AddDays(ahead) {
		return g[0]
	}
	if g[2] != "" {
		return to.Format("Monday") + g[2]
	}
	on := "on "
	if g[1][0] >= 'A' && g[1][0] <= 'Z' {
		on = "On "
	}
	return on + to.Format("Monday")
}

// weekdayAlone is the weekdayAlone g moved: the nearest such day to the
// mail's ("came Wednesday", "out until Wednesday"), named as it is now.
func (b bodyMove) weekdayAlone(g []string) string {
	for _, n := range []int{0, 1, -1, 2, -2, 3, -3} {
		if d := b.was.AddDays(n); d.Format("Monday") == g[1] {
			return b.move(d).Format("Monday")
		}
	}
	return g[0]
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
