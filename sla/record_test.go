package sla

import (
	"slices"
	"testing"
)

func TestParseRequiredFields(t *testing.T) {
	got, err := ParseRequiredFields(" Insured_Name, foreman,,cat, foreman ")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"insured_name", "foreman", "cat"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := ParseRequiredFields("insured_nmae"); err == nil {
		t.Error("a misspelt field was accepted")
	}
	if _, err := ParseRequiredFields(DefaultRequiredFields); err != nil {
		t.Errorf("the default: %v", err)
	}
}

func TestMissingFields(t *testing.T) {
	required := []string{"insured_name", "cat", "foreman", "class"}
	filled := map[string]bool{"insured_name": true, "class": true}
	has := func(f string) bool { return filled[f] }
	if got, want := MissingFields(required, has, false), []string{"foreman"}; !slices.Equal(got, want) {
		t.Errorf("before the scope: got %q, want %q", got, want)
	}
	if got, want := MissingFields(required, has, true), []string{"cat", "foreman"}; !slices.Equal(got, want) {
		t.Errorf("with the scope: got %q, want %q", got, want)
	}
}
