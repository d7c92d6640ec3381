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
