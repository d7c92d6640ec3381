package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestNewClaimPageOpensAPhonedInLoss has a coordinator open a claim for a
// loss phoned in, without a carrier claim number yet: the claims list
// offers the form, the claim gets the office's next job number and what
// was typed, and the record lists the claim number as missing.
func TestNewClaimPageOpensAPhonedInLoss(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	if list := b.get(t, "/claims", http.StatusOK); !strings.Contains(list, `href="/claims/new"`) {
		t.Fatalf("the claims list offers no new claim")
	}
	form := b.get(t, "/claims/new", http.StatusOK)
	for _, field := range []string{`name="insured_name"`, `name="loss_address"`, `name="claim_number"`, `name="insured_phone"`, `<option>Water</option>`} {
		if !strings.Contains(form, field) {
			t.Errorf("the form has no %s", field)
		}
	}
	if strings.Contains(form, `name="office_id"`) {
		t.Errorf("a person of one office is asked for the office")
	}
	resp, body := b.post(t, "/claims", url.Values{"insured_name": {"Luis Peña"}, "insured_phone": {"(763) 555-0144"},
		"loss_address": {"17 Maple Ave, Plano, TX 75024"}, "loss_type": {"Water"}, "loss_description": {"Dishwasher leak"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/claims/") {
		t.Fatalf("create: %d %s\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	var job, insured, phone, claimNumber string
	b.query(t, `SELECT job_number, insured_name, insured_phone, claim_number FROM claims WHERE '/claims/' || id = $1`,
		[]any{resp.Header.Get("Location")}, &job, &insured, &phone, &claimNumber)
	if !strings.HasSuffix(job, "-WTR") || insured != "Luis Peña" || phone != "(763) 555-0144" || claimNumber != "" {
		t.Errorf("claim %s for %q, phone %q, claim number %q; want a water job for Luis Peña without a claim number", job, insured, phone, claimNumber)
	}
	page := b.get(t, resp.Header.Get("Location"), http.StatusOK)
	if !strings.Contains(page, "Luis Peña") {
		t.Errorf("the new claim's page does not show its insured")
	}
	if missing := page[strings.Index(page, "Missing: "):]; !strings.Contains(missing[:min(len(missing), 300)], "Claim number") {
		t.Errorf("the record does not list the claim number as missing: %.300s", missing)
	}
	// Its record can be completed before the claim number comes.
	if strings.Contains(page, `name="claim_number" value="" required`) {
		t.Errorf("the record form of a claim without a claim number requires one")
	}
	if resp, body := b.post(t, resp.Header.Get("Location")+"/record", url.Values{"insured_email": {"luis@home.example"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("completing the record without a claim number: %d\n%s", resp.StatusCode, body)
	}
}

// TestNewClaimPageKeepsWhatWasTyped refuses a claim nothing tells apart,
// and one whose claim number another job has: the form comes back with
// the reason in words and what was typed, and no claim is made.
func TestNewClaimPageKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.addClaim(t, claimSeed{Job: "26-0001-WTR", Number: "60-8H77-8H5"})
	for _, tc := range []struct {
		name string
		form url.Values
		code int
		want []string
	}{
		{"nothing to tell it by", url.Values{"carrier": {"Allstate"}, "loss_type": {"Fire"}}, http.StatusBadRequest,
			[]string{"claim number: required, unless the claim has an insured name or a loss address", `value="Allstate"`}},
		{"a taken claim number", url.Values{"claim_number": {"60-8H77-8H5"}, "insured_name": {"Ann Smith"}}, http.StatusConflict,
			[]string{"26-0001-WTR", `value="Ann Smith"`}},
		{"an email that is not one", url.Values{"insured_name": {"Ann Smith"}, "insured_email": {"ann at home"}}, http.StatusBadRequest,
			[]string{"insured email", `value="ann at home"`}},
	} {
		resp, body := b.post(t, "/claims", tc.form)
		if resp.StatusCode != tc.code {
			t.Errorf("%s: %d, want %d\n%s", tc.name, resp.StatusCode, tc.code, body)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the form does not show %q", tc.name, w)
			}
		}
	}
	var n int
	b.query(t, `SELECT count(*) FROM claims`, nil, &n)
	if n != 1 {
		t.Errorf("%d claims; want only the one there was", n)
	}
}

// TestNewClaimPageAsksWhichOffice has a person of two offices say which
// office the claim is for; a read-only member is offered no form.
func TestNewClaimPageAsksWhichOffice(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	north := b.northOffice(t)
	if form := b.get(t, "/claims/new", http.StatusOK); !strings.Contains(form, "North Territory") {
		t.Fatalf("a person of two offices is not asked which")
	}
	if resp, body := b.post(t, "/claims", url.Values{"insured_name": {"Ann Smith"}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "choose the office the claim is for") {
		t.Errorf("no office chosen: %d\n%s", resp.StatusCode, body)
	}
	resp, body := b.post(t, "/claims", url.Values{"insured_name": {"Ann Smith"}, "office_id": {strconv.FormatInt(north.ID, 10)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create in north: %d\n%s", resp.StatusCode, body)
	}
	var office int64
	var job string
	b.query(t, `SELECT office_id, job_number FROM claims WHERE insured_name = 'Ann Smith'`, nil, &office, &job)
	if office != north.ID || !strings.Contains(job, "-1001-") {
		t.Errorf("claim %s in office %d; want north's first job in office %d", job, office, north.ID)
	}

	dana, err := b.db.GetUserByEmail(ctx, b.email)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []int64{storage.DefaultOfficeID, north.ID} {
		if err := b.db.SetOfficeRole(ctx, dana.ID, o, storage.RoleReadOnly); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(b.get(t, "/claims", http.StatusOK), `href="/claims/new"`) {
		t.Errorf("a read-only member is offered a new claim")
	}
	b.get(t, "/claims/new", http.StatusForbidden)
	if resp, _ := b.post(t, "/claims", url.Values{"insured_name": {"Bo Read"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a read-only member's claim: %d, want 403", resp.StatusCode)
	}
}
