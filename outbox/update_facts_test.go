package outbox

import (
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/sla"
)

// The facts read in the draft's language, in words, every line filled;
// an office's own template without {{.Facts}} gets them above its first
// bullet, and its empty bullets still stop it being sent. They tell the
// adjuster what comes next and what waits for them, never what the office
// is late with nor its own checks.
func TestUpdateFactsText(t *testing.T) {
	t.Parallel()
	due := time.Date(2026, 3, 5, 17, 0, 0, 0, time.UTC)
	asked := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	f := UpdateFacts{
		Arrived:   []DocCount{{sla.DocPhoto, 12}, {sla.DocDryingLog, 1}},
		Messages:  2,
		Swaps:     []Swap{{Kind: equipment.Dumpster, Days: []time.Time{asked, due}}},
		Requests:  []OpenRequest{{From: "Ann Adjuster", Asked: []string{"estimate", "equipment_list"}, Due: &due}, {From: "Bo", Asked: []string{"sketch"}}},
		Approvals: []PendingApproval{{What: "1 × dumpster (Metro Roll-Off)", Asked: &asked}},
		Next:      &NextMilestone{Name: sla.MilestonePaperwork, Due: due, Missing: []sla.DocType{sla.DocEstimate, sla.DocSketch}},
	}
	for lang, want := range map[string][]string{
		LangEnglish: {
			"- Received since the last update: 12 photos, drying log, 2 messages",
			"- Dumpster swapped (hauled) Mon Mar 2, Thu Mar 5",
			"- Open requests: Ann Adjuster asked for estimate, equipment list (by Thu Mar 5 17:00); Bo asked for sketch",
			"- Waiting for your approval: 1 × dumpster (Metro Roll-Off), asked Mon Mar 2",
			"- Next: estimate, sketch, by Thu Mar 5 17:00",
		},
		LangSpanish: {
			"- Recibido desde la última actualización: 12 fotos, registro de secado, 2 mensajes",
			"- Contenedor cambiado (acarreo) el 02/03, 05/03",
			"- Solicitudes abiertas: Ann Adjuster pidió estimado, lista de equipos (para el 05/03 17:00); Bo pidió croquis",
			"- Pendiente de su aprobación: 1 × dumpster (Metro Roll-Off), solicitada el 02/03",
			"- Próximo paso: estimado, croquis, para el 05/03 17:00",
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

	// A step whose due time has passed is named without it; the office's
	// own checks are not named at all.
	late := UpdateFacts{Next: &NextMilestone{Name: sla.MilestoneFirstDocs, Missing: []sla.DocType{sla.DocScope}}}
	for lang, want := range map[string]string{LangEnglish: "- Next: scope", LangSpanish: "- Próximo paso: alcance del trabajo"} {
		if got := late.Text(lang); !strings.HasSuffix(got, want) {
			t.Errorf("%s: a step past due:\n%s\nwant it ending %q", lang, got, want)
		}
	}
	for _, name := range []sla.MilestoneName{sla.MilestoneChase, sla.MilestoneSignatures} {
		own := UpdateFacts{Next: &NextMilestone{Name: name, Due: due}}
		if got := own.Text(LangEnglish); got != "- Received since the last update: nothing new" {
			t.Errorf("facts of the office's own check %s:\n%s", name, got)
		}
	}
	for _, lang := range ReplyLanguages {
		for _, word := range []string{"overdue", "vencido", "missing", "Falta", "billing", "carrier can pay"} {
			if text := f.Text(lang) + late.Text(lang); strings.Contains(text, word) {
				t.Errorf("%s: the facts say %q to the adjuster:\n%s", lang, word, text)
			}
		}
	}

	saved := "Hi Ann,\n\nToday on the job:\n- Work done today:\n- Next steps:\n\nDana\n"
	body := withFacts(saved, f.Text(LangEnglish))
	if !strings.Contains(body, "Today on the job:\n- Received since the last update:") || !strings.Contains(body, "17:00\n- Work done today:") {
		t.Errorf("facts not above the first bullet:\n%s", body)
	}
	if empty := classify.EmptyPlaceholders(body); len(empty) != 2 {
		t.Errorf("empty bullets %v, want the template's two", empty)
	}
}
