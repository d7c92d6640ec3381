package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestWarnTimeZoneOnlyWhenUnsetAndUTC(t *testing.T) {
	t.Parallel()
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 4, 22, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		set   bool
		local *time.Location
		warn  bool
	}{
		{"unset, UTC", false, time.UTC, true},
		{"unset, fixed zero offset", false, time.FixedZone("UTC", 0), true},
		{"set, UTC", true, time.UTC, false},
		{"unset, Chicago", false, chicago, false},
		{"unset, London (UTC in winter only)", false, london, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(slog.NewTextHandler(&buf, nil))
			warnTimeZone(log, tc.set, tc.local, now)
			got := strings.Count(buf.String(), "level=WARN")
			want := 0
			if tc.warn {
				want = 1
			}
			if got != want || (tc.warn && !strings.Contains(buf.String(), "CLAIMDESK_TIMEZONE")) {
				t.Errorf("logged %d warnings, want %d:\n%s", got, want, buf.String())
			}
		})
	}
}
