package requests

import (
	"testing"
	"time"
)

// A time of day given with a day is that time on that day: the day is
// read as it is alone (this week's, today while the office is open and the
// time not past, else the next), and the time is kept on it. A time alone
// is today's while it is ahead, else the next business day's.
func TestDueTimeClockOnADay(t *testing.T) {
	t.Parallel()
	chicago, cal := chicagoOffice(t)
	// Tuesday 3 November 2026, 10:00 in Chicago.
	tuesday := time.Date(2026, 11, 3, 10, 0, 0, 0, chicago)
	day := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, chicago) }
	tests := []struct {
		text string
		sent time.Time
		want time.Time
	}{
		{"Please send the invoice by 3pm Friday.", tuesday, day(6, 15, 0)},
		{"Please send the invoice by 3 pm on Friday.", tuesday, day(6, 15, 0)},
		{"Friday by 3 pm, please send the photos.", tuesday, day(6, 15, 0)},
		{"Can you send the ESX by Friday at 3pm?", tuesday, day(6, 15, 0)},
		{"Need the COS before noon on Thursday.", tuesday, day(5, 12, 0)},
		{"Thursday before noon I need the COS.", tuesday, day(5, 12, 0)},
		{"Please send the dry logs no later than 2:30 pm Wed.", tuesday, day(4, 14, 30)},
		{"Please send it by 3pm tomorrow.", tuesday, day(4, 15, 0)},
		{"Tomorrow by 9am please send the photos.", tuesday, day(4, 9, 0)},
		{"Please send it by 11am Tuesday.", tuesday, day(3, 11, 0)},       // today, not past
		{"Please send it by 9am Tuesday.", tuesday, day(10, 9, 0)},        // today's has passed: next week's
		{"Please send it by 3pm Tuesday.", day(3, 19, 0), day(10, 15, 0)}, // office closed: next week's
		{"Por favor envíen las fotos el viernes a las 3.", tuesday, day(6, 15, 0)},
		{"Necesito el certificado para el jueves antes de las 11:30.", tuesday, day(5, 11, 30)},
		{"Mándenme el presupuesto a las 3 del viernes.", tuesday, day(6, 15, 0)},
		{"¿Me pueden enviar las fotos mañana antes de las 3?", tuesday, day(4, 15, 0)},
		{"Envíen las fotos esta mañana a las 11.", tuesday, day(3, 11, 0)}, // this morning: today
		// A date is a day too.
		{"Please send the COS by 11/5 at 2pm.", tuesday, day(5, 14, 0)},
		{"Please send the COS by 3pm on 11/5.", tuesday, day(5, 15, 0)},
		{"Please send the COS by Nov 5 at noon.", tuesday, day(5, 12, 0)},
		{"Por favor envíen el certificado para el 5/11 a las 10:30.", tuesday, day(5, 10, 30)},
		{"Necesito las fotos antes de las 3 del 5/11, por favor.", tuesday, day(5, 15, 0)},
		// A time alone: today while ahead, else the next business day.
		{"Please send the invoice by 3pm.", tuesday, day(3, 15, 0)},
		{"Please send the invoice by 3pm.", day(3, 16, 0), day(4, 15, 0)},
		{"Please send the invoice by 3pm.", day(7, 11, 0), day(9, 15, 0)}, // a Saturday
	}
	for _, tt := range tests {
		got := DueTime(tt.text, tt.sent, cal)
		if got == nil || !got.Equal(tt.want) {
			t.Errorf("%q sent %s: due %v, want %v", tt.text, tt.sent.Format("Mon 15:04"), got, tt.want)
		}
	}
}

// Numeric dates are day first in Spanish mail, and in any mail whose own
// words read as Spanish; month first otherwise. A date that cannot be read
// in its language's order but can in the other is read in the other (13/11
// is the 13th of November anywhere); one that is no date either way sets
// no due time.
func TestDueTimeNumericDateOrder(t *testing.T) {
	t.Parallel()
	chicago, cal := chicagoOffice(t)
	sent := time.Date(2026, 11, 3, 10, 0, 0, 0, chicago) // Tuesday
	close := func(y int, mo time.Month, d int) time.Time { return time.Date(y, mo, d, 18, 0, 0, 0, chicago) }
	tests := []struct {
		text string
		want time.Time // zero: no due time
	}{
		{"Por favor envíen las fotos para el 9/12.", close(2026, time.December, 9)},
		{"Para el 9/12.", close(2026, time.December, 9)},
		{"Necesitamos el certificado antes del 4/12, gracias.", close(2026, time.December, 4)},
		{"Hola, por favor manden la factura y las fotos by 10/12. Gracias.", close(2026, time.December, 10)},
		{"Por favor envíen el certificado para el 12/25.", close(2026, time.December, 25)}, // no 25th month
		{"Please send it by 12/9.", close(2026, time.December, 9)},
		{"Please send it by 13/11.", close(2026, time.November, 13)},
		{"Please send it by 11/31.", time.Time{}},
		{"Por favor envíen las fotos para el 31/11.", time.Time{}},
	}
	for _, tt := range tests {
		got := DueTime(tt.text, sent, cal)
		switch {
		case tt.want.IsZero() && got != nil:
			t.Errorf("%q: due %v, want none", tt.text, got)
		case !tt.want.IsZero() && (got == nil || !got.Equal(tt.want)):
			t.Errorf("%q: due %v, want %v", tt.text, got, tt.want)
		}
	}
}
