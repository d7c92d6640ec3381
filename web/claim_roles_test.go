package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestRolesReadAsWords opens a claim whose people have roles of two words,
// and the office's people list: every page names each role in words
// ("Referred by", never referred_by), and lists people in the order the
// roles are defined (foreman first, referred by last), not by the keys'
// alphabet; the API keeps the keys.
func TestRolesReadAsWords(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := t.Context()
	id := b.addClaim(t, claimSeed{Job: "26-1801-WTR", Number: "60-8H77-8H5", Insured: "Gretchen Lindqvist"})
	ps := []storage.ClaimParticipant{
		{Role: "referred_by", Name: "Dr. Pena Plumbing", Phone: "651-555-0199"},
		{Role: "technician", Name: "Luis Ortega"},
		{Role: "coordinator", Name: "Beth Lund"},
		{Role: "insurance_company", Name: "Northstar Mutual"},
		{Role: "foreman", Name: "Maria Delgado"},
	}
	if _, err := b.db.UpdateClaim(ctx, id, storage.ClaimPatch{Participants: &ps}, "dana@office.example"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []storage.Person{
		{Role: "referred_by", Name: "Dr. Pena Plumbing", Phone: "651-555-0199"},
		{Role: "estimator", Name: "Sam Whitaker"},
		{Role: "foreman", Name: "Maria Delgado", Phone: "612-555-0103"},
	} {
		p.OfficeID = storage.DefaultOfficeID
		if _, err := b.db.SavePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}

	body := b.get(t, fmt.Sprintf("/claims/%d", id), http.StatusOK)
	if !inOrder(body, `<span class="role">Foreman</span> Maria Delgado`, `<span class="role">Coordinator</span> Beth Lund`,
		`<span class="role">Technician</span> Luis Ortega`, `<span class="role">Insurance company</span> Northstar Mutual`,
		`<span class="role">Referred by</span> Dr. Pena Plumbing`) {
		t.Errorf("the claim's people are not named in words in the roles' order:\n%s", pageFrom(body, `<ul class="people">`))
	}
	if !inOrder(body, `<option value="Maria Delgado">Foreman · 612-555-0103</option>`, `<option value="Sam Whitaker">Estimator</option>`,
		`<option value="Dr. Pena Plumbing">Referred by · 651-555-0199</option>`) {
		t.Errorf("the people picker does not name roles in words in their order:\n%s", pageFrom(body, `id="people-names"`))
	}
	// The history keeps the change as stored, and shows it in words.
	if !strings.Contains(body, "Referred by: Dr. Pena Plumbing 651-555-0199") {
		t.Errorf("the history names a role by its key:\n%s", pageFrom(body, `id="history"`))
	}
	for _, key := range []string{"referred_by", "insurance_company", "REFERRED_BY"} {
		for _, l := range strings.Split(body, "\n") {
			// Form values are the keys the form posts back.
			if strings.Contains(l, key) && !strings.Contains(l, `value="`+key+`"`) {
				t.Errorf("the claim page shows the key %s: %s", key, strings.TrimSpace(l))
			}
		}
	}

	people := b.get(t, "/settings/people", http.StatusOK)
	if !inOrder(people, "Maria Delgado</strong> <span class=\"tag\">Foreman</span>", "Sam Whitaker</strong> <span class=\"tag\">Estimator</span>",
		"Dr. Pena Plumbing</strong> <span class=\"tag\">Referred by</span>") {
		t.Errorf("the people list is not in the roles' order, in words:\n%s", pageFrom(people, `class="rows people-list"`))
	}
	var roles []string
	stored, err := b.db.ParticipantsOfClaims(ctx, []int64{id})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range stored[id] {
		roles = append(roles, p.Role)
	}
	if got := strings.Join(roles, ","); got != "foreman,coordinator,technician,insurance_company,referred_by" {
		t.Errorf("participants in the order %s", got)
	}
}

// pageFrom is the part of a page from the first occurrence of marker, for
// a failure's message.
func pageFrom(body, marker string) string {
	i := strings.Index(body, marker)
	if i < 0 {
		return "(no " + marker + ")"
	}
	return body[i:min(len(body), i+1500)]
}
