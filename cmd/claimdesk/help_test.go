package main

import (
	"bytes"
	"strings"
	"testing"
)

// claimdesk --help gives each setting's value when unset, as a command's
// own help does (where the dashboard listens, the answer target), and
// keeps the flags in one column however long a variable's name.
func TestHelpGivesDefaults(t *testing.T) {
	t.Parallel()
	var out, errs bytes.Buffer
	if code := run(t.Context(), []string{"--help"}, func(string) string { return "" }, &out, &errs); code != 0 {
		t.Fatalf("claimdesk --help: exit %d: %s", code, errs.String())
	}
	lines := map[string]string{}
	column := map[int][]string{}
	for _, l := range strings.Split(out.String(), "\n") {
		if name, _, ok := strings.Cut(strings.TrimSpace(l), " "); ok && strings.HasPrefix(name, "CLAIMDESK_") {
			lines[name] = l
			at := strings.Index(l, " --")
			column[at] = append(column[at], name)
		}
	}
	for name, want := range map[string]string{
		"CLAIMDESK_HTTP_ADDR":      "(default 127.0.0.1:8080)",
		"CLAIMDESK_ACK_MINUTES":    "(default 30)",
		"CLAIMDESK_BUSINESS_HOURS": "(default mon-fri 08:00-18:00)",
	} {
		if !strings.HasSuffix(lines[name], want) {
			t.Errorf("%s's help does not end with %s:\n%s", name, want, lines[name])
		}
	}
	if strings.Contains(lines["CLAIMDESK_DATABASE_URL"], "(default") {
		t.Errorf("a setting with no default names one:\n%s", lines["CLAIMDESK_DATABASE_URL"])
	}
	if len(column) != 1 {
		t.Errorf("the flags start at %d places: %v", len(column), column)
	}
}
