package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestMorningPageHoldsAMorningsWork: with more open claims than a morning's
// work, the morning page holds those that need the most and says where
// the rest are, rather than read and print them all.
func TestMorningPageHoldsAMorningsWork(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	for i := range morningClaims + 5 {
		b.addClaim(t, claimSeed{Job: fmt.Sprintf("26-%04d-WTR", i+1), Insured: fmt.Sprintf("Insured %d", i+1),
			Adjuster: "Dana Reyes", AdjusterEmail: "dana@carrier.example"})
	}
	page := b.get(t, "/morning", http.StatusOK)
	shown := map[string]bool{}
	for _, job := range regexp.MustCompile(`26-\d{4}-WTR`).FindAllString(page, -1) {
		shown[job] = true
	}
	if len(shown) != morningClaims {
		t.Errorf("the morning page holds %d claims; want %d", len(shown), morningClaims)
	}
	want := fmt.Sprintf(`This page holds the %d open claims that need the most; <a href="/claims?sort=attention">the claims list, those needing the most first</a>, has the rest.`, morningClaims)
	if !strings.Contains(page, want) {
		t.Errorf("the morning page does not say where the rest are (%q)", want)
	}
}
