package main

import (
	"context"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// TestConfigCheckReportsEveryMistakeAtOnce: an office manager's settings
// with several mistakes are refused with every one of them, each on a line
// of its own under its own variable, a wrong time zone hiding none of the
// others; holidays written with the month's name are taken.
func TestConfigCheckReportsEveryMistakeAtOnce(t *testing.T) {
	env := map[string]string{
		"CLAIMDESK_DATA_DIR":       t.TempDir(),
		"CLAIMDESK_TIMEZONE":       "America/Chicgo",
		"CLAIMDESK_BUSINESS_HOURS": "mon-fri 18:00-08:00",
		"CLAIMDESK_HOLIDAYS":       "Dec 25, Jan 1st, 12/24, Thanksgiving",
	}
	var stdout, stderr testenv.Buffer
	code := run(context.Background(), []string{"serve", "--http-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, &stdout, &stderr)
	if code == 0 {
		t.Fatal("serve started with wrong settings")
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(stderr.String(), "claimdesk: ")), "\n")
	want := []string{
		`CLAIMDESK_TIMEZONE: unknown time zone "America/Chicgo"`,
		`CLAIMDESK_BUSINESS_HOURS: `,
		`CLAIMDESK_HOLIDAYS: holidays "12/24": not a date: slashes can be read as month/day or as day/month`,
		`CLAIMDESK_HOLIDAYS: holidays "Thanksgiving": not a date: want 2026-12-25 or Dec 25 2026 (that day)`,
	}
	if len(lines) != len(want) {
		t.Errorf("%d lines, want %d, one per mistake:\n%s", len(lines), len(want), stderr.String())
	}
	for _, w := range want {
		found := false
		for _, l := range lines {
			found = found || strings.HasPrefix(l, w)
		}
		if !found {
			t.Errorf("no line starting %q in:\n%s", w, stderr.String())
		}
	}
}
