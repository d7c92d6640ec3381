package web

import (
	"testing"
	"time"
)

// TestWallTime reads times typed on an office's clock around its moves,
// west and east of Greenwich: a skipped time is read on the clock before
// the move, a time shown twice is the first, any other is as typed.
func TestWallTime(t *testing.T) {
	t.Parallel()
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	la, berlin := zone("America/Los_Angeles"), zone("Europe/Berlin")
	for _, tc := range []struct {
		v    string
		loc  *time.Location
		want string // in UTC
	}{
		{"2026-03-08T02:30", la, "2026-03-08T10:30:00Z"},
		{"2026-03-08T01:59", la, "2026-03-08T09:59:00Z"},
		{"2026-03-08T03:00", la, "2026-03-08T10:00:00Z"},
		{"2026-03-08T10:00", la, "2026-03-08T17:00:00Z"},
		{"2026-11-01T01:30", la, "2026-11-01T08:30:00Z"},
		{"2026-11-01T02:00", la, "2026-11-01T10:00:00Z"},
		{"2026-11-01T10:00", la, "2026-11-01T18:00:00Z"},
		{"2026-03-29T02:30", berlin, "2026-03-29T01:30:00Z"},
		{"2026-03-29T10:00", berlin, "2026-03-29T08:00:00Z"},
		{"2026-10-25T02:30", berlin, "2026-10-25T00:30:00Z"},
		{"2026-10-25T03:00", berlin, "2026-10-25T02:00:00Z"},
		{"2026-10-25T10:00", berlin, "2026-10-25T09:00:00Z"},
		{"2026-07-01T12:00", time.UTC, "2026-07-01T12:00:00Z"},
	} {
		at, err := wallTime(stageTimeLayout, tc.v, tc.loc)
		if got := at.UTC().Format(time.RFC3339); err != nil || got != tc.want {
			t.Errorf("%s in %s: %s (%v), want %s", tc.v, tc.loc, got, err, tc.want)
		}
	}
	if _, err := wallTime(stageTimeLayout, "2026-13-01T10:00", la); err == nil {
		t.Error("month 13 read, want an error")
	}
}
