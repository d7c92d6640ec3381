package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRecordFormRefusedKeepsWhatWasTyped saves a claim's record with a
// job number another claim has: the claim page comes back with the form
// open, holding every edit typed, and the reason in the form's words; the
// claim is unchanged.
func TestRecordFormRefusedKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.addClaim(t, claimSeed{Job: "26-2106-WTR", Number: "CLM-1", Insured: "Ruth Sandoval"})
	id := b.addClaim(t, claimSeed{Job: "26-2109-OTH", Number: "CLM-2", Insured: "Maria Pena"})
	form := url.Values{"job_number": {"26-2106-WTR"}, "insured_name": {"Maria Peña"}, "loss_address": {"1417 Maple Avenue NE"},
		"p_role": {"technician", "referred_by"}, "p_name": {"Tom Tech", "Rita Realtor"}, "p_email": {"tom@smrestore.example", ""},
		"p_phone": {"", "612-555-0100"}}
	resp, body := b.post(t, fmt.Sprintf("/claims/%d/record", id), form)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("a job number of another claim: %d, want 409 with the form again\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{
		`id="record-refused"`, "Not saved: Job number 26-2106-WTR belongs to another claim",
		`<details class="record-edit" open>`, `value="Maria Peña"`, `value="1417 Maple Avenue NE"`, `value="26-2106-WTR"`,
		`value="Rita Realtor"`, `value="612-555-0100"`, `value="tom@smrestore.example"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page after the refusal lacks %q", want)
		}
	}
	if strings.Contains(section(t, body, `id="record-refused"`, "</p>"), "job_number") {
		t.Errorf("the refusal names the field by its code")
	}
	c, err := b.db.GetClaim(t.Context(), id)
	if err != nil || c.JobNumber != "26-2109-OTH" || c.InsuredName != "Maria Pena" {
		t.Errorf("after a refused save: %+v (%v), want the claim unchanged", c, err)
	}
	// A bad value of a field is refused the same way, with the people
	// typed, and a row for each role nobody holds.
	resp, body = b.post(t, fmt.Sprintf("/claims/%d/record", id), url.Values{"insured_email": {"not an address"}, "insured_name": {"Maria Peña"},
		"p_role": {"technician"}, "p_name": {"Tom Tech"}, "p_email": {""}, "p_phone": {""}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="record-refused"`) || !strings.Contains(body, `value="not an address"`) ||
		!strings.Contains(body, `value="Tom Tech"`) || !strings.Contains(body, `id="record-role-estimator"`) {
		t.Errorf("a bad email: %d, want 400 with the form again holding it, the person typed and every role's row", resp.StatusCode)
	}
}
