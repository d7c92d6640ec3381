package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/storage"
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

// TestNewClaimFormAdjusterFileNumber opens the new-claim form from a
// firm's first report naming its file number: the form has it filled in,
// and the claim made, from the mail or on /claims/new, keeps it.
func TestNewClaimFormAdjusterFileNumber(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	id := b.addMessage(t, msgSeed{Subject: "New loss for you - Banks", Status: "triage", Decision: classify.Decision{
		Outcome: classify.OutcomeTriage, Reason: "an assignment for an unknown claim",
		Assignment: &classify.Assignment{ClaimNumber: "054419377206", Carrier: "Safeco", InsuredName: "Gloria Banks",
			FileNumber: "PCS-GA-26-45102"},
	}})
	form := html.UnescapeString(b.get(t, fmt.Sprintf("/messages/%d/claim", id), http.StatusOK))
	if want := `name="adjuster_file_number" value="PCS-GA-26-45102"`; !strings.Contains(form, want) {
		t.Errorf("the form from the mail lacks %q", want)
	}
	if form := b.get(t, "/claims/new", http.StatusOK); !strings.Contains(form, `name="adjuster_file_number" value=""`) {
		t.Error("the new-claim form has no field for the adjuster's file number")
	}
	for path, in := range map[string]url.Values{
		fmt.Sprintf("/messages/%d/claim", id): {"claim_number": {"054419377206"}, "insured_name": {"Gloria Banks"},
			"adjuster_file_number": {"PCS-GA-26-45102"}},
		"/claims": {"claim_number": {"0683449786"}, "insured_name": {"Ana Ruiz"}, "adjuster_file_number": {"FP-7731"}},
	} {
		resp, body := b.post(t, path, in)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create at %s: %d\n%s", path, resp.StatusCode, body)
		}
		var file string
		b.query(t, `SELECT coalesce(adjuster_file_number, '') FROM claims WHERE claim_number = $1`, []any{in.Get("claim_number")}, &file)
		if file != in.Get("adjuster_file_number") {
			t.Errorf("the claim made at %s keeps file number %q, want %q", path, file, in.Get("adjuster_file_number"))
		}
	}
}

// TestClaimPacketCoverAdjusterFileNumber prints the adjusting firm's file
// number on the packet's cover, the carrier's copy and the office's, with
// the adjuster, so that the firm finds its own file by it.
func TestClaimPacketCoverAdjusterFileNumber(t *testing.T) {
	t.Parallel()
	b := setupAPI(t)
	id := b.addClaim(t, storage.Claim{JobNumber: "26-2644-WTR", ClaimNumber: "054419283017", Carrier: "Safeco",
		InsuredName: "Brian ONeal", AdjusterName: "Dana Whitfield", AdjusterFileNumber: "PCS-GA-26-44817"})
	for copyFor, cover := range map[string]string{"carrier": "26-2644-WTR ONeal - summary.pdf", "office": "claim.pdf"} {
		resp, body := b.call(t, "GET", fmt.Sprintf("/api/claims/%d/packet.zip?for=%s", id, copyFor), nil, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the %s's packet: %d %s", copyFor, resp.StatusCode, body)
		}
		files, names := unzip(t, body)
		if _, ok := files[cover]; !ok {
			t.Fatalf("the %s's packet has no %s: %q", copyFor, cover, names)
		}
		text := pdftest.CheckedText(t, cover, files[cover])
		if !strings.Contains(text, "Adjuster's file number PCS-GA-26-44817") {
			t.Errorf("the %s's cover lacks the adjuster's file number:\n%s", copyFor, text)
		}
	}
}

// TestSearchAdjusterFileNumber finds a claim by the adjusting firm's file
// number in the search at the top, its API and the claims list, each
// showing the number.
func TestSearchAdjusterFileNumber(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	id := b.addClaim(t, claimSeed{Job: "26-2644-WTR", Number: "054419283017", Insured: "Brian O'Neal", Adjuster: "Dana Whitfield"})
	b.addClaim(t, claimSeed{Job: "26-2650-WTR", Number: "054419283555", Insured: "Carla Neely", Adjuster: "Dana Whitfield"})
	if _, err := b.db.UpdateClaim(t.Context(), id, storage.ClaimPatch{Fields: map[string]string{"adjuster_file_number": "PCS-GA-26-44817"}}, ""); err != nil {
		t.Fatal(err)
	}
	const shown = "adjuster's file PCS-GA-26-44817"
	// As read: the search marks the words typed where it found them.
	read := strings.NewReplacer("<mark>", "", "</mark>", "")
	page := read.Replace(html.UnescapeString(b.get(t, "/search?q=pcs+ga+26+44817", http.StatusOK)))
	if !strings.Contains(page, fmt.Sprintf(`href="/claims/%d"`, id)) || !strings.Contains(page, shown) || strings.Contains(page, "Neely") {
		t.Errorf("the search page does not find the claim by its file number alone, saying it:\n%s", page)
	}
	api := b.get(t, "/api/search?q=PCSGA2644817", http.StatusOK)
	if !strings.Contains(api, fmt.Sprintf(`"kind":"claim","id":%d`, id)) || !strings.Contains(api, "adjuster's file PCS-GA-26-44817") {
		t.Errorf("/api/search does not find the claim by its file number, saying it: %s", api)
	}
	list := html.UnescapeString(b.get(t, "/claims?q=PCS-GA-26-44817", http.StatusOK))
	if !strings.Contains(list, fmt.Sprintf(`href="/claims/%d"`, id)) || !strings.Contains(list, `adjuster's file <span class="nowrap">PCS-GA-26-44817</span>`) ||
		strings.Contains(list, "Neely") {
		t.Errorf("the claims list does not find the claim by its file number alone, saying it:\n%s", list)
	}
}
