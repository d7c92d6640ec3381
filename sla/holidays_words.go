package sla

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// holidayForms says which ways of writing a holiday ParseHolidays takes.
const holidayForms = "want 2026-12-25 or Dec 25 2026 (that day), 12-25 or Dec 25 (every year), or 2026-12-24..2026-12-31 (every day between)"

// holidayEntries splits a holidays setting into its entries: the words
// between commas, semicolons and spaces, except that a date written with
// its month's name ("Dec 25", "25 December 2026", "Dec 25, 2026") is one
// entry, in the numeric form (12-25, 2026-12-25).
func holidayEntries(spec string) []string {
	words := strings.FieldsFunc(spec, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
	var out []string
	for i := 0; i < len(words); i++ {
		entry, used := namedDate(words[i:])
		if used == 0 {
			entry, used = words[i], 1
		}
		out = append(out, entry)
		i += used - 1
	}
	return out
}

// namedDate reads a date written with its month's name at the start of
// words, month first or day first, with a year or not. It returns the date
// as an entry (MM-DD, or YYYY-MM-DD with a year; the words as they were
// when the day does not exist) and how many words it took; 0 when words
// do not start with such a date.
func namedDate(words []string) (string, int) {
	if len(words) < 2 {
		return "", 0
	}
	month, day, ok := monthName(words[0]), dayNumber(words[1]), true
	if month == 0 || day == 0 {
		month, day = monthName(words[1]), dayNumber(words[0])
		ok = month != 0 && day != 0
	}
	if !ok {
		return "", 0
	}
	n, year := 2, 2000 // a leap year, so Feb 29 every year is a day
	if len(words) > 2 && len(words[2]) == 4 {
		if y, err := strconv.Atoi(words[2]); err == nil && y >= 1900 {
			n, year = 3, y
		}
	}
	if time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Day() != day {
		return strings.Join(words[:n], " "), n // not a day: said as written
	}
	if n == 3 {
		return fmt.Sprintf("%04d-%02d-%02d", year, int(month), day), n
	}
	return fmt.Sprintf("%02d-%02d", int(month), day), n
}

// monthName is the month w names ("Dec", "december", "Sept."); 0 if none.
func monthName(w string) time.Month {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	if len(w) < 3 {
		return 0
	}
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if strings.HasPrefix(name, w) || (m == time.September && w == "sept") {
			return m
		}
	}
	return 0
}

// dayNumber is the day of the month w gives ("25", "1st", "22nd"); 0 if
// none.
func dayNumber(w string) int {
	w = strings.ToLower(w)
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		w = strings.TrimSuffix(w, suffix)
	}
	n, err := strconv.Atoi(w)
	if err != nil || n < 1 || n > 31 || len(w) > 2 {
		return 0
	}
	return n
}

// holidayHint says how to write an entry that is not a date in a way
// ParseHolidays takes, for the form it looks like.
func holidayHint(tok string) string {
	switch {
	case strings.Contains(tok, "/"):
		return "slashes can be read as month/day or as day/month: write 12-25 (every year), 2026-12-25 (that day) or Dec 25"
	case monthName(tok) != 0:
		return "a month needs its day: Dec 25 (every year), or Dec 25 2026 (that day)"
	}
	return holidayForms
}
