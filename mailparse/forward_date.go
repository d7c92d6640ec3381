package mailparse

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// fwdLooseDateLayouts are the date forms mail clients write in forward
// headers and reply attributions, after normalizeDate removed weekdays,
// commas, "at" and the zone.
var fwdLooseDateLayouts = []string{
	"January 2 2006 3:04:05 PM",
	"January 2 2006 3:04 PM",
	"January 2 2006 15:04:05",
	"January 2 2006 15:04",
	"Jan 2 2006 3:04:05 PM",
	"Jan 2 2006 3:04 PM",
	"Jan 2 2006 15:04:05",
	"Jan 2 2006 15:04",
	"2 January 2006 3:04 PM",
	"2 January 2006 15:04:05",
	"2 January 2006 15:04",
	"2 Jan 2006 3:04 PM",
	"2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04",
	"1/2/2006 3:04:05 PM",
	"1/2/2006 3:04 PM",
	"1/2/06 3:04 PM",
	"1/2/2006 15:04:05",
	"1/2/2006 15:04",
	"1/2/06 15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05",
	"January 2 2006",
	"Jan 2 2006",
	"2 January 2006",
	"2 Jan 2006",
	"1/2/2006",
	"2006-01-02",
}

// fwdUsZones are the zone abbreviations US mail clients print; Go's parser
// would accept them only with a zero offset.
var fwdUsZones = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
	"PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
}

var (
	fwdLeadingWeekday = regexp.MustCompile(`(?i)^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+`)
	fwdTrailingZone   = regexp.MustCompile(`\s*\(?(?:(?:UTC|GMT)\s*)?([+-]\d{2}):?(\d{2})\)?$|\s*\(?([A-Z]{1,4}T?)\)?$`)
	fwdOrdinalSuffix  = regexp.MustCompile(`(\d)(st|nd|rd|th)\b`)
	fwdMeridiem       = regexp.MustCompile(`(?i)\s*\b([ap])\.?\s?m\.?$`)
	fwdSpaceRun       = regexp.MustCompile(`\s+`)
)

// fwdParseLooseDate parses the dates mail clients print in forward headers
// and reply attributions ("Wed, Nov 4, 2026 at 5:17 AM", "Wednesday,
// November 4, 2026 5:17 AM", "November 4, 2026 at 5:17:00 AM CST", RFC
// 5322). A missing zone is taken as UTC. Zero when nothing fits.
func fwdParseLooseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 200 {
		return time.Time{}
	}
	if t, err := mail.ParseDate(s); err == nil {
		return fwdFixZone(t)
	}
	s = strings.NewReplacer("\u202F", " ", "\u00A0", " ", ",", " ", " at ", " ", " um ", " ", " a las ", " ").Replace(s)
	s = strings.TrimSpace(fwdSpaceRun.ReplaceAllString(s, " "))
	s = fwdLeadingWeekday.ReplaceAllString(s, "")
	s = fwdOrdinalSuffix.ReplaceAllString(s, "$1")

	loc := time.UTC
	if m := fwdTrailingZone.FindStringSubmatchIndex(s); m != nil {
		switch {
		case m[2] >= 0:
			h, _ := strconv.Atoi(s[m[2]:m[3]])
			mm, _ := strconv.Atoi(s[m[4]:m[5]])
			off := h*3600 + fwdSign(h)*mm*60
			if h == 0 && strings.HasPrefix(s[m[2]:m[3]], "-") {
				off = -mm * 60
			}
			loc = time.FixedZone("", off)
			s = s[:m[0]]
		case m[6] >= 0:
			if off, ok := fwdUsZones[s[m[6]:m[7]]]; ok {
				loc = time.FixedZone(s[m[6]:m[7]], off*3600)
				s = s[:m[0]]
			}
		}
	}
	s = strings.TrimSpace(s)
	if m := fwdMeridiem.FindStringSubmatchIndex(s); m != nil {
		s = s[:m[0]] + " " + strings.ToUpper(s[m[2]:m[3]]) + "M"
	}
	for _, layout := range fwdLooseDateLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t
		}
	}
	return time.Time{}
}

// fwdFixZone gives a US zone abbreviation its real offset: Go's parser
// takes an abbreviation it does not know in the local zone as UTC, so
// "08:00 CST" would be six hours off.
func fwdFixZone(t time.Time) time.Time {
	name, off := t.Zone()
	if want, ok := fwdUsZones[name]; ok && off == 0 && want != 0 {
		y, mo, d := t.Date()
		h, mi, sec := t.Clock()
		return time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), time.FixedZone(name, want*3600))
	}
	return t
}

func fwdSign(n int) int {
	if n < 0 {
		return -1
	}
	return 1
}
