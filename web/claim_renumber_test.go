package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestClaimRecordSaysHowToRenumberAnOTHJob: a job numbered while its loss
// type was unknown ends in OTH; once the record has a type, its form says
// the number to change it to, and says nothing more once renumbered.
func TestClaimRecordSaysHowToRenumberAnOTHJob(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	id := b.addClaim(t, claimSeed{Job: "26-1001-OTH", Insured: "Cy Young"})
	page := fmt.Sprintf("/claims/%d", id)
	if strings.Contains(b.get(t, page, http.StatusOK), `id="renumber"`) {
		t.Errorf("a claim of no loss type is offered renumbering")
	}
	if resp, body := b.post(t, page+"/record", url.Values{"loss_type": {"supply line leak"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the loss type: %d\n%s", resp.StatusCode, body)
	}
	body := b.get(t, page, http.StatusOK)
	if !strings.Contains(body, `<small class="renumber" id="renumber">This number ends in OTH, from before the loss was known to be Water: to renumber the job, change it to 26-1001-WTR and save.</small>`) {
		t.Errorf("the record form does not say how to renumber: %s", body[strings.Index(body, `name="job_number"`):][:600])
	}
	if resp, body := b.post(t, page+"/record", url.Values{"job_number": {"26-1001-WTR"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("renumber: %d\n%s", resp.StatusCode, body)
	}
	if strings.Contains(b.get(t, page, http.StatusOK), `id="renumber"`) {
		t.Errorf("a renumbered claim is still offered renumbering")
	}
}
