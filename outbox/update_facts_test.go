package outbox

import (
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/sla"
)

// The facts read in the draft's language, in words, every line filled;
// an office's own template without {{.Facts}} gets them above its first
// bullet, and its empty bullets still stop it being sent.
func TestUpdateFactsText(t *testing.T) {
	t.Parallel()
	due := time.Date(2026, 3, 5, 17, 0, 0, 0, time.UTC)
	f := UpdateFacts{
		Arrived:  []DocCount{{sla.DocPhoto, 12}, {sla.DocDryingLog, 1}},
		Messages: 2,
		Missing:  []sla.DocType{sla.DocATP},
		Requests: []OpenRequest{{From: "Ann Adjuster", Asked: []string{"estimate", "equipment_list"}, Due: &due}},
		Next:     &NextMilestone{Name: sla.MilestoneCOS, Due: due},
		ToPay:    []sla.DocType{sla.DocCOS, sla.DocInvoice},
	}
	for lang, want := range map[string][]string{
		LangEnglish: {
			"- Received since the last update: 12 photos, drying log, 2 messages",
			"- Still missing: signed ATP (work authorization)",
			"- Open requests: Ann Adjuster asked for estimate, equipment list (due Thu Mar 5 17:00)",
			"- Next milestone: signed COS at equipment pickup, due Thu Mar 5 17:00",
			"- Before the carrier can pay: signed COS (certificate of satisfaction), invoice",
		},
		LangSpanish: {
			"- Recibido desde la última actualización: 12 fotos, registro de secado, 2 mensajes",
			"- Falta todavía: ATP firmado (autorización de trabajo)",
			"- Solicitudes abiertas: Ann Adjuster pidió estimado, lista de equipos (para el 05/03 17:00)",
		},
	} {
		text := f.Text(lang)
		for _, w := range want {
			if !strings.Contains(text, w+"\n") && !strings.HasSuffix(text, w) {
				t.Errorf("%s: no line %q in\n%s", lang, w, text)
			}
		}
		if empty := classify.EmptyPlaceholders(text); len(empty) > 0 {
			t.Errorf("%s: facts with empty lines %v", lang, empty)
		}
	}
	if got := (UpdateFacts{}).Text(LangEnglish); !strings.Contains(got, "Received since the last update: nothing new") ||
		!strings.Contains(got, "Before the carrier can pay: the billing packet is complete") {
		t.Errorf("facts of a claim with nothing to say:\n%s", got)
	}

	saved := "Hi Ann,\n\nToday on the job:\n- Work done today:\n- Next steps:\n\nDana\n"
	body := withFacts(saved, f.Text(LangEnglish))
	if !strings.Contains(body, "Today on the job:\n- Received since the last update:") || !strings.Contains(body, "invoice\n- Work done today:") {
		t.Errorf("facts not above the first bullet:\n%s", body)
	}
	if empty := classify.EmptyPlaceholders(body); len(empty) != 2 {
		t.Errorf("empty bullets %v, want the template's two", empty)
	}
}
