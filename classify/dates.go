package classify

import (
	"regexp"
	"strconv"
	"time"
)

var (
	isoDayRe   = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	slashDayRe = regexp.MustCompile(`\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})\b`)
	monthDayRe = regexp.MustCompile(`\b([a-z]{3,10})\.?\s+(\d{1,2})(st|nd|rd|th)?,?\s+(\d{4})\b`)
	dayMonthRe = regexp.MustCompile(`\b(\d{1,2})\s+(de\s+)?([a-z]{3,10})\.?,?\s+(de\s+|del\s+)?(\d{4})\b`)
	months     = map[string]time.Month{
		"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
		"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
		"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
		"ene": 1, "enero": 1, "febrero": 2, "marzo": 3, "abr": 4, "abril": 4, "mayo": 5, "junio": 6,
		"julio": 7, "ago": 8, "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
		"noviembre": 11, "dic": 12, "diciembre": 12,
	}
)

// ParseDate reads a calendar date as people write it in claims mail:
// 2026-10-31, 10/31/2026, 10/31/26, Oct 31, 2026, 31 de octubre de 2026.
// Slashed dates are read month first unless the first number cannot be a
// month. The result is midnight UTC.
func ParseDate(s string) (time.Time, bool) {
	f := Fold(s)
	mk := func(y int, mo time.Month, d int) (time.Time, bool) {
		if y < 100 {
			y += 2000
		}
		if mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
			return time.Time{}, false
		}
		t := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			return time.Time{}, false
		}
		return t, true
	}
	if m := isoDayRe.FindStringSubmatch(f); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return mk(y, time.Month(mo), d)
	}
	if m := slashDayRe.FindStringSubmatch(f); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if a > 12 {
			return mk(y, time.Month(b), a)
		}
		return mk(y, time.Month(a), b)
	}
	if m := monthDayRe.FindStringSubmatch(f); m != nil {
		if mo, ok := months[m[1]]; ok {
			d, _ := strconv.Atoi(m[2])
			y, _ := strconv.Atoi(m[4])
			return mk(y, mo, d)
		}
	}
	if m := dayMonthRe.FindStringSubmatch(f); m != nil {
		if mo, ok := months[m[3]]; ok {
			d, _ := strconv.Atoi(m[1])
			y, _ := strconv.Atoi(m[5])
			return mk(y, mo, d)
		}
	}
	return time.Time{}, false
}
