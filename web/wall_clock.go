package web

import "time"

// wallTime reads v, a date and time without an offset written in layout,
// on loc's clock, as calendars read one (RFC 5545): a time the clock
// skipped (02:30 the morning it moved from 02:00 to 03:00) is read on the
// clock before the move, 03:30, where time.ParseInLocation may give 01:30;
// a time the clock showed twice (01:30 the night it moved back) is the
// first, whichever side of Greenwich loc is.
func wallTime(layout, v string, loc *time.Location) (time.Time, error) {
	at, err := time.ParseInLocation(layout, v, loc)
	if err != nil {
		return at, err
	}
	wall, err := time.Parse(layout, v) // v's clock, as UTC's
	if err != nil {
		return at, err
	}
	// The offset before a move of the clock: none is a day apart.
	_, before := at.Add(-24 * time.Hour).Zone()
	first := wall.Add(-time.Duration(before) * time.Second).In(loc)
	skipped := at.Format(layout) != wall.Format(layout)
	if skipped || first.Format(layout) == wall.Format(layout) && first.Before(at) {
		return first, nil
	}
	return at, nil
}
