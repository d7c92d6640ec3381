package classify

import (
	"testing"
	"time"
)

// A slashed date whose numbers make a date in either order is read in the
// order the words around it tell: a weekday named beside it, the other
// dates of its text that make a date in one order only, a Spanish label
// before it; else month first, as US carriers write. Never how the text
// reads as a whole.
func TestParseDateOrder(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Time{
		"Fecha de pérdida: 9/12/2026":                         date(2026, 12, 9),
		"Fecha del siniestro: 9/12/26":                        date(2026, 12, 9),
		"El daño ocurrió el 9/12/2026":                        date(2026, 12, 9),
		"Loss on Wednesday, 9/12/2026":                        date(2026, 12, 9),
		"9/12/2026 (Wed)":                                     date(2026, 12, 9),
		"Fecha: sábado 9/12/2026":                             date(2026, 9, 12),
		"Loss 9/12/2026, reported 25/11/2026":                 date(2026, 12, 9),
		"Fecha: 9/12/2026, reportado 11/25/2026":              date(2026, 9, 12),
		"Fecha: 9/12/2026, reportado 11/25/2026 y 25/11/2026": date(2026, 12, 9),
		"9/12/2026":               date(2026, 9, 12),
		"Date of Loss: 9/12/2026": date(2026, 9, 12),
		"Date of Loss / Fecha de pérdida: 9/12/2026":               date(2026, 9, 12),
		"9/12/2026 - María de la Cruz, agua en la cocina del baño": date(2026, 9, 12),
		"11/10/2026 sun room flooded":                              date(2026, 11, 10),
		"Date of loss: 9/12/2026. App version 13.2.26":             date(2026, 9, 12),
		"Date of loss: 9/12/2026. Emergency service 24/7":          date(2026, 9, 12),
		"Date of Loss: 9/12/2026. Policy: 26-10-44":                date(2026, 9, 12),
		"DOL: 3/4/26, ref 14-02-26":                                date(2026, 3, 4),
		"Loss 9/12/2026, reported 25-11-2026":                      date(2026, 12, 9),
		"Fecha de pérdida: 31/10/2026":                             date(2026, 10, 31),
		"Fecha de pérdida: 10/31/2026":                             date(2026, 10, 31),
		"Fecha de pérdida: 12/12/2026":                             date(2026, 12, 12),
	} {
		if got, ok := ParseDate(in); !ok || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v %v, want %v", in, got, ok, want)
		}
	}
}

// An assignment's date of loss is read in the order its label, its text's
// other dates and the message's date tell: the loss is not after the
// message that hands it over.
func TestAssignmentDateOfLossOrder(t *testing.T) {
	t.Parallel()
	dec10 := time.Date(2026, 12, 10, 9, 30, 0, 0, time.FixedZone("CST", -6*3600))
	oct1 := time.Date(2026, 10, 1, 9, 30, 0, 0, time.FixedZone("CST", -6*3600))
	tests := []struct {
		name   string
		fields string // the date of loss's line(s), and any others
		sig    string
		sent   time.Time
		want   time.Time // zero: none
	}{
		{"spanish label", "Fecha de pérdida: 9/12/2026", "Saludos,\nJorge Ruiz", dec10, date(2026, 12, 9)},
		{"spanish label over its value", "FECHA DEL SINIESTRO\n9/12/2026", "Jorge Ruiz", dec10, date(2026, 12, 9)},
		{"another date of the text day first", "Date of Loss: 9/12/2026\nReported: 25/11/2026", "Tom Reed", dec10, date(2026, 12, 9)},
		{"in the future month first", "Date of Loss: 12/9/2026", "Tom Reed", oct1, date(2026, 9, 12)},
		{"in the future day first, spanish label", "Fecha de pérdida: 9/12/2026", "Jorge Ruiz", oct1, date(2026, 9, 12)},
		{"the weekday's reading in the future", "Date of Loss: Wednesday 9/12/2026", "Tom Reed", oct1, time.Time{}},
		{"US carrier", "Date of Loss: 9/12/2026", "Tom Reed", dec10, date(2026, 9, 12)},
		{"US carrier, spanish signature", "Date of Loss: 9/12/2026",
			"Saludos y gracias,\nMaría de la Cruz\nAjustadora de la compañía", dec10, date(2026, 9, 12)},
		{"message without a date", "Fecha de pérdida: 9/12/2026", "Jorge Ruiz", time.Time{}, date(2026, 12, 9)},
	}
	for _, tt := range tests {
		m := Message{From: addr("Tom Reed <treed@acme-mutual.example>"), Subject: "New assignment", Date: tt.sent,
			Text: "Please accept this mitigation assignment.\n\nClaim #: 1442694208-1\nInsured: Michael Wilson\n" +
				"Property: 5119 Cedar Ln, Plano, TX 75023\n" + tt.fields + "\n\n" + tt.sig}
		a, ok := ParseAssignment(&m)
		if !ok || !a.DateOfLoss.Equal(tt.want) {
			t.Errorf("%s: date of loss %v (%v), want %v", tt.name, a.DateOfLoss, ok, tt.want)
		}
	}
}
