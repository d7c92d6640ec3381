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
			[]string{"Claim number: required, unless the claim has an insured name or a loss address", `value="Allstate"`}},
		{"a taken claim number", url.Values{"claim_number": {"60-8H77-8H5"}, "insured_name": {"Ann Smith"}}, http.StatusConflict,
			[]string{"26-0001-WTR", `value="Ann Smith"`}},
		{"an email that is not one", url.Values{"insured_name": {"Ann Smith"}, "insured_email": {"ann at home"}}, http.StatusBadRequest,
			[]string{"Insured&#39;s email", `value="ann at home"`}},
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

// TestNewClaimPageAsksAboutAnOpenClaimOfTheSameLoss has a coordinator type
// a loss the office already has open (the insured, or the house, written
// another way): the form comes back with what was typed, names the open
// claim and offers to create the new one anyway. A neighbour's loss is
// created at once.
func TestNewClaimPageAsksAboutAnOpenClaimOfTheSameLoss(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ruth := b.addClaim(t, claimSeed{Job: "26-2106-WTR", Insured: "Ruth Sandoval", Address: "812 Maple St, Plano, TX 75024"})
	b.addClaim(t, claimSeed{Job: "25-1990-WTR", Insured: "Ann Lee", Address: "40 Oak Ln", Status: "closed"})
	claims := func() int {
		var n int
		b.query(t, `SELECT count(*) FROM claims`, nil, &n)
		return n
	}
	for _, tc := range []struct {
		name string
		form url.Values
	}{
		{"the insured and the house", url.Values{"insured_name": {"Ruth Sandoval"}, "loss_address": {"812 Maple Street"},
			"insured_phone": {"(972) 555-0101"}, "loss_description": {"Water in the basement again"}}},
		{"the insured in capitals with an accent", url.Values{"insured_name": {"RUTH SANDÓVAL"}}},
		{"a spouse, the house written another way", url.Values{"insured_name": {"Tom Sandoval"}, "loss_address": {"812 N. Maple St, Plano"}}},
	} {
		resp, body := b.post(t, "/claims", tc.form)
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("%s: %d, want the form again (409)\n%s", tc.name, resp.StatusCode, body)
			continue
		}
		for _, w := range []string{"An open claim already looks like this one: <strong>26-2106-WTR</strong> Ruth Sandoval, 812 Maple St, Plano, TX 75024",
			`(<a href="/claims/` + strconv.FormatInt(ruth, 10) + `">open it</a>)`, `name="anyway" value="1">Create it anyway</button>`,
			`value="` + tc.form.Get("insured_name") + `"`, `value="` + tc.form.Get("loss_address") + `"`} {
			if !strings.Contains(body, w) {
				t.Errorf("%s: the form does not show %q", tc.name, w)
			}
		}
		if n := claims(); n != 2 {
			t.Fatalf("%s: %d claims; want none made", tc.name, n)
		}
	}

	anyway := url.Values{"insured_name": {"Ruth Sandoval"}, "loss_address": {"812 Maple Street"}, "anyway": {"1"}}
	resp, body := b.post(t, "/claims", anyway)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create it anyway: %d\n%s", resp.StatusCode, body)
	}
	var second string
	b.query(t, `SELECT job_number FROM claims WHERE '/claims/' || id = $1`, []any{resp.Header.Get("Location")}, &second)
	// Both are named the next time.
	anyway.Del("anyway")
	if resp, body := b.post(t, "/claims", anyway); resp.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "Open claims already look like this one:") || !strings.Contains(body, "<strong>26-2106-WTR</strong>") ||
		!strings.Contains(body, "<strong>"+second+"</strong>") {
		t.Errorf("with two open claims alike: %d, want both named\n%s", resp.StatusCode, body)
	}
	for _, other := range []url.Values{
		{"insured_name": {"Tom Baker"}, "loss_address": {"814 Maple St"}},
		{"insured_name": {"Ruth Sandoval"}, "loss_address": {"9 Elm Ct"}}, // a namesake elsewhere
		{"insured_name": {"Ann Lee"}, "loss_address": {"40 Oak Ln"}},      // a closed claim's: a new loss
	} {
		if resp, body := b.post(t, "/claims", other); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%v: %d, want it created\n%s", other, resp.StatusCode, body)
		}
	}
	if n := claims(); n != 6 {
		t.Errorf("%d claims; want 6", n)
	}
}

// TestNewClaimPageRecordsWhoReferredTheLoss fills the record's Referred by
// from the form: a name picked from the office's people brings their phone
// and email, and the record does not list Referred by as missing. An email
// that is not one comes back in words, with what was typed.
func TestNewClaimPageRecordsWhoReferredTheLoss(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	if _, err := b.db.SavePerson(ctx, storage.Person{OfficeID: storage.DefaultOfficeID, Name: "Plano Plumbing",
		Email: "office@planoplumbing.example", Phone: "214-555-0002", Role: "referred_by"}); err != nil {
		t.Fatal(err)
	}
	form := b.get(t, "/claims/new", http.StatusOK)
	for _, w := range []string{"<legend>Referred by</legend>", `name="p_role" value="referred_by"`, `name="p_name"`, `name="p_phone"`,
		`name="p_email"`, `<option value="Plano Plumbing">`} {
		if !strings.Contains(form, w) {
			t.Errorf("the form has no %s", w)
		}
	}
	resp, body := b.post(t, "/claims", url.Values{"insured_name": {"Luis Peña"}, "loss_address": {"17 Maple Ave"},
		"p_role": {"referred_by"}, "p_name": {"plano plumbing"}, "p_email": {""}, "p_phone": {""}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", resp.StatusCode, body)
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(resp.Header.Get("Location"), "/claims/"), 10, 64)
	ps, err := b.db.ParticipantsOfClaims(ctx, []int64{id})
	if err != nil {
		t.Fatal(err)
	}
	want := storage.ClaimParticipant{ClaimID: id, Role: "referred_by", Name: "Plano Plumbing", Email: "office@planoplumbing.example", Phone: "214-555-0002"}
	if len(ps[id]) != 1 || ps[id][0] != want {
		t.Errorf("participants %+v, want %+v", ps[id], want)
	}
	page := b.get(t, resp.Header.Get("Location"), http.StatusOK)
	if missing := page[strings.Index(page, "Missing: "):]; strings.Contains(missing[:strings.Index(missing, "</p>")], "Referred by") {
		t.Errorf("the record lists Referred by as missing: %.300s", missing)
	}

	resp, body = b.post(t, "/claims", url.Values{"insured_name": {"Ann Smith"}, "p_role": {"referred_by"},
		"p_name": {"Joe Rivera"}, "p_email": {"joe at home"}, "p_phone": {"214-555-0199"}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("a referrer's email that is not one: %d\n%s", resp.StatusCode, body)
	}
	for _, w := range []string{`referred by email: &#34;joe at home&#34; is not an email address`, `value="Joe Rivera"`, `value="214-555-0199"`, `value="Ann Smith"`} {
		if !strings.Contains(body, w) {
			t.Errorf("the refused form does not show %s", w)
		}
	}
}

// TestNewClaimPageReadsTheLossTypeFromWhatHappened gives a claim whose loss
// type was left unknown the type what happened names, and the job number
// its code; a type chosen stays, and nothing named leaves OTH.
func TestNewClaimPageReadsTheLossTypeFromWhatHappened(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	for _, tc := range []struct {
		insured, lossType, happened string
		wantType, wantCode          string
	}{
		{"Ann Smith", "", "Supply line burst, water in the basement", "Water", "-WTR"},
		{"Bo Diaz", "Fire", "Kitchen fire; the sprinkler left water everywhere", "Fire", "-FIR"},
		{"Cy Young", "", "Homeowner will call back", "", "-OTH"},
	} {
		resp, body := b.post(t, "/claims", url.Values{"insured_name": {tc.insured}, "loss_type": {tc.lossType}, "loss_description": {tc.happened}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d\n%s", tc.insured, resp.StatusCode, body)
		}
		var job, lossType string
		b.query(t, `SELECT job_number, loss_type FROM claims WHERE insured_name = $1`, []any{tc.insured}, &job, &lossType)
		if lossType != tc.wantType || !strings.HasSuffix(job, tc.wantCode) {
			t.Errorf("%q: job %s of type %q; want type %q, a job ending %s", tc.happened, job, lossType, tc.wantType, tc.wantCode)
		}
	}
}
