package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// section is the part of the page body from the first start after from
// to the end that follows it; the test fails when there is none.
func section(t *testing.T, body, start, end string) string {
	t.Helper()
	i := strings.Index(body, start)
	if i < 0 {
		t.Fatalf("the page lacks %q", start)
	}
	j := strings.Index(body[i:], end)
	if j < 0 {
		t.Fatalf("the page lacks %q after %q", end, start)
	}
	return body[i : i+j]
}

// milestoneLine is what the claim page says of milestone label.
func milestoneLine(t *testing.T, body, label string) string {
	t.Helper()
	return section(t, body, "<strong>"+label+"</strong>", "</li>")
}

// stageLine is what the claim page says of stage: its time and where it
// comes from, without its Clear.
func stageLine(t *testing.T, body string, stage storage.JobStage) string {
	t.Helper()
	st := section(t, body, `id="stage-`+string(stage)+`"`, "</li>")
	st, _, _ = strings.Cut(st, "<details")
	return st
}

// claimPage is the claim's page as c sees it, its entities unescaped.
func (b *equipmentBundle) claimPage(t *testing.T, c *http.Client) string {
	t.Helper()
	resp, body := b.do(t, c, "GET", fmt.Sprintf("/claims/%d", b.claim), nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("claim page: %d", resp.StatusCode)
	}
	return html.UnescapeString(body)
}

// TestClaimPageWorkStartedByTheEquipmentLog: drying equipment placed is
// work started, though nobody recorded the stage: the job stages, the
// ATP's deadline and the note for the job system of an update recorded
// since all say so, from the placement. A person may record an earlier
// start (tear-out before the equipment), which then stands.
func TestClaimPageWorkStartedByTheEquipmentLog(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	c, _ := b.signIn(t)
	if err := b.db.AddClaimNote(ctx, b.claim, "dana@smrestore.example", "Spoke with the insured.", b.at(3, 5, 10, 0)); err != nil {
		t.Fatal(err)
	}
	body := b.claimPage(t, c)
	if st := section(t, body, `id="stage-work_started"`, "</li>"); !strings.Contains(st, "not yet") {
		t.Errorf("work started before any equipment: %s", st)
	}
	if !strings.Contains(body, "Status of our part: claim open, no work recorded yet") {
		t.Errorf("the note for the job system before any work does not say so")
	}

	placed := b.at(3, 6, 9, 0) // a Friday
	b.add(t, map[string]any{"kind": "air_mover", "count": 4, "placed_at": placed})
	b.add(t, map[string]any{"kind": "dehumidifier", "count": 1, "placed_at": placed.Add(30 * time.Minute)})
	// A note recorded now says where the claim stands now; the one before
	// keeps what it said (TestUpdateCopyStaysAsRecorded).
	if err := b.db.AddClaimNote(ctx, b.claim, "dana@smrestore.example", "Equipment set.", b.at(3, 6, 10, 0)); err != nil {
		t.Fatal(err)
	}
	body = b.claimPage(t, c)
	st := section(t, body, `id="stage-work_started"`, "</li>")
	if !strings.Contains(st, `datetime="`+iso(placed)+`"`) || !strings.Contains(st, "from the equipment log") || strings.Contains(st, "not yet") {
		t.Errorf("work started with the air movers placed %s: %s", placed, st)
	}
	if !strings.Contains(body, "Status of our part: Work started 03/06/2026") {
		t.Errorf("the note for the job system does not say the work started 03/06/2026")
	}
	if atp := milestoneLine(t, body, "ATP signed before work"); !strings.Contains(atp, "overdue") || !strings.Contains(atp, "due Fri Mar 6, 09:00") {
		t.Errorf("ATP milestone with no ATP and the equipment placed: %s", atp)
	}

	// The tear-out began the day before: the start recorded stands.
	if resp, out := b.call(t, "POST", fmt.Sprintf("/api/claims/%d/stages", b.claim),
		map[string]any{"stage": "work_started", "at": b.at(3, 5, 8, 0)}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("record the start: %d %s", resp.StatusCode, out)
	}
	if err := b.db.AddClaimNote(ctx, b.claim, "dana@smrestore.example", "Tear-out logged.", b.at(3, 6, 11, 0)); err != nil {
		t.Fatal(err)
	}
	body = b.claimPage(t, c)
	st = stageLine(t, body, storage.StageWorkStarted)
	if !strings.Contains(st, `datetime="`+iso(b.at(3, 5, 8, 0))+`"`) || strings.Contains(st, "equipment log") {
		t.Errorf("work started as recorded before the equipment: %s", st)
	}
	if !strings.Contains(body, "Status of our part: Work started 03/05/2026") {
		t.Errorf("the note for the job system does not follow the start recorded")
	}
}

// cosLine finds the paperwork checklist's COS line: its status, whether
// it is marked extra, and its words.
var cosLine = regexp.MustCompile(`<li class="item-(\w+)">\s*<span class="mark"[^>]*>[^<]*</span>\s*COS \(certificate of satisfaction\)\s*(<span class="muted">\(extra\)</span>)?\s*<span class="meta">([^<]*)</span>`)

// TestClaimPageCOSOnFileBeforePickup: a signed COS filed before anyone
// recorded the pickup is the job's COS, not an extra, and the checklist,
// the COS milestone, the billing packet, the note for the job system and
// the close all say the same of it: on file, its signature not verified.
// Verified, it counts everywhere.
func TestClaimPageCOSOnFileBeforePickup(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	c, csrf := b.signIn(t)
	if err := b.db.AddClaimNote(ctx, b.claim, "dana@smrestore.example", "Final walk-through done.", b.at(3, 5, 18, 0)); err != nil {
		t.Fatal(err)
	}
	var cos int64
	data := testPDF(t, "Certificate of satisfaction, signed")
	if err := b.sql.QueryRow(ctx, `INSERT INTO documents (claim_id, sha256, size, filename, content_type, doc_type, folder, browse_key, received_at, office_id)
		VALUES ($1, $2, $3, 'COS signed.pdf', 'application/pdf', 'cos', 'Contracts', 'claims/26-1001-WTR/Contracts/2026-03-05_COS signed.pdf', $4, 1)
		RETURNING id`, b.claim, b.putBlob(t, data), len(data), b.at(3, 5, 17, 8)).Scan(&cos); err != nil {
		t.Fatal(err)
	}

	body := b.claimPage(t, c)
	m := cosLine.FindStringSubmatch(body)
	if m == nil || m[1] != "unverified" || m[2] != "" || m[3] != "1 on file, signature not verified" {
		t.Errorf("checklist's COS line %q, want it unverified and not extra", m)
	}
	if line := milestoneLine(t, body, "COS at equipment pickup"); !strings.Contains(line, "on file") ||
		!strings.Contains(line, "signature not verified") || strings.Contains(line, "done") {
		t.Errorf("COS milestone: %s", line)
	}
	// The checklist's COS line says it is on file, not verified: the
	// billing packet's milestone refers to it, and never calls it missing.
	billing := milestoneLine(t, body, "Billing packet complete")
	if !strings.Contains(billing, "see the checklist") || strings.Contains(billing, "COS") {
		t.Errorf("billing packet: %s", billing)
	}
	if !strings.Contains(body, "on file, signature not verified: COS (certificate of satisfaction)\nNote: Final walk-through done.") {
		t.Errorf("the note for the job system does not say the COS is on file, its signature not verified")
	}

	resp, zipped := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?for=office", b.claim), nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("packet: %d", resp.StatusCode)
	}
	files, _ := unzip(t, zipped)
	cover := strings.Join(strings.Fields(pageFooter.ReplaceAllString(pdftest.CheckedText(t, "summary", summaryOf(t, files)), "")), " ")
	for _, want := range []string{"COS (certificate of satisfaction) on file, signature not verified, required",
		"COS at equipment pickup on file 03/05/2026, signature not verified",
		"on file, signature not verified: COS (certificate of satisfaction)"} {
		if !strings.Contains(cover, want) {
			t.Errorf("claim.pdf lacks %q:\n%s", want, cover)
		}
	}

	const cosWords = "COS signed (1 on file, signature not verified)"
	resp, _ = b.do(t, c, "POST", fmt.Sprintf("/claims/%d/close", b.claim), url.Values{"csrf_token": {csrf}, "note": {"done"}}, nil)
	_, refused := b.do(t, c, "GET", resp.Header.Get("Location"), nil, nil)
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(html.UnescapeString(refused), "Lacking: "+cosWords) {
		t.Errorf("close from the page: %d, want 303 to the claim lacking %q:\n%s", resp.StatusCode, cosWords, section(t, html.UnescapeString(refused), "cannot close", "</p>"))
	}
	resp, out := b.call(t, "POST", fmt.Sprintf("/api/claims/%d/close", b.claim), map[string]any{"note": "done"}, nil)
	wantError(t, "close over the API", resp, out, http.StatusConflict, "still needed: "+cosWords)

	if resp, out := b.call(t, "POST", fmt.Sprintf("/api/documents/%d/verify", cos), map[string]any{"ok": true}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("verify the COS: %d %s", resp.StatusCode, out)
	}
	body = b.claimPage(t, c)
	if m := cosLine.FindStringSubmatch(body); m == nil || m[1] != "present" || m[2] != "" {
		t.Errorf("checklist's COS line once verified %q", m)
	}
	if line := milestoneLine(t, body, "COS at equipment pickup"); !strings.Contains(line, "done") || strings.Contains(line, "not verified") {
		t.Errorf("COS milestone once verified: %s", line)
	}
	if billing := milestoneLine(t, body, "Billing packet complete"); strings.Contains(billing, "COS") {
		t.Errorf("billing packet once the COS is verified: %s", billing)
	}
	resp, out = b.call(t, "POST", fmt.Sprintf("/api/claims/%d/close", b.claim), map[string]any{"note": "done"}, nil)
	if resp.StatusCode != http.StatusConflict || strings.Contains(out, "cos_signed") {
		t.Errorf("close with the COS verified: %d %s, want refused for the rest alone", resp.StatusCode, out)
	}
}

// recordAllPickedUp records what message msg proposes: the equipment as a
// whole picked up at at.
func (b *equipmentBundle) recordAllPickedUp(t *testing.T, at time.Time) storage.EquipmentProposal {
	t.Helper()
	return b.recordPickup(t, storage.EquipmentProposal{Action: equipment.ActionPickedUp, Kind: equipment.AllDrying, At: at,
		Text: "Everything is dry, the equipment was pulled."})
}

// recordPickup records a message arriving at p.At that proposes p.
func (b *equipmentBundle) recordPickup(t *testing.T, p storage.EquipmentProposal) storage.EquipmentProposal {
	t.Helper()
	ctx := context.Background()
	msg := b.addMessage(t, testMessage{from: "tom@smrestore.example", subject: "Ripley", arrived: p.At, status: storage.StatusFiled})
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.RecordEquipmentProposals(ctx, tx, b.claim, msg, []storage.EquipmentProposal{p})
	})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := b.db.ClaimEquipmentProposals(ctx, b.claim)
	if err != nil || len(ps) == 0 {
		t.Fatalf("proposals %+v (%v)", ps, err)
	}
	return ps[len(ps)-1]
}

// TestPickupStagePointsAtAWholePickup: the pickup stage asks to confirm
// mail that would pick up all the drying equipment, not mail that picks
// up some of it.
func TestPickupStagePointsAtAWholePickup(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	c, _ := b.signIn(t)
	b.add(t, map[string]any{"kind": "air_mover", "count": 4, "placed_at": b.at(3, 2, 9, 0)})
	dehu := b.add(t, map[string]any{"kind": "dehumidifier", "count": 1, "placed_at": b.at(3, 2, 9, 0)})
	pickup := func(n int, day int) storage.EquipmentProposal {
		return b.recordPickup(t, storage.EquipmentProposal{Action: equipment.ActionPickedUp, Kind: equipment.AirMover, Count: n,
			At: b.at(3, day, 16, 0), Text: fmt.Sprintf("picked up %d air movers", n)})
	}
	some, four := pickup(2, 5), pickup(4, 6)
	stage := func() string {
		return section(t, b.claimPage(t, c), `id="stage-equipment_picked_up"`, "</li>")
	}
	if st := stage(); strings.Contains(st, "confirm it") {
		t.Errorf("pickup stage points at mail leaving equipment on the job (proposals %d and %d): %s", some.ID, four.ID, st)
	}
	b.send(t, "PATCH", fmt.Sprintf("/api/equipment/%d", dehu.ID), map[string]any{"picked_up_at": b.at(3, 6, 9, 0)}, http.StatusOK, &equipmentItem{})
	if st := stage(); !strings.Contains(st, fmt.Sprintf(`href="#proposal-%d"`, four.ID)) {
		t.Errorf("pickup stage once the four air movers are all that is left: %s, want it to point at proposal %d", st, four.ID)
	}
}

// TestMailPickingUpAllTheEquipment: mail saying the equipment as a whole
// was picked up is a proposal the pickup stage points to; confirmed, it
// picks up every drying line still on the job, and the pickup stage, the
// COS milestone and the checklist follow the log. Nothing changes until a
// person confirms it.
func TestMailPickingUpAllTheEquipment(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	c, _ := b.signIn(t)
	b.add(t, map[string]any{"kind": "air_mover", "count": 4, "placed_at": b.at(3, 2, 9, 0)})
	b.add(t, map[string]any{"kind": "dehumidifier", "count": 1, "placed_at": b.at(3, 2, 9, 0)})
	b.add(t, map[string]any{"kind": "dumpster", "placed_at": b.at(3, 2, 9, 0)})
	at := b.at(3, 6, 16, 0)
	p := b.recordAllPickedUp(t, at)

	body := b.claimPage(t, c)
	st := section(t, body, `id="stage-equipment_picked_up"`, "</li>")
	if !strings.Contains(st, "not yet") || !strings.Contains(st, fmt.Sprintf(`href="#proposal-%d"`, p.ID)) || !strings.Contains(st, "says so: confirm it") {
		t.Errorf("pickup stage with the mail waiting: %s", st)
	}
	if !strings.Contains(section(t, body, fmt.Sprintf(`id="proposal-%d"`, p.ID), "</li>"), "Picked up all the drying equipment") {
		t.Errorf("the proposal does not say it picks up all the drying equipment")
	}
	if f, err := b.db.ClaimFacts(ctx, b.claim); err != nil || f.EquipmentPickedUpAt != nil {
		t.Fatalf("mail alone set the pickup %v (%v)", f.EquipmentPickedUpAt, err)
	}

	var log listResponse[equipmentItem]
	b.send(t, "POST", fmt.Sprintf("/api/equipment-proposals/%d", p.ID), map[string]string{"decision": "confirm"}, http.StatusOK, &log)
	for _, e := range log.Items {
		picked := e.PickedUpAt != nil && e.PickedUpAt.Equal(at)
		if equipment.IsDrying(e.Kind) != picked {
			t.Errorf("after confirming: %s picked up %v", e.Kind, e.PickedUpAt)
		}
	}
	f, err := b.db.ClaimFacts(ctx, b.claim)
	if err != nil || f.EquipmentPickedUpAt == nil || !f.EquipmentPickedUpAt.Equal(at) {
		t.Fatalf("pickup stage %v (%v), want %s", f.EquipmentPickedUpAt, err, at)
	}
	body = b.claimPage(t, c)
	st = section(t, body, `id="stage-equipment_picked_up"`, "</li>")
	if !strings.Contains(st, `datetime="`+iso(at)+`"`) || strings.Contains(st, "confirm it") {
		t.Errorf("pickup stage once confirmed: %s", st)
	}
	if m := cosLine.FindStringSubmatch(body); m == nil || m[1] != "missing" {
		t.Errorf("checklist's COS line after the pickup %q, want it missing", m)
	}
	rep := b.cal.CheckClaim(f, sla.DefaultRules(), at.Add(time.Hour))
	for _, m := range rep.Milestones {
		if m.Name == sla.MilestoneCOS && !m.Due.Equal(b.at(3, 6, 18, 0)) {
			t.Errorf("COS milestone %+v, want due by the pickup day's close", m)
		}
	}
	if n := len(b.notices(t)); n != 2 {
		t.Errorf("%d pickup notices, want one per drying line", n)
	}
}

// TestMailPickingUpAllTheEquipmentWithNoLog: with no drying equipment in
// the log, the confirmed mail records the pickup stage, and a later one
// does not move it.
func TestMailPickingUpAllTheEquipmentWithNoLog(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	ctx := context.Background()
	first, later := b.recordAllPickedUp(t, b.at(3, 6, 16, 0)), b.recordAllPickedUp(t, b.at(3, 9, 8, 0))
	var log listResponse[equipmentItem]
	for _, p := range []storage.EquipmentProposal{first, later} {
		b.send(t, "POST", fmt.Sprintf("/api/equipment-proposals/%d", p.ID), map[string]string{"decision": "confirm"}, http.StatusOK, &log)
	}
	if len(log.Items) != 0 {
		t.Errorf("confirming made lines %+v", log.Items)
	}
	if f, err := b.db.ClaimFacts(ctx, b.claim); err != nil || f.EquipmentPickedUpAt == nil || !f.EquipmentPickedUpAt.Equal(b.at(3, 6, 16, 0)) {
		t.Errorf("pickup stage %v (%v), want the first mail's", f.EquipmentPickedUpAt, err)
	}
}

func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// TestMailPickingUpLeavesWhatWasPlacedSince confirms mail saying the
// equipment was picked up after more was placed: what was placed since
// stays on the job.
func TestMailPickingUpLeavesWhatWasPlacedSince(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	b.signIn(t)
	b.add(t, map[string]any{"kind": "air_mover", "count": 4, "placed_at": b.at(3, 2, 9, 0)})
	at := b.at(3, 6, 16, 0)
	p := b.recordAllPickedUp(t, at)
	b.add(t, map[string]any{"kind": "dehumidifier", "count": 1, "placed_at": b.at(3, 8, 9, 0)})
	var log listResponse[equipmentItem]
	b.send(t, "POST", fmt.Sprintf("/api/equipment-proposals/%d", p.ID), map[string]string{"decision": "confirm"}, http.StatusOK, &log)
	var got []string
	for _, e := range log.Items {
		got = append(got, fmt.Sprintf("%s picked up %v", e.Kind, e.PickedUpAt))
	}
	slices.Sort(got)
	if want := []string{"air_mover picked up " + at.UTC().String(), "dehumidifier picked up <nil>"}; !slices.Equal(got, want) {
		t.Errorf("the log after confirming: %v, want %v", got, want)
	}
}
