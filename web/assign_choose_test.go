package web

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestFilingByNameAsksWhichClaim types the insured's name in triage's
// filing box, as a coordinator on a phone does: the page lists the claims
// whose records hold it, files nothing by itself, and files into the one
// chosen.
func TestFilingByNameAsksWhichClaim(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	lind := b.addClaim(t, claimSeed{Job: "26-2104-WTR", Number: "CLM-5512", Insured: "Gretchen Lindqvist", Address: "88 Lakeview Terrace"})
	other := b.addClaim(t, claimSeed{Job: "26-2105-WTR", Number: "CLM-5513", Insured: "Pete Lindqvist", Address: "4 Oak St"})
	b.addClaim(t, claimSeed{Job: "26-2106-WTR", Number: "CLM-5514", Insured: "Ruth Sandoval", Address: "812 Maple St"})
	msg := b.addMessage(t, msgSeed{Subject: "Your copy - Certificate of Satisfaction", Status: "triage"})

	resp, body := b.post(t, fmt.Sprintf("/messages/%d/assign", msg), url.Values{"claim": {"Lindqvist"}, "next": {"/triage"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("filing by name: %d, want the page that asks which claim\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{"File into which claim?", "Your copy - Certificate of Satisfaction", "File to 26-2104-WTR", "Gretchen Lindqvist",
		"88 Lakeview Terrace", "File to 26-2105-WTR", fmt.Sprintf(`name="claim_id" value="%d"`, lind), `name="next" value="/triage"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(body, "26-2106-WTR") {
		t.Errorf("the page offers a claim whose record does not hold the name")
	}
	var status string
	b.query(t, `SELECT status FROM messages WHERE id = $1`, []any{msg}, &status)
	if status != "triage" {
		t.Fatalf("a name alone filed the message: %s", status)
	}
	resp, _ = b.post(t, fmt.Sprintf("/messages/%d/assign", msg), url.Values{"claim_id": {fmt.Sprint(lind)}, "next": {"/triage"}})
	back := fmt.Sprintf("/triage?filed=%d", msg)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != back {
		t.Fatalf("filing the one chosen: %d to %q, want %q", resp.StatusCode, resp.Header.Get("Location"), back)
	}
	note := section(t, b.get(t, back, http.StatusOK), `id="filed-note"`, "</p>")
	if !strings.Contains(note, "Your copy - Certificate of Satisfaction") || !strings.Contains(note, fmt.Sprintf(`href="/claims/%d">26-2104-WTR</a> (Gretchen Lindqvist)`, lind)) {
		t.Errorf("triage does not say where the message went: %s", note)
	}
	var claimID int64
	b.query(t, `SELECT claim_id FROM messages WHERE id = $1`, []any{msg}, &claimID)
	if claimID != lind {
		t.Errorf("filed to claim %d, want %d (not %d)", claimID, lind, other)
	}
}

// TestBrowserFilingByNameOnAPhone types an insured's name in triage's box
// at a phone's width and a desktop's: the page that asks which claim fits,
// its buttons are big enough for a thumb, and one of them files.
func TestBrowserFilingByNameOnAPhone(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	lind := b.addClaim(t, claimSeed{Job: "26-2104-WTR", Number: "CLM-5512", Insured: "Gretchen Lindqvist",
		Address: "88 Lakeview Terrace, Apartment 12B, Worthington Heights, MN 55123"})
	b.addClaim(t, claimSeed{Job: "26-2105-WTR", Number: "CLM-5513", Insured: "Pete Lindqvist", Address: "4 Oak St"})
	msg := b.addMessage(t, msgSeed{Subject: "Your copy - Certificate of Satisfaction for the Lindqvist water job", Status: "triage"})
	dir := os.Getenv("CLAIMDESK_SCREENSHOTS")
	br := newBrowser(t, b)
	box := fmt.Sprintf(`#triage-%d form.assign-form`, msg)
	for _, v := range layoutViewports {
		br.emulate(v)
		br.openSettled("/triage")
		br.step("type the name and file", chromedp.SendKeys(chromedp.CSS(box+` input[name="claim"]`), "Lindqvist"),
			chromedp.Click(chromedp.CSS(box+` button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(`#choices-h`)))
		if over := br.overflow(v); over > 0 {
			t.Errorf("the page that asks which claim is %v px too wide at %s width: %v", over, v.name, eval[[]string](br, fmt.Sprintf(tooWide, v.width)))
		}
		if small := eval[[]string](br, smallTargets); v.phone && len(small) > 0 {
			t.Errorf("the page that asks which claim, on a phone: controls under 44px high: %v", small)
		}
		br.screenshot(dir, "assign-choose-"+v.name)
	}
	br.step("file to Gretchen's claim", chromedp.Click(chromedp.CSS(fmt.Sprintf(`form:has(input[name="claim_id"][value="%d"]) button`, lind))),
		chromedp.WaitVisible(chromedp.CSS(`#filed-note`)))
	var claimID *int64
	b.query(t, `SELECT claim_id FROM messages WHERE id = $1`, []any{msg}, &claimID)
	if claimID == nil || *claimID != lind {
		t.Errorf("filed to %v, want %d", claimID, lind)
	}
}

// TestClaimFromMessageLikeAnOpenOne makes a claim from an assignment for
// a loss the office has open: the page offers that claim to file the
// message into, and makes the new one only when asked to anyway, with the
// fields as typed.
func TestClaimFromMessageLikeAnOpenOne(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	open := b.addClaim(t, claimSeed{Job: "26-2106-WTR", Number: "CLM-1", Insured: "Ruth Sandoval", Address: "812 Maple St, Anoka, MN 55303"})
	b.addClaim(t, claimSeed{Job: "26-2107-WTR", Number: "CLM-2", Insured: "Ann Becker", Address: "814 Maple St, Anoka, MN 55303"})
	id := b.addMessage(t, msgSeed{Subject: "New assignment: Sandoval", Status: "triage"})
	form := url.Values{"claim_number": {"LA-77"}, "insured_name": {"Ruth Sandóval"}, "loss_address": {"812 Maple Street"}, "loss_type": {"Water"}}
	resp, body := b.post(t, fmt.Sprintf("/messages/%d/claim", id), form)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("an assignment like an open claim: %d, want the page that offers it\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{"An open claim already looks like this loss", "File to 26-2106-WTR", fmt.Sprintf(`name="claim_id" value="%d"`, open),
		`name="anyway" value="1"`, `name="insured_name" value="Ruth Sandóval"`, `name="claim_number" value="LA-77"`, "Make the new claim anyway"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(body, "26-2107-WTR") {
		t.Errorf("the page offers the neighbour's claim")
	}
	var claims int
	b.query(t, `SELECT count(*) FROM claims`, nil, &claims)
	if claims != 2 {
		t.Fatalf("%d claims after the question, want the two there were", claims)
	}
	form.Set("anyway", "1")
	resp, _ = b.post(t, fmt.Sprintf("/messages/%d/claim", id), form)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/claims/") {
		t.Fatalf("made anyway: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	b.query(t, `SELECT count(*) FROM claims`, nil, &claims)
	if claims != 3 {
		t.Errorf("%d claims once made anyway, want 3", claims)
	}
}
