package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestSignatureVerifiedTakenBack: a coordinator taps "Mark signature
// verified" on the wrong form. The form offers Undo in its place, which
// puts it back to be checked, and the claim's history keeps both, with
// who and when. Undo twice changes nothing more.
func TestSignatureVerifiedTakenBack(t *testing.T) {
	t.Parallel()
	b := setupPagesAt(t, time.Now().UTC().Truncate(24*time.Hour).Add(12*time.Hour))
	claim := b.addClaim(t, claimSeed{Job: "26-1101-WTR", Number: "60-8H77-8H5", Insured: "Ellen Ripley"})
	form := b.addDocument(t, claim, docSeed{Filename: "ATP Ripley.pdf", ContentType: "application/pdf", DocType: "atp",
		Folder: "Contracts", Data: []byte("%PDF-1.4 atp")})
	page := fmt.Sprintf("/claims/%d", claim)
	if resp, _ := b.post(t, fmt.Sprintf("/documents/%d/verify", form), url.Values{"next": {page}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("verify: %d", resp.StatusCode)
	}
	doc := section(t, b.get(t, page, http.StatusOK), fmt.Sprintf(`id="doc-%d"`, form), "</li>")
	undo := fmt.Sprintf(`action="/documents/%d/unverify"`, form)
	if !strings.Contains(doc, "✓ signature verified by Test dana@office.example") || !strings.Contains(doc, undo) {
		t.Fatalf("a verified form offers no Undo:\n%s", doc)
	}
	if strings.Contains(doc, "Mark signature verified") {
		t.Errorf("a verified form offers to verify it again:\n%s", doc)
	}

	b.clock.Advance(3 * time.Minute)
	for range 2 { // the second is a tap on a page left open: nothing more
		if resp, body := b.post(t, fmt.Sprintf("/documents/%d/unverify", form), url.Values{"next": {page}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("undo: %d %s", resp.StatusCode, body)
		}
	}
	var verified *time.Time
	var by string
	b.query(t, `SELECT verified_at, verified_by FROM documents WHERE id = $1`, []any{form}, &verified, &by)
	if verified != nil || by != "" {
		t.Errorf("after Undo the form is verified %v by %q, want not checked", verified, by)
	}
	body := b.get(t, page, http.StatusOK)
	doc = section(t, body, fmt.Sprintf(`id="doc-%d"`, form), "</li>")
	if !strings.Contains(doc, "Mark signature verified") || strings.Contains(doc, undo) || strings.Contains(doc, "✓ signature verified") {
		t.Errorf("after Undo the form is not back to be checked:\n%s", doc)
	}
	history := section(t, body, `id="history"`, "</section>")
	for _, want := range []string{
		"<strong>Signature check of ATP Ripley.pdf</strong>",
		`<span class="old">not checked</span> → <span class="new">verified</span>`,
		`<span class="old">verified</span> → <span class="new">not checked</span>`,
		"dana@office.example", iso(b.clock.Now()),
	} {
		if !strings.Contains(history, want) {
			t.Errorf("the history lacks %q:\n%s", want, history)
		}
	}
	if n := strings.Count(history, "Signature check of"); n != 2 {
		t.Errorf("%d signature rows in the history, want the check and its Undo", n)
	}
}
