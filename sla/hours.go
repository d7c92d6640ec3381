package sla

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Frame is one stretch of opening time within a day, in minutes after
// midnight on the office's wall clock: 0 <= Start < End <= 1440, where End
// 1440 is the following midnight. Frames never cross midnight; a night shift
// is two frames on consecutive days.
type Frame struct {
	Start, End int
}

// String formats f as HH:MM-HH:MM.
func (f Frame) String() string {
	return clockString(f.Start) + "-" + clockString(f.End)
}

func clockString(min int) string {
	return fmt.Sprintf("%02d:%02d", min/60, min%60)
}

// Hours is the office's weekly schedule: the frames it is open on each
// weekday, or around the clock. The zero Hours is DefaultHours.
type Hours struct {
	days   [7][]Frame // indexed by time.Weekday; sorted, disjoint, not touching
	always bool
	set    bool // distinguishes an explicit schedule from the zero value
}

// DefaultSpec is the schedule an office gets when it configures none.
const DefaultSpec = "mon-fri 08:00-18:00"

// DefaultHours returns Monday to Friday, 08:00 to 18:00.
func DefaultHours() Hours {
	h, err := ParseHours(DefaultSpec)
	if err != nil {
		panic(err) // DefaultSpec is a constant that parses
	}
	return h
}

// AlwaysOpen returns the 24/7 schedule: every minute counts, except on
// holidays when the calendar has any.
func AlwaysOpen() Hours {
	return Hours{always: true, set: true}
}

// IsAlwaysOpen reports whether h is the 24/7 schedule.
func (h Hours) IsAlwaysOpen() bool {
	return h.norm().always
}

// Frames returns the frames h opens on weekday d, earliest first. It
// returns nil for a closed day and for the 24/7 schedule.
func (h Hours) Frames(d time.Weekday) []Frame {
	return slices.Clone(h.norm().days[d])
}

func (h Hours) norm() Hours {
	if !h.set {
		return DefaultHours()
	}
	return h
}

// weekOrder lists weekdays the way offices write schedules, Monday first.
var weekOrder = [7]time.Weekday{1, 2, 3, 4, 5, 6, 0}

var dayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// String formats h in the syntax ParseHours reads, so a schedule survives a
// round trip through configuration: "mon-fri 08:00-12:00,13:00-18:00; sat 09:00-12:00".
func (h Hours) String() string {
	h = h.norm()
	if h.always {
		return "24/7"
	}
	var entries []string
	for i := 0; i < len(weekOrder); {
		frames := h.days[weekOrder[i]]
		j := i + 1
		for j < len(weekOrder) && slices.Equal(h.days[weekOrder[j]], frames) {
			j++
		}
		if len(frames) > 0 {
			days := dayNames[weekOrder[i]]
			if j-i > 1 {
				days += "-" + dayNames[weekOrder[j-1]]
			}
			var fs []string
			for _, f := range frames {
				fs = append(fs, f.String())
			}
			entries = append(entries, days+" "+strings.Join(fs, ","))
		}
		i = j
	}
	return strings.Join(entries, "; ")
}

// ParseHours reads a weekly schedule written the way an office writes it on
// its door: entries separated by ";" or newlines, each a day or day range
// (several joined by ",") and one or more frames, e.g.
//
//	mon-fri 08:00-12:00, 13:00-18:00; sat 09:00-12:00
//
// Days are mon..sun or their full English names, in any case; a range may
// wrap around the week (fri-mon). "sun closed" may be written for clarity;
// days not named are closed. "24/7" alone means always open, and an empty
// spec means DefaultSpec. Frames of one day may not overlap; frames that
// touch are joined. The error names the entry and what is wrong with it.
func ParseHours(spec string) (Hours, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		spec = DefaultSpec
	}
	if strings.EqualFold(spec, "24/7") {
		return AlwaysOpen(), nil
	}
	h := Hours{set: true}
	entries := strings.FieldsFunc(spec, func(r rune) bool { return r == ';' || r == '\n' })
	var errs []error
	for _, entry := range entries {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		if err := h.addEntry(entry); err != nil {
			errs = append(errs, fmt.Errorf("hours %q: %w", entry, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Hours{}, err
	}
	for d := range h.days {
		merged, err := mergeFrames(h.days[d])
		if err != nil {
			errs = append(errs, fmt.Errorf("hours: %s: %w", dayNames[d], err))
		}
		h.days[d] = merged
	}
	if err := errors.Join(errs...); err != nil {
		return Hours{}, err
	}
	if slices.IndexFunc(h.days[:], func(fs []Frame) bool { return len(fs) > 0 }) < 0 {
		return Hours{}, errors.New("hours: no opening hours on any day; write \"24/7\" for always open")
	}
	return h, nil
}

// addEntry parses one "days frames" entry into h.
func (h *Hours) addEntry(entry string) error {
	cut := strings.IndexFunc(entry, func(r rune) bool { return r >= '0' && r <= '9' })
	daysPart, framesPart := entry, ""
	if cut >= 0 {
		daysPart, framesPart = entry[:cut], entry[cut:]
	}
	closed := false
	if fields := strings.Fields(daysPart); len(fields) > 1 && strings.EqualFold(fields[len(fields)-1], "closed") {
		closed = true
		daysPart = strings.Join(fields[:len(fields)-1], " ")
	}
	days, err := parseDays(daysPart)
	if err != nil {
		return err
	}
	if closed {
		if framesPart != "" {
			return fmt.Errorf("a closed day has no frames, found %q", framesPart)
		}
		return nil
	}
	if framesPart == "" {
		return errors.New("no frames: want e.g. \"mon-fri 08:00-18:00\", or \"closed\"")
	}
	frames, err := parseFrames(framesPart)
	if err != nil {
		return err
	}
	for _, d := range days {
		h.days[d] = append(h.days[d], frames...)
	}
	return nil
}

func parseDays(s string) ([]time.Weekday, error) {
	s = strings.Join(strings.Fields(s), "")
	if s == "" {
		return nil, errors.New("no days: want e.g. \"mon-fri\" or \"sat,sun\" before the frames")
	}
	var days []time.Weekday
	for item := range strings.SplitSeq(s, ",") {
		first, last, isRange := strings.Cut(item, "-")
		from, err := parseDay(first)
		if err != nil {
			return nil, err
		}
		to := from
		if isRange {
			if to, err = parseDay(last); err != nil {
				return nil, err
			}
		}
		for d := from; ; d = (d + 1) % 7 {
			days = append(days, d)
			if d == to {
				break
			}
		}
	}
	return days, nil
}

var fullDayNames = [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

func parseDay(s string) (time.Weekday, error) {
	for d := range dayNames {
		if strings.EqualFold(s, dayNames[d]) || strings.EqualFold(s, fullDayNames[d]) {
			return time.Weekday(d), nil
		}
	}
	if s == "" {
		return 0, errors.New("empty day name in day list")
	}
	return 0, fmt.Errorf("unknown day %q: want mon, tue, wed, thu, fri, sat or sun", s)
}

// parseFrames reads "08:00-12:00, 13:00-18:00"; frames are separated by
// commas or spaces, and spaces around the dash are allowed.
func parseFrames(s string) ([]Frame, error) {
	var frames []Frame
	p := frameScanner{s: s}
	for {
		p.skip(" \t,")
		if p.done() {
			break
		}
		if c := p.s[p.i]; (c|0x20) >= 'a' && (c|0x20) <= 'z' {
			return nil, fmt.Errorf("unexpected %q after the frames; separate entries with \";\"", p.rest())
		}
		start, err := p.clock()
		if err != nil {
			return nil, err
		}
		p.skip(" \t")
		if !p.dash() {
			return nil, fmt.Errorf("want \"-\" after %s, found %q", clockString(start), p.rest())
		}
		p.skip(" \t")
		end, err := p.clock()
		if err != nil {
			return nil, err
		}
		f := Frame{start, end}
		if !p.done() && strings.IndexByte(" \t,", p.s[p.i]) < 0 {
			return nil, fmt.Errorf("unexpected %q after %s", p.rest(), f)
		}
		switch {
		case start == 24*60:
			return nil, fmt.Errorf("%s: a frame cannot start at 24:00", f)
		case end <= start:
			return nil, fmt.Errorf("%s: the frame ends before it starts; frames cannot cross midnight, so split a night into two days' frames", f)
		}
		frames = append(frames, f)
	}
	return frames, nil
}

type frameScanner struct {
	s string
	i int
}

func (p *frameScanner) done() bool   { return p.i >= len(p.s) }
func (p *frameScanner) rest() string { return p.s[p.i:] }

func (p *frameScanner) skip(set string) {
	for p.i < len(p.s) && strings.IndexByte(set, p.s[p.i]) >= 0 {
		p.i++
	}
}

// dash accepts an ASCII hyphen or the en dash schedules pasted from
// documents tend to carry.
func (p *frameScanner) dash() bool {
	for _, d := range []string{"-", "–"} {
		if strings.HasPrefix(p.rest(), d) {
			p.i += len(d)
			return true
		}
	}
	return false
}

// clock reads H:MM or HH:MM, 00:00 to 24:00.
func (p *frameScanner) clock() (int, error) {
	start := p.i
	digits := func() (int, int) {
		n, k := 0, 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' && k < 3 {
			n = n*10 + int(p.s[p.i]-'0')
			p.i++
			k++
		}
		return n, k
	}
	bad := func() (int, error) {
		end := p.i
		for end < len(p.s) && strings.IndexByte(" \t,-", p.s[end]) < 0 {
			end++
		}
		return 0, fmt.Errorf("%q is not a time of day: want HH:MM between 00:00 and 24:00", p.s[start:end])
	}
	hh, k := digits()
	if k < 1 || k > 2 || p.i >= len(p.s) || p.s[p.i] != ':' {
		return bad()
	}
	p.i++
	mm, k := digits()
	if k != 2 || hh > 24 || mm > 59 || (hh == 24 && mm != 0) {
		return bad()
	}
	return hh*60 + mm, nil
}

// mergeFrames sorts a day's frames, joins frames that touch and rejects
// frames that overlap, which are almost always a typo.
func mergeFrames(frames []Frame) ([]Frame, error) {
	slices.SortFunc(frames, func(a, b Frame) int { return a.Start - b.Start })
	var out []Frame
	for _, f := range frames {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if f.Start < last.End {
				return nil, fmt.Errorf("%s overlaps %s", f, *last)
			}
			if f.Start == last.End {
				last.End = f.End
				continue
			}
		}
		out = append(out, f)
	}
	return out, nil
}
