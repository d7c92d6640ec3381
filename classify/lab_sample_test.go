package classify

import (
	"testing"
	"time"
)

func TestLabSampleDate(t *testing.T) {
	t.Parallel()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	received := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name, text string
		want       time.Time // zero: none
	}{
		{"itel header", "ITEL LABORATORIES\nClaim Number: 292244-GK\nDate Sampled: 11/05/2026\nDate Received: 11/07/2026", day(2026, 11, 5)},
		{"sample date", "LAB REPORT\nSample Date - 2026-11-03\n", day(2026, 11, 3)},
		{"collected on words", "Collected on November 4, 2026 by the technician", day(2026, 11, 4)},
		{"spanish", "INFORME DE LABORATORIO\nFecha de muestreo: 5 de noviembre de 2026", day(2026, 11, 5)},
		{"received date only", "ITEL LABORATORIES\nDate Received: 11/07/2026\nReport Date: 11/09/2026", time.Time{}},
		{"label without a date", "Date Sampled: see attached chain of custody\n11/09/2026", time.Time{}},
		{"no text", "", time.Time{}},
		// Both orders make a date: the label, the report's other dates and
		// the report's arrival tell them apart; else month first.
		{"spanish label, day first", "INFORME DE LABORATORIO\nFecha de muestreo: 5/11/2026", day(2026, 11, 5)},
		{"english label, month first", "LAB REPORT\nDate Sampled: 5/11/2026", day(2026, 5, 11)},
		{"after the report came in one order", "LAB REPORT\nDate Sampled: 12/11/2026", day(2026, 11, 12)},
		{"another date day first", "LAB REPORT\nDate Sampled: 5/11/2026\nDate Received: 17/11/2026", day(2026, 11, 5)},
		{"another date month first", "INFORME DE LABORATORIO\nFecha de muestreo: 5/11/2026\nFecha de recepción: 11/17/2026", day(2026, 5, 11)},
	}
	for _, c := range cases {
		got, ok := LabSampleDate(c.text, received)
		if ok != !c.want.IsZero() || !got.Equal(c.want) {
			t.Errorf("%s: %v %v, want %v", c.name, got, ok, c.want)
		}
	}
}

func FuzzLabSampleDate(f *testing.F) {
	f.Add("Date Sampled: 11/05/2026")
	f.Add("Fecha de muestreo: 5 de noviembre de 2026")
	f.Fuzz(func(t *testing.T, text string) {
		if d, ok := LabSampleDate(text, time.Time{}); ok && (d.Year() < 1900 || d.Year() > 2200) {
			t.Errorf("LabSampleDate(%q) = %v: out of range", text, d)
		}
	})
}

func TestOfficeMail(t *testing.T) {
	t.Parallel()
	cases := []struct {
		direction, from, domain string
		want                    bool
	}{
		{"out", "claims@smrestore.example", "smrestore.example", true},
		{"out", "someone@elsewhere.example", "", true},
		{"in", "billing@SMRestore.example", "smrestore.example", true},
		{"in", "ap@mail.smrestore.example", "smrestore.example", true},
		{"in", "billing@dumpsters.example", "smrestore.example", false},
		{"in", "billing@notsmrestore.example", "smrestore.example", false},
		{"in", "billing@dumpsters.example", "", false},
	}
	for _, c := range cases {
		if got := OfficeMail(c.direction, c.from, c.domain); got != c.want {
			t.Errorf("OfficeMail(%s, %s, %q) = %v, want %v", c.direction, c.from, c.domain, got, c.want)
		}
	}
}
