package equipment

import (
	"testing"
	"time"
)

// Numeric dates are day first in Spanish: in a mail that reads as Spanish,
// and after Spanish words ("el 3/12", "del 3/12"); month first otherwise.
// A date that is none in its order but is one in the other is read in the
// other (mail of Fri Dec 4 2026, in Chicago).
func TestExtractNumericDateOrder(t *testing.T) {
	t.Parallel()
	loc := chicago(t)
	noon := func(month time.Month, day int) time.Time { return time.Date(2026, month, day, 12, 0, 0, 0, loc) }
	tests := []struct {
		body string
		want time.Time
	}{
		{"Colocamos 3 ventiladores el 3/12.", noon(time.December, 3)},
		{"Hola, les informo que pusimos 2 deshumidificadores y 4 ventiladores 1/12. Saludos", noon(time.December, 1)},
		{"Instalamos 4 ventiladores el 2/12/2026.", noon(time.December, 2)},
		{"Recogimos el contenedor el 11/30.", noon(time.November, 30)}, // no 30th month
		{"Instalamos 4 ventiladores el 2/12 a las 3pm.", time.Date(2026, time.December, 2, 15, 0, 0, 0, loc)},
		{"Placed 3 dehus on 12/1.", noon(time.December, 1)},
		{"Set 4 air movers on 30/11.", noon(time.November, 30)},
	}
	for _, tt := range tests {
		got := Extract("", tt.body, mailSent, loc)
		if len(got) == 0 || !got[0].At.Equal(tt.want) {
			t.Errorf("Extract(%q) = %+v, want at %v", tt.body, got, tt.want)
		}
	}
}
