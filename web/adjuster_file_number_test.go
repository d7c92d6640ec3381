package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAPIClaimAdjusterFileNumber posts, reads, changes and clears the
// adjusting firm's file number of a claim: null while unknown.
func TestAPIClaimAdjusterFileNumber(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	in := fullClaim()
	in["adjuster_file_number"] = "FP-7731"
	resp, body := b.call(t, "POST", "/api/claims", in, nil)
	if resp.StatusCode != http.StatusCreated || decodeClaim(t, body)["adjuster_file_number"] != "FP-7731" {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	path := claimPath(int64(decodeClaim(t, body)["id"].(float64)))
	resp, body = b.call(t, "PATCH", path, map[string]any{"adjuster_file_number": "IA-22-0193"}, nil)
	if resp.StatusCode != http.StatusOK || decodeClaim(t, body)["adjuster_file_number"] != "IA-22-0193" {
		t.Errorf("changed: %d %s", resp.StatusCode, body)
	}
	resp, body = b.call(t, "PATCH", path, map[string]any{"adjuster_file_number": nil}, nil)
	got := decodeClaim(t, body)
	if v, ok := got["adjuster_file_number"]; resp.StatusCode != http.StatusOK || !ok || v != nil {
		t.Errorf("cleared: %d, adjuster_file_number %v (present %v), want null", resp.StatusCode, v, ok)
	}
}

// TestRecordFormAdjusterFileNumber types the adjusting firm's file number
// on a claim's record: the claim keeps it and its page shows it in words.
func TestRecordFormAdjusterFileNumber(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	id := b.addClaim(t, claimSeed{Job: "26-2644-WTR", Number: "054419283017", Insured: "Brian O'Neal"})
	resp, body := b.post(t, fmt.Sprintf("/claims/%d/record", id), url.Values{"adjuster_file_number": {"PCS-GA-26-44817"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", resp.StatusCode, body)
	}
	body = b.get(t, fmt.Sprintf("/claims/%d", id), http.StatusOK)
	c, err := b.db.GetClaim(t.Context(), id)
	if err != nil || c.AdjusterFileNumber != "PCS-GA-26-44817" {
		t.Fatalf("after the save: %q (%v)", c.AdjusterFileNumber, err)
	}
	for _, want := range []string{"<dt>Adjuster's file number</dt><dd>PCS-GA-26-44817</dd>", `name="adjuster_file_number"`,
		"Adjuster&#39;s file number"} {
		if !strings.Contains(body, want) {
			t.Errorf("the claim page lacks %q", want)
		}
	}
}
