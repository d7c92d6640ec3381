package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestClaimsPageShowsCloseSpellingsAfterClaimsAsTyped searches the claims
// list for names as heard on the phone: the claims found as typed come
// first, then, apart and marked as not what was typed, the claims whose
// records spell a word close to it, each with the word it holds and the
// word typed. A list whose claims fill more than a page shows none.
func TestClaimsPageShowsCloseSpellingsAfterClaimsAsTyped(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.addClaim(t, claimSeed{Job: "26-1001-WTR", Insured: "Erik Lindqvist", Address: "12 Maple Ave, Edina, MN 55424"})
	b.addClaim(t, claimSeed{Job: "26-1002-WTR", Insured: "Anna Lindquist", Address: "5 Oak Dr, Edina, MN 55424"})
	b.addClaim(t, claimSeed{Job: "26-1042-WTR", Insured: "Luis Peña", Address: "2106 Fuller St S, Minneapolis, MN 55401"})

	// sections cuts a claims page into its list as typed and its close
	// spellings.
	sections := func(q string) (typed, close string) {
		body := html.UnescapeString(b.get(t, "/claims?"+url.Values{"q": {q}}.Encode(), http.StatusOK))
		typed, close, _ = strings.Cut(body, `<section class="close-claims"`)
		return typed, close
	}
	typed, close := sections("Lindquist")
	if !strings.Contains(typed, ">26-1002-WTR</strong>") || strings.Contains(typed, "26-1001-WTR") {
		t.Errorf("Lindquist: the claims as typed are not Anna Lindquist's alone:\n%s", typed)
	}
	if !strings.Contains(close, "Spelt differently") || !strings.Contains(close, ">26-1001-WTR</strong>") ||
		!strings.Contains(close, `<mark>Lindqvist</mark> <span class="meta">in the insured’s name, not “Lindquist”</span>`) ||
		strings.Contains(close, "26-1002-WTR") {
		t.Errorf("Lindquist: Erik Lindqvist is not shown apart, with the name that matched:\n%s", close)
	}

	typed, close = sections("Pena Fulelr")
	if !strings.Contains(typed, "No claim matches as typed.") || !strings.Contains(typed, "No claim has the word “Fulelr”") {
		t.Errorf("Pena Fulelr: the list does not say nothing matches as typed:\n%s", typed)
	}
	if !strings.Contains(close, ">26-1042-WTR</strong>") || !strings.Contains(close, `<mark>Fuller</mark> <span class="meta">in the loss address, not “Fulelr”</span>`) {
		t.Errorf("Pena Fulelr: Luis Peña on Fuller St is not shown apart:\n%s", close)
	}

	if _, close = sections("Edina"); close != "" {
		t.Errorf("Edina: close spellings shown though no record spells a word close to it:\n%s", close)
	}

	b.addClaim(t, claimSeed{Job: "26-1050-WTR", Insured: "Ole Berg", Address: "3 Mapel Ct, Edina, MN 55424"})
	if _, close = sections("Maple"); !strings.Contains(close, ">26-1050-WTR</strong>") {
		t.Errorf("Maple: the claim on Mapel Ct is not shown apart:\n%s", close)
	}
	for i := range claimsPageSize {
		b.addClaim(t, claimSeed{Job: fmt.Sprintf("26-%04d-STM", 2000+i), Insured: fmt.Sprintf("Owner %d", i),
			Address: fmt.Sprintf("%d Maple Avenue, Edina, MN 55424", 500+i)})
	}
	if _, close = sections("Maple"); close != "" {
		t.Errorf("Maple: close spellings shown below a list of more than a page:\n%s", close)
	}
}
