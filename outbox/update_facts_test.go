package outbox

import (
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/sla"
)

// The facts read as a short note in the draft's language: where the job
// stands (its stage, the days of drying, the equipment on site), what came
// in since the last update, what comes next and when, and what the office
// needs from the adjuster, each a sentence with dates and no times, and no
// bullet the sending check would take for one left empty. An office's own
// template without {{.Facts}} gets them above its first bullet, and its
// empty bullets still stop it being sent. They tell the adjuster what comes
// next and what waits for them, never what the office is late with nor its
// own checks.
func TestUpdateFactsText(t *testing.T) {
	t.Parallel()
	due := time.Date(2026, 3, 5, 17, 0, 0, 0, time.UTC)
	asked := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	last := time.Date(2026, 3, 3, 16, 0, 0, 0, time.UTC)
	f := UpdateFacts{
		Since: &last, Now: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC),
		Stage: JobStage{WorkStarted: asked, DryingSince: asked,
			OnSite: []KindCount{{equipment.AirMover, 4}, {equipment.Dehumidifier, 1}}},
		Arrived:  []DocCount{{sla.DocPhoto, 12}, {sla.DocDryingLog, 1}},
		Swaps:    []Swap{{Kind: equipment.Dumpster, Days: []time.Time{asked, due}}},
		Requests: []OpenRequest{{From: "ann@carrier.example", Yours: true, Asked: []string{"estimate", "equipment_list"}, Due: &due}, {From: "Bo", Asked: []string{"sketch"}}},
		Approvals: []PendingApproval{{What: "1 × dumpster (Metro Roll-Off)", Kind: equipment.Dumpster, Count: 1, Vendor: "Metro Roll-Off", Asked: &asked},
			{What: "2 × hepa vacuum", Kind: "hepa_vacuum", Count: 2}},
		Next: &NextMilestone{Name: sla.MilestonePaperwork, Due: due, Missing: []sla.DocType{sla.DocEstimate, sla.DocSketch}},
	}
	for lang, want := range map[string][]string{
		LangEnglish: {
			"Where the job stands: drying, day 3, with 4 air movers and 1 dehumidifier on site since Mon Mar 2.",
			"Since our last update (Tue Mar 3): we received 12 photos and the drying log; the dumpster was swapped on Mon Mar 2 and Thu Mar 5.",
			"Next: estimate and sketch, by Thu Mar 5.",
			"Still open from your request: estimate and equipment list (wanted by Thu Mar 5).",
			"Still open from Bo's request: sketch.",
			"Needed from you: your approval of 1 × dumpster (Metro Roll-Off), requested on Mon Mar 2; your approval of 2 × hepa vacuum.",
		},
		LangSpanish: {
			"Estado del trabajo: secado, día 3, con 4 ventiladores y 1 deshumidificador en el sitio desde el 02/03.",
			"Desde la última actualización (03/03): recibimos 12 fotos y registro de secado; se cambió el contenedor el 02/03 y 05/03.",
			"Próximo paso: estimado y croquis, para el 05/03.",
			"Pendiente de su solicitud: estimado y lista de equipos (para el 05/03).",
			"Pendiente de la solicitud de Bo: croquis.",
			"Necesitamos de usted: su aprobación de 1 × contenedor (Metro Roll-Off), solicitada el 02/03; su aprobación de 2 × hepa vacuum.",
		},
	} {
		text := f.Text(lang)
		lines := strings.Split(text, "\n")
		for _, w := range want {
			if !strings.Contains(text, w+"\n") && !strings.HasSuffix(text, w) {
				t.Errorf("%s: no line %q in\n%s", lang, w, text)
			}
		}
		if len(lines) != len(want)+1 || f.Standing(lang)+"\n\n"+f.Ahead(lang) != text {
			t.Errorf("%s: %d lines, want the %d sentences, where the job stands apart from what comes:\n%s", lang, len(lines), len(want), text)
		}
		if empty := classify.EmptyPlaceholders(text); len(empty) > 0 || strings.Contains(text, "17:00") || strings.Contains(text, "- ") {
			t.Errorf("%s: facts with bullets or times of day:\n%s", lang, text)
		}
	}
	updateStages(t)

	// A step whose due time has passed is named without it; the office's
	// own checks are not named at all; nothing known says nothing.
	late := UpdateFacts{Next: &NextMilestone{Name: sla.MilestoneFirstDocs, Missing: []sla.DocType{sla.DocScope}}}
	for lang, want := range map[string]string{LangEnglish: "Next: scope.", LangSpanish: "Próximo paso: alcance del trabajo."} {
		if got := late.Text(lang); got != want {
			t.Errorf("%s: a step past due: %q, want %q", lang, got, want)
		}
	}
	for _, name := range []sla.MilestoneName{sla.MilestoneChase, sla.MilestoneSignatures} {
		own := UpdateFacts{Next: &NextMilestone{Name: name, Due: due}}
		if got := own.Text(LangEnglish); got != "" {
			t.Errorf("facts of the office's own check %s: %q, want none", name, got)
		}
	}
	for _, lang := range ReplyLanguages {
		for _, word := range []string{"overdue", "vencido", "missing", "Falta", "billing", "carrier can pay", "message", "mensaje"} {
			if text := f.Text(lang) + late.Text(lang); strings.Contains(text, word) {
				t.Errorf("%s: the facts say %q to the adjuster:\n%s", lang, word, text)
			}
		}
	}

	saved := "Hi Ann,\n\nToday on the job:\n- Work done today:\n- Next steps:\n\nDana\n"
	body := withFacts(saved, f.Text(LangEnglish))
	if !strings.Contains(body, "Today on the job:\nWhere the job stands:") || !strings.Contains(body, "hepa vacuum.\n\n- Work done today:") {
		t.Errorf("facts not above the first bullet:\n%s", body)
	}
	if empty := classify.EmptyPlaceholders(body); len(empty) != 2 {
		t.Errorf("empty bullets %v, want the template's two", empty)
	}
}

// updateStages checks the sentence of where the job stands at each stage
// the claim knows, the days of drying counted on the office's calendar.
func updateStages(t *testing.T) {
	t.Helper()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	// 20:00 in Chicago on Monday is Tuesday in UTC: drying began Monday.
	set := time.Date(2026, 3, 2, 20, 0, 0, 0, loc)
	picked := time.Date(2026, 3, 5, 9, 0, 0, 0, loc)
	now := time.Date(2026, 3, 4, 8, 0, 0, 0, loc)
	for _, tc := range []struct {
		stage JobStage
		want  string
	}{
		{JobStage{}, ""},
		{JobStage{WorkStarted: set}, "Where the job stands: mitigation under way since Mon Mar 2."},
		// The first drying log says work was under way by then, not since.
		{JobStage{WorkStarted: set, ReadingsOnly: true}, "Where the job stands: mitigation under way, with drying readings since Mon Mar 2."},
		// Mail said the equipment was set; nobody has confirmed it.
		{JobStage{WorkStarted: set, Reported: true}, "Where the job stands: mitigation under way; drying equipment reported set on Mon Mar 2."},
		{JobStage{WorkStarted: set, DryingSince: set}, "Where the job stands: drying, day 3, equipment on site since Mon Mar 2."},
		{JobStage{DryingSince: set, PickedUp: picked}, "Where the job stands: drying is done; the equipment was picked up on Thu Mar 5 after 4 days."},
		{JobStage{PickedUp: picked}, "Where the job stands: drying is done; the equipment was picked up on Thu Mar 5."},
		{JobStage{DryingSince: set, PickedUp: picked, Completed: picked}, "Where the job stands: our work was completed on Thu Mar 5."},
	} {
		f := UpdateFacts{Now: now, Location: loc, Stage: tc.stage}
		if got := f.Standing(LangEnglish); got != tc.want {
			t.Errorf("stage %+v: %q, want %q", tc.stage, got, tc.want)
		}
	}
}
