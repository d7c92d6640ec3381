package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// historySection is the claim page's History.
func historySection(t *testing.T, body string) string {
	t.Helper()
	return section(t, body, `id="history"`, "</section>")
}

// TestClaimPageClearsAnAccidentalStart: the stage form records nothing
// until a stage is chosen; a start recorded by a tap says who recorded
// it, makes the ATP overdue, and is in the history; its Clear takes it
// back, the ATP with it, and the history says who cleared it. A read-only
// member cannot clear a stage.
func TestClaimPageClearsAnAccidentalStart(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley", LossType: "Water",
		Opened: now.Add(-50 * time.Hour)})
	page := fmt.Sprintf("/claims/%d", claim)
	stages := page + "/stages"

	body := html.UnescapeString(b.get(t, page, http.StatusOK))
	form := section(t, body, `<form class="note-form stage-form"`, "</form>")
	if !strings.Contains(form, `<option value="" selected>Choose a stage…</option>`) || strings.Count(form, "selected") != 1 ||
		!strings.Contains(form, `<select name="stage" required`) {
		t.Errorf("the stage form does not ask to choose a stage:\n%s", form)
	}
	if resp, out := b.post(t, stages, url.Values{"stage": {""}}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(out, "choose") {
		t.Errorf("the form with no stage chosen: %d, want 400 asking to choose one\n%.300s", resp.StatusCode, out)
	}
	if hist := historySection(t, body); strings.Count(hist, "<li") != 1 || !strings.Contains(hist, `<li class="opened">`) {
		t.Fatalf("a new claim has history beyond its opening:\n%s", hist)
	}

	tapped := b.clock.Now()
	if resp, _ := b.post(t, stages, url.Values{"stage": {"work_started"}, "next": {page + "#stages"}}); resp.StatusCode != http.StatusSeeOther ||
		resp.Header.Get("Location") != page+"#stages" {
		t.Fatalf("record the start: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	b.clock.Advance(10 * time.Minute)
	body = html.UnescapeString(b.get(t, page, http.StatusOK))
	st := section(t, body, `id="stage-work_started"`, "</li>")
	if !strings.Contains(stageLine(t, body, storage.StageWorkStarted), "recorded by "+b.email) {
		t.Errorf("the start does not say who recorded it: %s", st)
	}
	if !strings.Contains(st, `<input type="hidden" name="clear" value="1">`) || !strings.Contains(st, "Not yet after all") ||
		!strings.Contains(st, "Take back the time "+b.email+" recorded") || !strings.Contains(st, "Work started then reads “not yet”") {
		t.Errorf("the start offers no Clear saying what it does: %s", st)
	}
	if atp := milestoneLine(t, body, "ATP signed before work"); !strings.Contains(atp, "overdue") {
		t.Errorf("ATP milestone once work started without one: %s", atp)
	}
	when := tapped.Format("Mon Jan 2, 15:04")
	hist := historySection(t, body)
	if !strings.Contains(hist, b.email+" · <strong>Work started</strong>") ||
		!strings.Contains(hist, `<span class="old">not yet</span> → <span class="new">`+when+`</span>`) {
		t.Errorf("the history does not say who recorded the start:\n%s", hist)
	}

	// A read-only member sees the stage but cannot clear it.
	rita := b.addUser(t, "rita@office.example", "rita-password-1")
	if err := b.db.SetOfficeRole(ctx, rita.ID, storage.DefaultOfficeID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	reader := &pageBundle{office: b.office, email: rita.Email}
	reader.c = b.client(t)
	reader.csrf = reader.login(t, reader.c, rita.Email, "rita-password-1")
	if resp, _ := reader.post(t, stages, url.Values{"stage": {"work_started"}, "clear": {"1"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a read-only member's clear: %d, want 403", resp.StatusCode)
	}

	clear := url.Values{"stage": {"work_started"}, "clear": {"1"}, "next": {page + "#stages"}}
	if resp, _ := b.post(t, stages, clear); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page+"#stages" {
		t.Fatalf("clear the start: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	body = html.UnescapeString(b.get(t, page, http.StatusOK))
	st = section(t, body, `id="stage-work_started"`, "</li>")
	if !strings.Contains(st, "not yet") || strings.Contains(st, "<details") || strings.Contains(st, "recorded") {
		t.Errorf("the start once cleared: %s", st)
	}
	if atp := milestoneLine(t, body, "ATP signed before work"); strings.Contains(atp, "overdue") {
		t.Errorf("ATP milestone once the start is cleared: %s", atp)
	}
	hist = historySection(t, body)
	if strings.Count(hist, "<strong>Work started</strong>") != 2 ||
		!strings.Contains(hist, `<span class="old">`+when+`</span> → <span class="new">not yet</span>`) {
		t.Errorf("the history does not say the start was cleared:\n%s", hist)
	}
	// The same Clear sent twice (a double tap) changes nothing more.
	if resp, _ := b.post(t, stages, clear); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("clear again: %d", resp.StatusCode)
	}
	if again := historySection(t, html.UnescapeString(b.get(t, page, http.StatusOK))); strings.Count(again, "<strong>Work started</strong>") != 2 {
		t.Errorf("a second clear wrote history:\n%s", again)
	}
}

// apiStages is what GET /api/claims/{id}/stages says of each stage, one
// "stage at source recorded_by clearable" a stage.
func apiStages(t *testing.T, b *apiBundle, claim int64) []string {
	t.Helper()
	var list listResponse[stageItem]
	b.get(t, fmt.Sprintf("/api/claims/%d/stages", claim), &list)
	var out []string
	for _, it := range list.Items {
		at, source := "null", "null"
		if it.At != nil {
			at = it.At.In(b.loc).Format("01-02T15:04")
		}
		if it.Source != nil {
			source = *it.Source
		}
		out = append(out, fmt.Sprintf("%s %s %s %q %v", it.Stage, at, source, it.RecordedBy, it.Clearable))
	}
	return out
}

// TestAPIClearsAStage: POST /api/claims/{id}/stages takes "clear" to take
// back a stage recorded, and GET lists who or what gave each stage; the
// board's alerts follow on the next request. A time with "clear", or the
// pickup the equipment log sets, are refused.
func TestAPIClearsAStage(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	claim := b.addClaim(t, storage.Claim{JobNumber: "26-3101-WTR", ClaimNumber: "CL-9", LossType: "Water"})
	path := fmt.Sprintf("/api/claims/%d/stages", claim)
	atpAlert := func() string {
		t.Helper()
		alerts, _ := b.boardAlerts(t, 50)
		for _, a := range alerts {
			if a.ClaimID == claim && a.Milestone == string(sla.MilestoneATP) {
				return a.State
			}
		}
		return ""
	}
	if resp, body := b.call(t, "POST", path, map[string]any{"stage": "work_started", "at": b.at(time.March, 3, 8, 0)}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("record the start: %d %s", resp.StatusCode, body)
	}
	if got := atpAlert(); got != "overdue" {
		t.Fatalf("ATP alert once work started: %q, want overdue", got)
	}
	if got, want := apiStages(t, b, claim), []string{`work_started 03-03T08:00 person "ana-script" true`,
		`equipment_picked_up null null "" false`, `completed null null "" false`, `sampled null null "" false`}; !slices.Equal(got, want) {
		t.Errorf("stages once work started:\n%q\nwant\n%q", got, want)
	}
	resp, body := b.call(t, "POST", path, map[string]any{"stage": "work_started", "clear": true, "at": b.at(time.March, 3, 8, 0)}, nil)
	wantError(t, "clear with a time", resp, body, http.StatusBadRequest, "not both")
	for range 2 {
		if resp, body := b.call(t, "POST", path, map[string]any{"stage": "work_started", "clear": true}, nil); resp.StatusCode != http.StatusNoContent {
			t.Fatalf("clear the start: %d %s", resp.StatusCode, body)
		}
	}
	if f, err := b.db.ClaimFacts(context.Background(), claim); err != nil || f.WorkStartedAt != nil {
		t.Errorf("work started %v (%v) once cleared", f.WorkStartedAt, err)
	}
	if got := atpAlert(); got != "" {
		t.Errorf("ATP alert once the start is cleared: %q, want none", got)
	}

	if _, err := b.sql.Exec(context.Background(), `INSERT INTO equipment (claim_id, kind, count, placed_at, office_id)
		VALUES ($1, 'air_mover', 3, $2, 1)`, claim, b.at(time.March, 2, 9, 0)); err != nil {
		t.Fatal(err)
	}
	resp, body = b.call(t, "POST", path, map[string]any{"stage": "equipment_picked_up", "clear": true}, nil)
	wantError(t, "clear the pickup the log sets", resp, body, http.StatusConflict, "equipment log")
	if got, want := apiStages(t, b, claim)[:2], []string{`work_started 03-02T09:00 equipment_log "" false`,
		`equipment_picked_up null null "" false`}; !slices.Equal(got, want) {
		t.Errorf("stages once the equipment log holds air movers:\n%q\nwant\n%q", got, want)
	}
}

// TestClaimPageStagesFromEvidence: a stage the equipment log or a lab
// report gives says so and offers no Clear; what a person recorded over
// it does, saying what stands once cleared, and clearing brings it back.
func TestClaimPageStagesFromEvidence(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	c, csrf := b.signIn(t)
	placed := b.at(3, 6, 9, 0)
	b.add(t, map[string]any{"kind": "air_mover", "count": 4, "placed_at": placed, "picked_up_at": b.at(3, 9, 16, 0)})
	// Someone records the start a day after the air movers went in.
	if resp, out := b.call(t, "POST", fmt.Sprintf("/api/claims/%d/stages", b.claim),
		map[string]any{"stage": "work_started", "at": b.at(3, 7, 8, 0)}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("record the start: %d %s", resp.StatusCode, out)
	}
	report := b.at(3, 5, 0, 0)
	var itel int64
	if err := b.sql.QueryRow(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		VALUES ($1, $2, 1, 'ITEL 4471.pdf', 'lab_report', 'Lab Reports', 'claims/26-1001-WTR/Lab Reports/x_ITEL 4471.pdf', $3, 1) RETURNING id`,
		b.claim, fmt.Sprintf("%064x", 4471), b.at(3, 6, 10, 0)).Scan(&itel); err != nil {
		t.Fatal(err)
	}
	if err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := storage.SetSampledFromEvidence(ctx, tx, b.claim, storage.SampleEvidence{DocumentID: itel, File: "ITEL 4471.pdf", At: report})
		return err
	}); err != nil {
		t.Fatal(err)
	}

	body := b.claimPage(t, c)
	started := section(t, body, `id="stage-work_started"`, "</li>")
	for _, want := range []string{
		`datetime="` + iso(placed) + `"`, "from the equipment log",
		"ana-script recorded <time datetime=\"" + iso(b.at(3, 7, 8, 0)) + "\">Sat Mar 7, 08:00</time>; the earlier time counts",
		"Work started then reads <time datetime=\"" + iso(placed) + "\">Fri Mar 6, 09:00</time> from the equipment log", "Clear it",
	} {
		if !strings.Contains(started, want) {
			t.Errorf("work started lacks %q: %s", want, started)
		}
	}
	if st := section(t, body, `id="stage-equipment_picked_up"`, "</li>"); !strings.Contains(st, "from the equipment log") || strings.Contains(st, "<details") {
		t.Errorf("the pickup the log sets: %s, want it from the log with no Clear", st)
	}
	if st := section(t, body, `id="stage-sampled"`, "</li>"); !strings.Contains(st, "from the lab report ITEL 4471.pdf") || strings.Contains(st, "<details") {
		t.Errorf("the sample a lab report gave: %s, want it from the report with no Clear", st)
	}

	// A person's time for the sample stands over the report's; cleared
	// from the page, the report's stands again.
	if resp, out := b.call(t, "POST", fmt.Sprintf("/api/claims/%d/stages", b.claim),
		map[string]any{"stage": "sampled", "at": b.at(3, 4, 16, 0)}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("record the sample: %d %s", resp.StatusCode, out)
	}
	body = b.claimPage(t, c)
	sampled := section(t, body, `id="stage-sampled"`, "</li>")
	if !strings.Contains(stageLine(t, body, storage.StageSampled), "recorded by ana-script") ||
		!strings.Contains(sampled, "Flooring sample sent to the lab then reads <time datetime=\""+iso(report)+"\">Thu Mar 5, 00:00</time> from the lab report ITEL 4471.pdf") {
		t.Errorf("the sample a person recorded over the report's: %s", sampled)
	}
	resp, _ := b.do(t, c, "POST", fmt.Sprintf("/claims/%d/stages", b.claim), url.Values{"csrf_token": {csrf}, "stage": {"sampled"}, "clear": {"1"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("clear the sample: %d", resp.StatusCode)
	}
	body = b.claimPage(t, c)
	if st := stageLine(t, body, storage.StageSampled); !strings.Contains(st, `datetime="`+iso(report)+`"`) || !strings.Contains(st, "from the lab report ITEL 4471.pdf") {
		t.Errorf("the sample once the person's is cleared: %s", st)
	}
	if got := apiStages(t, b.apiBundle, b.claim)[3]; got != `sampled 03-05T00:00 lab_report "ITEL 4471.pdf" false` {
		t.Errorf("the API's sample once the person's is cleared: %s", got)
	}
	hist := historySection(t, body)
	for _, want := range []string{
		"lab report ITEL 4471.pdf · <strong>Flooring sample sent to the lab</strong>",
		"dana@smrestore.example · <strong>Flooring sample sent to the lab</strong>",
		"equipment log · <strong>Equipment picked up</strong>",
		"ana-script · <strong>Work started</strong>",
	} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
}
