package web

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// cosMissing finds the paperwork checklist's line saying the COS is missing.
var cosMissing = regexp.MustCompile(`<li class="item-missing">\s*<span class="mark"[^>]*>✗</span>\s*COS \(certificate of satisfaction\)`)

// TestClaimPageVerifyAndStages drives the claim page's forms for what the
// API does too: verify a signed form, record a stage of the job.
func TestClaimPageVerifyAndStages(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	claim := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley", LossType: "Water",
		Opened: now.Add(-50 * time.Hour)})
	atp := b.addDocument(t, claim, docSeed{Filename: "ATP signed.pdf", ContentType: "application/pdf", DocType: "atp",
		Folder: "Contracts", Data: onePagePDF()})
	photo := b.addDocument(t, claim, docSeed{Filename: "IMG_0001.jpg", ContentType: "image/jpeg", DocType: "photo",
		Folder: "Photos", Data: []byte("not really a jpeg")})
	page := fmt.Sprintf("/claims/%d", claim)

	body := html.UnescapeString(b.get(t, page, http.StatusOK))
	for _, want := range []string{
		fmt.Sprintf(`action="/documents/%d/verify"`, atp),
		fmt.Sprintf(`action="/claims/%d/stages"`, claim),
		`<option value="equipment_picked_up">Equipment picked up</option>`,
		`id="stage-equipment_picked_up" class="item-todo"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("claim page lacks %q", want)
		}
	}
	if strings.Contains(body, fmt.Sprintf(`action="/documents/%d/verify"`, photo)) {
		t.Error("a photo offers signature verification")
	}
	if cosMissing.MatchString(body) {
		t.Error("the COS is owed before the equipment is picked up")
	}

	// Verify the ATP: refused without the form's token.
	verify := fmt.Sprintf("/documents/%d/verify", atp)
	next := fmt.Sprintf("%s#doc-%d", page, atp)
	if resp, _ := b.post(t, verify, url.Values{"csrf_token": {""}, "next": {next}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("verify without CSRF token: %d, want 403", resp.StatusCode)
	}
	var verifiedAt *time.Time
	var verifiedBy string
	b.query(t, `SELECT verified_at, verified_by FROM documents WHERE id = $1`, []any{atp}, &verifiedAt, &verifiedBy)
	if verifiedAt != nil {
		t.Fatal("a refused form verified the ATP")
	}
	b.clock.Advance(time.Minute)
	resp, _ := b.post(t, verify, url.Values{"next": {next}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != next {
		t.Fatalf("verify: %d to %q, want 303 to %q", resp.StatusCode, resp.Header.Get("Location"), next)
	}
	b.query(t, `SELECT verified_at, verified_by FROM documents WHERE id = $1`, []any{atp}, &verifiedAt, &verifiedBy)
	if verifiedAt == nil || !verifiedAt.Equal(b.clock.Now()) || verifiedBy != b.email {
		t.Errorf("verified at %v by %q, want %v by %s", verifiedAt, verifiedBy, b.clock.Now(), b.email)
	}
	// Without a way back, back to the document on its claim.
	resp, _ = b.post(t, verify, nil)
	if want := fmt.Sprintf("/claims/%d#doc-%d", claim, atp); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
		t.Errorf("verify again: %d to %q, want 303 to %q", resp.StatusCode, resp.Header.Get("Location"), want)
	}

	// Record the equipment pickup yesterday afternoon: refused without the
	// token, or with a stage or time the page does not offer.
	picked := now.Add(-24 * time.Hour).Truncate(time.Minute)
	stages := fmt.Sprintf("/claims/%d/stages", claim)
	form := url.Values{"stage": {"equipment_picked_up"}, "at": {picked.Format("2006-01-02T15:04")}, "next": {page}}
	noToken := url.Values{"csrf_token": {""}}
	for k, v := range form {
		noToken[k] = v
	}
	if resp, _ := b.post(t, stages, noToken); resp.StatusCode != http.StatusForbidden {
		t.Errorf("stage without CSRF token: %d, want 403", resp.StatusCode)
	}
	var pickedUp *time.Time
	b.query(t, `SELECT equipment_picked_up_at FROM claims WHERE id = $1`, []any{claim}, &pickedUp)
	if pickedUp != nil {
		t.Fatal("a refused form recorded the pickup")
	}
	for _, bad := range []url.Values{
		{"stage": {"painted"}},
		{"stage": {"completed"}, "at": {"yesterday"}},
	} {
		if resp, body := b.post(t, stages, bad); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("stage form %v: %d, want 400\n%s", bad, resp.StatusCode, body)
		}
	}
	if resp, _ := b.post(t, stages, form); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != page {
		t.Fatalf("stage: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	b.query(t, `SELECT equipment_picked_up_at FROM claims WHERE id = $1`, []any{claim}, &pickedUp)
	if pickedUp == nil || !pickedUp.Equal(picked) {
		t.Errorf("equipment picked up at %v, want %v", pickedUp, picked)
	}
	// No time given: now.
	if resp, _ := b.post(t, stages, url.Values{"stage": {"work_started"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("stage without a time: %d", resp.StatusCode)
	}
	var started *time.Time
	b.query(t, `SELECT work_started_at FROM claims WHERE id = $1`, []any{claim}, &started)
	if started == nil || !started.Equal(b.clock.Now()) {
		t.Errorf("work started at %v, want now (%v)", started, b.clock.Now())
	}

	// The page shows what was done: the ATP verified (its form gone), the
	// stages recorded, and the COS now owed since the equipment is out.
	body = html.UnescapeString(b.get(t, page, http.StatusOK))
	for _, want := range []string{
		"signature verified by Test " + b.email,
		`id="stage-equipment_picked_up" class="item-present"`,
		`id="stage-work_started" class="item-present"`,
		`id="stage-completed" class="item-todo"`,
		fmt.Sprintf(`<time datetime="%s">`, picked.UTC().Format(time.RFC3339)),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("claim page after the forms lacks %q", want)
		}
	}
	if strings.Contains(body, fmt.Sprintf(`action="/documents/%d/verify"`, atp)) {
		t.Error("the verified ATP still offers verification")
	}
	if !cosMissing.MatchString(body) {
		t.Error("the COS is not owed after the equipment pickup")
	}

	if resp, _ := b.post(t, "/documents/999999/verify", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("verify a missing document: %d, want 404", resp.StatusCode)
	}
	if resp, _ := b.post(t, "/claims/999999/stages", url.Values{"stage": {"completed"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("stage of a missing claim: %d, want 404", resp.StatusCode)
	}
}

// TestStageFormTimeIsTheOfficeWallClock: the form's time is what the
// coordinator's office clock said, whatever the server's zone.
func TestStageFormTimeIsTheOfficeWallClock(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{opts: Options{Location: loc}}
	r := httptest.NewRequest("POST", "/claims/1/stages", strings.NewReader("stage=completed&at=2026-03-03T16:30"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	in, err := stageForm(r, s.calendar().Location())
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 3, 22, 30, 0, 0, time.UTC); in.Stage != "completed" || !in.At.Equal(want) {
		t.Errorf("read %q at %v, want completed at %v", in.Stage, in.At.UTC(), want)
	}
}
