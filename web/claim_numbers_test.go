package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/claimdesk/claimdesk/classify"
)

// TestClaimsPeopleMakeQueueMailNamingThem leaves in triage a message that
// names a number no claim had, and another naming a number nobody makes.
// Each way a person makes a claim or corrects its number (the new-claim
// form, the API, a claims import, the record form) queues the first to be
// matched again, as the pipeline does for the claims it makes, and leaves
// the other alone.
func TestClaimsPeopleMakeQueueMailNamingThem(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, number string
		make         func(t *testing.T, b *pageBundle, api *apiBundle, number string)
	}{
		{"new-claim form", "60-8H77-8H5", func(t *testing.T, b *pageBundle, _ *apiBundle, number string) {
			// The message the claim is made from names the number too: it
			// is filed, not matched again.
			from := b.waitingFor(t, number)
			resp, body := b.post(t, fmt.Sprintf("/messages/%d/claim", from), url.Values{"claim_number": {number}, "loss_type": {"Water"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("new claim: %d\n%s", resp.StatusCode, body)
			}
			if n := b.rematchJobs(t, from); n != 0 {
				t.Errorf("the message filed into the new claim: %d rematches queued; want none", n)
			}
		}},
		{"new-claim page", "60-8H77-8H5", func(t *testing.T, b *pageBundle, _ *apiBundle, number string) {
			if resp, body := b.post(t, "/claims", url.Values{"claim_number": {number}, "insured_name": {"Ann Smith"}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("new claim: %d\n%s", resp.StatusCode, body)
			}
		}},
		{"API", "60-8H77-8H5", func(t *testing.T, _ *pageBundle, api *apiBundle, number string) {
			if resp, body := api.call(t, "POST", "/api/claims", map[string]any{"claim_number": number, "loss_type": "Water"}, nil); resp.StatusCode != http.StatusCreated {
				t.Fatalf("create: %d %s", resp.StatusCode, body)
			}
		}},
		{"import", "26-1401-WTR", func(t *testing.T, _ *pageBundle, api *apiBundle, number string) {
			csv := "job_number,claim_number,loss_type\n" + number + ",60-8H77-8H5,Water\n"
			if resp, body := api.call(t, "POST", "/api/claims/import", csv, http.Header{"Content-Type": {"text/csv"}}); resp.StatusCode != http.StatusOK {
				t.Fatalf("import: %d %s", resp.StatusCode, body)
			}
		}},
		{"API edit", "60-8H77-8H5", func(t *testing.T, b *pageBundle, api *apiBundle, number string) {
			id := b.addClaim(t, claimSeed{Job: "26-0001-WTR", Number: "60-8H77-8H6"})
			if resp, body := api.call(t, "PATCH", fmt.Sprintf("/api/claims/%d", id), map[string]any{"claim_number": number}, nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("edit: %d %s", resp.StatusCode, body)
			}
		}},
		{"record form", "60-8H77-8H5", func(t *testing.T, b *pageBundle, _ *apiBundle, number string) {
			id := b.addClaim(t, claimSeed{Job: "26-0001-WTR", Number: "60-8H77-8H6"})
			resp, body := b.post(t, fmt.Sprintf("/claims/%d/record", id), url.Values{"claim_number": {number}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("record: %d\n%s", resp.StatusCode, body)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setupPages(t)
			api := &apiBundle{office: b.office, token: b.apiToken(t)}
			waiting := b.waitingFor(t, tc.number)
			other := b.waitingFor(t, "99-9999-999")
			tc.make(t, b, api, tc.number)
			if n := b.rematchJobs(t, waiting); n != 1 {
				t.Errorf("mail naming %s: %d rematches queued; want 1", tc.number, n)
			}
			if n := b.rematchJobs(t, other); n != 0 {
				t.Errorf("mail naming a number no claim has: %d rematches queued; want none", n)
			}
		})
	}
}

// waitingFor stores a message in triage as classification leaves one
// naming number when no claim has it.
func (b *pageBundle) waitingFor(t *testing.T, number string) int64 {
	t.Helper()
	id := b.addMessage(t, msgSeed{Subject: "Photos for " + number, Status: "triage"})
	if _, err := b.sql.Exec(context.Background(), `UPDATE messages SET unknown_ids = ARRAY[$2] WHERE id = $1`,
		id, classify.Normalize(number)); err != nil {
		t.Fatal(err)
	}
	return id
}

// apiToken makes an API token of the bundle's office.
func (b *pageBundle) apiToken(t *testing.T) string {
	t.Helper()
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(context.Background(), "claims script", hash, 0, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	return token
}
