package equipment

import (
	"testing"
	"time"
)

// A numeric date that makes a date in both orders is read in the one on or
// before the mail and within two months of it; when both are, in the
// order of the word right before it ("el 10/11" day first, "on 11/10"
// month first), never of the mail as a whole: Spanish names in a
// signature do not make an English date day first, nor Spanish words a
// US-style date. A date that is none in its order but is one in the other
// is read in the other; a sentence whose date cannot be told reports
// nothing (mail of Fri Dec 4 2026, in Chicago).
func TestExtractNumericDateOrder(t *testing.T) {
	t.Parallel()
	loc := chicago(t)
	noon := func(month time.Month, day int) time.Time { return time.Date(2026, month, day, 12, 0, 0, 0, loc) }
	tests := []struct {
		body string
		want time.Time // zero: nothing read
	}{
		{"Colocamos 3 ventiladores el 3/12.", noon(time.December, 3)},
		{"Hola, les informo que pusimos 2 deshumidificadores y 4 ventiladores 1/12. Saludos", noon(time.December, 1)},
		{"Instalamos 4 ventiladores el 2/12/2026.", noon(time.December, 2)},
		{"Recogimos el contenedor el 11/30.", noon(time.November, 30)}, // no 30th month
		{"Instalamos 4 ventiladores el 2/12 a las 3pm.", time.Date(2026, time.December, 2, 15, 0, 0, 0, loc)},
		{"Placed 3 dehus on 12/1.", noon(time.December, 1)},
		{"Set 4 air movers on 30/11.", noon(time.November, 30)},
		{"Placed 3 dehus on 12/1. Jose de la Cruz, Cuadrilla de la Torre", noon(time.December, 1)},
		{"Pusimos 3 deshumidificadores el 12/3.", noon(time.December, 3)},
		{"Recogimos 4 ventiladores el 10/11.", noon(time.November, 10)},
		{"Set 4 air movers on 11/10. Jose de la Cruz, Cuadrilla de la Torre", noon(time.November, 10)},
		{"Set 4 air movers 11/10.", time.Time{}},              // Nov 10 or Oct 11
		{"Pusimos 3 deshumidificadores el 5/6.", time.Time{}}, // May 6 or Jun 5: months ago
		{"Placed 3 dehus 11/31.", mailSent},                   // no date: the mail's time
	}
	for _, tt := range tests {
		got := Extract("", tt.body, mailSent, loc)
		switch {
		case tt.want.IsZero() && len(got) != 0:
			t.Errorf("Extract(%q) = %+v, want nothing", tt.body, got)
		case !tt.want.IsZero() && (len(got) == 0 || !got[0].At.Equal(tt.want)):
			t.Errorf("Extract(%q) = %+v, want at %v", tt.body, got, tt.want)
		}
	}
}

// A weekday named beside a numeric date that is one in both orders reads
// it in the order that falls on that weekday, when that reading is within
// two months before the mail; a weekday that agrees with both orders, or
// with neither, leaves the date to the other clues (mail of Mon Dec 14
// 2026, in Chicago).
func TestExtractWeekdayBesideDate(t *testing.T) {
	t.Parallel()
	loc := chicago(t)
	sent := time.Date(2026, time.December, 14, 10, 0, 0, 0, loc)
	noon := func(month time.Month, day int) time.Time { return time.Date(2026, month, day, 12, 0, 0, 0, loc) }
	tests := []struct {
		body string
		want time.Time // zero: nothing read
	}{
		{"Picked up 3 dehus Friday 12/11.", noon(time.December, 11)},
		{"Picked up 3 dehus Fri, 12/11.", noon(time.December, 11)},
		{"Recogimos 3 deshumidificadores el jueves 12/11.", noon(time.November, 12)},
		{"Recogimos 3 deshumidificadores el 12/11 (viernes).", noon(time.December, 11)},
		{"Picked up 4 air movers 11/12 Thursday.", noon(time.November, 12)},
		{"Placed 3 dehus Wednesday 12/8.", time.Time{}}, // Aug 12: months ago
		{"Picked up 4 air movers Tuesday 12/8.", noon(time.December, 8)},
		{"Set 4 air movers Thursday 12/3.", noon(time.December, 3)}, // Mar 12 a Thursday too
		{"Set 4 air movers Friday 12/10.", noon(time.December, 10)}, // neither a Friday
		{"Picked up 3 dehus on 12/11, Thursday the crew left.", noon(time.December, 11)},
		{"Picked up 3 dehus 12/11.", time.Time{}},
	}
	for _, tt := range tests {
		got := Extract("", tt.body, sent, loc)
		switch {
		case tt.want.IsZero() && len(got) != 0:
			t.Errorf("Extract(%q) = %+v, want nothing", tt.body, got)
		case !tt.want.IsZero() && (len(got) == 0 || !got[0].At.Equal(tt.want)):
			t.Errorf("Extract(%q) = %+v, want at %v", tt.body, got, tt.want)
		}
	}
}
