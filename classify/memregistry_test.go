package classify

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestMemRegistry(t *testing.T) {
	t.Parallel()
	r := NewMemRegistry(Claim{JobNumber: "26-1001-WTR", ClaimNumber: "60-8H77-8H5", PolicyNumber: "P1", Open: true},
		Claim{ID: 10, JobNumber: "26-1002-WTR", ClaimNumber: "0683449786", PolicyNumber: "P1"})
	if got := r.ByClaimNumber(Normalize("60 8h77 8h5")); len(got) != 1 || got[0].ID != 1 {
		t.Errorf("ByClaimNumber: %+v", got)
	}
	if got := r.ByJobNumber(Normalize("26-1002-wtr")); len(got) != 1 || got[0].ID != 10 {
		t.Errorf("ByJobNumber: %+v", got)
	}
	if got := r.ByPolicyNumber("P1"); len(got) != 2 {
		t.Errorf("ByPolicyNumber: %+v", got)
	}
	if got := r.ByClaimNumber(""); got != nil {
		t.Errorf("empty lookup: %+v", got)
	}
	if got := r.OpenClaims(); len(got) != 1 || got[0].ID != 1 {
		t.Errorf("OpenClaims: %+v", got)
	}
	r.FileMessage("<a@x.example>", 10)
	r.FileMessage(" b@x.example ", 1)
	if got := r.ByThread([]string{"a@x.example", "<b@x.example>", "<nope@x>"}); len(got) != 2 {
		t.Errorf("ByThread: %+v", got)
	}
	// Two different messages under one Message-ID, filed to two claims, as
	// the pipeline's registry sees them: a reply to it points at both.
	r.FileMessage("<scan@mfp.example>", 10)
	r.FileMessage("<scan@mfp.example>", 1)
	if got := r.ByThread([]string{"<scan@mfp.example>"}); len(got) != 2 {
		t.Errorf("ByThread of a shared Message-ID: %+v, want both claims", got)
	}
	c := r.Add(Claim{})
	if c.ID != 11 {
		t.Errorf("new ID %d, want 11", c.ID)
	}
	r.Add(Claim{ID: 10, ClaimNumber: "0683449786", Open: true})
	if got, _ := r.Claim(10); !got.Open || len(r.Claims()) != 3 {
		t.Errorf("replace by ID: %+v, %d claims", got, len(r.Claims()))
	}
}

func TestDecisionJSON(t *testing.T) {
	t.Parallel()
	d := MatchClaim(&Message{From: addr("someone@gmail.example"), Subject: "hello"}, testRegistry(t), testConfig())
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"outcome":"triage"`, `"evidence":[]`, `"reason":`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("missing %s in %s", want, b)
		}
	}
}
