package sla

import (
	"strings"
	"testing"
	"time"
)

func TestParseRules(t *testing.T) {
	r, err := ParseRules("")
	if err != nil || r != DefaultRules() {
		t.Fatalf("empty: %+v, %v; want the defaults", r, err)
	}
	r, err = ParseRules("first_docs=48h/6h; chase=1-2, billing=8-10")
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultRules()
	want.FirstDocs, want.FirstDocsWarn = 48*time.Hour, 6*time.Hour
	want.Chase, want.Billing = Window{Warn: 1, Due: 2}, Window{Warn: 8, Due: 10}
	if r != want {
		t.Errorf("got %+v, want %+v", r, want)
	}
	for spec, wantErr := range map[string]string{
		"chase=3":          "chase: want warn-due",
		"paperwork=5-4":    "warning on day 5 comes after the deadline on day 4",
		"painting=1-2":     "unknown milestone",
		"first_docs=soon":  "first_docs: want a deadline",
		"billing":          "want name=value",
		"first_docs=2h/4h": "warning 4h0m0s is longer than the deadline 2h0m0s",
	} {
		if _, err := ParseRules(spec); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%q: %v, want an error containing %q", spec, err, wantErr)
		}
	}
}

// An office's milestone setting changes what it names and keeps the
// configured deadlines of the others.
func TestParseRulesOver(t *testing.T) {
	base, err := ParseRules("chase=1-2; billing=8-10")
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseRulesOver(base, "billing=5-6")
	if err != nil {
		t.Fatal(err)
	}
	want := base
	want.Billing = Window{Warn: 5, Due: 6}
	if r != want {
		t.Errorf("got %+v, want %+v", r, want)
	}
	if r, err := ParseRulesOver(Rules{}, ""); err != nil || r != DefaultRules() {
		t.Errorf("empty over the zero rules: %+v, %v; want the defaults", r, err)
	}
	if _, err := ParseRulesOver(base, "chase=3"); err == nil || !strings.Contains(err.Error(), "chase: want warn-due") {
		t.Errorf("bad spec: %v", err)
	}
}

// Rules written out read back as the same rules.
func TestRulesStringReadsBack(t *testing.T) {
	for _, spec := range []string{"", "first_docs=48h/90m; chase=1-2; billing=8-10", "first_docs=36h30m/4h"} {
		r, err := ParseRules(spec)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseRules(r.String())
		if err != nil || back != r {
			t.Errorf("%q: written %q, read back %+v, %v; want %+v", spec, r.String(), back, err, r)
		}
	}
	if got := DefaultRules().String(); got != "first_docs=24h/4h; chase=2-3; paperwork=3-4; billing=4-10; lab_report=3-5" {
		t.Errorf("defaults written %q", got)
	}
}
