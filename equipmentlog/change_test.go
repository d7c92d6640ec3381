package equipmentlog_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/equipmentlog"
	"github.com/claimdesk/claimdesk/storage"
)

var (
	chicago = mustZone("America/Chicago")
	now     = time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)
	earlier = now.Add(-48 * time.Hour)
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// line is a logged line: two air movers placed two days ago, no approval
// needed, last changed by the office's coordinator.
func line() storage.Equipment {
	at := earlier
	return storage.Equipment{ID: 7, ClaimID: 3, Kind: equipment.AirMover, Count: 2, PlacedAt: &at,
		Approval: equipment.ApprovalNotNeeded, ApprovalBy: "coordinator@smrestore.example", ApprovalAt: &at}
}

func TestApplyMovesApprovalFromEveryStateToEveryOther(t *testing.T) {
	for _, from := range equipment.Approvals {
		for _, to := range equipment.Approvals {
			e := line()
			e.Approval = from
			got, err := equipmentlog.Change{Approval: equipmentlog.To(to)}.Apply(e, "tech@smrestore.example", now)
			if err != nil {
				t.Fatalf("%s -> %s: %v", from, to, err)
			}
			if got.Approval != to {
				t.Errorf("%s -> %s: approval is %s", from, to, got.Approval)
			}
			by, at := "tech@smrestore.example", now
			if from == to { // nothing moved: the last move stands
				by, at = e.ApprovalBy, *e.ApprovalAt
			}
			if got.ApprovalBy != by || got.ApprovalAt == nil || !got.ApprovalAt.Equal(at) {
				t.Errorf("%s -> %s: recorded by %q at %v, want %q at %v", from, to, got.ApprovalBy, got.ApprovalAt, by, at)
			}
		}
	}
}

func TestApplyRefuses(t *testing.T) {
	before := earlier.Add(-time.Hour)
	for _, tc := range []struct {
		name   string
		change equipmentlog.Change
		reason string
	}{
		{"unknown approval state", equipmentlog.Change{Approval: equipmentlog.To("maybe")},
			`approval: want one of not_needed, requested, approved, denied, got "maybe"`},
		{"unknown kind", equipmentlog.Change{Kind: equipmentlog.To("fan")},
			`kind: want one of air_mover, dehumidifier, air_scrubber, dumpster, pod, other, got "fan"`},
		{"no items", equipmentlog.Change{Count: equipmentlog.To(0)}, "count: want 1 to 999"},
		{"too many items", equipmentlog.Change{Count: equipmentlog.To(1000)}, "count: want 1 to 999"},
		{"count cleared", equipmentlog.Change{Count: equipmentlog.Field[int]{Set: true, Null: true}}, "count: want 1 to 999"},
		{"picked up before placed", equipmentlog.Change{PickedUpAt: equipmentlog.To(before)}, "picked_up_at: before placed_at"},
		{"placed after picked up", equipmentlog.Change{PickedUpAt: equipmentlog.To(now), PlacedAt: equipmentlog.To(now.Add(time.Minute))},
			"picked_up_at: before placed_at"},
		{"long note", equipmentlog.Change{Note: equipmentlog.To(strings.Repeat("x", 1001))}, "note: longer than 1000 bytes"},
		{"picked up tomorrow", equipmentlog.Change{PickedUpAt: equipmentlog.To(now.Add(21 * time.Hour))},
			"picked_up_at: in the future: mark the equipment picked up once it has left the job"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.change.Apply(line(), "tech@smrestore.example", now)
			var refusal *equipmentlog.Refusal
			if !errors.As(err, &refusal) || refusal.Reason != tc.reason {
				t.Fatalf("err = %v, want the refusal %q", err, tc.reason)
			}
		})
	}
}

func TestApplyChangesOnlyWhatItSets(t *testing.T) {
	doc := int64(12)
	e := line()
	e.DocumentID, e.Vendor = &doc, "Sunbelt"
	got, err := equipmentlog.Change{
		PlacedAt:   equipmentlog.Field[time.Time]{Set: true, Null: true},
		PickedUpAt: equipmentlog.To(now),
		Note:       equipmentlog.To("  for the basement \n"),
		DocumentID: equipmentlog.Field[int64]{Set: true, Null: true},
	}.Apply(e, "tech@smrestore.example", now)
	if err != nil {
		t.Fatal(err)
	}
	if got.PlacedAt != nil || got.PickedUpAt == nil || !got.PickedUpAt.Equal(now) || got.DocumentID != nil {
		t.Errorf("placed %v, picked up %v, document %v: want cleared, now, cleared", got.PlacedAt, got.PickedUpAt, got.DocumentID)
	}
	if got.Note != "for the basement" || got.Vendor != "Sunbelt" || got.Kind != equipment.AirMover || got.Count != 2 {
		t.Errorf("note %q vendor %q kind %s count %d: want the note trimmed and the rest kept", got.Note, got.Vendor, got.Kind, got.Count)
	}
	if got.Approval != equipment.ApprovalNotNeeded || got.ApprovalBy != e.ApprovalBy {
		t.Errorf("approval %s by %s: want it untouched", got.Approval, got.ApprovalBy)
	}
}

func TestBilledDays(t *testing.T) {
	at := func(s string) *time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, chicago)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	for _, tc := range []struct {
		name             string
		placed, pickedUp *time.Time
		want             int
	}{
		// Equipment on the job is billed every calendar day: Christmas
		// (a Friday) and the weekend after it count.
		{"over a holiday and a weekend", at("2026-12-24 16:00"), at("2026-12-28 09:00"), 4},
		{"over a weekend", at("2026-03-06 17:00"), at("2026-03-09 08:00"), 3},
		{"placed and picked up the same day", at("2026-03-04 08:00"), at("2026-03-04 17:00"), 1},
		// 23:30 on Friday in Chicago is Saturday in UTC: the office's
		// calendar decides.
		{"days in the office's zone", at("2026-03-06 23:30"), at("2026-03-09 00:30"), 3},
		{"on the job: until now", at("2026-03-02 09:00"), nil, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := storage.Equipment{PlacedAt: tc.placed, PickedUpAt: tc.pickedUp}
			got := equipmentlog.BilledDays(e, now, chicago)
			if got == nil || *got != tc.want {
				t.Errorf("billed days = %v, want %d", got, tc.want)
			}
		})
	}
	if got := equipmentlog.BilledDays(storage.Equipment{}, now, chicago); got != nil {
		t.Errorf("never placed: billed days = %d, want none", *got)
	}
}

func TestNoticeDue(t *testing.T) {
	e := line()
	if equipmentlog.NoticeDue(e) {
		t.Error("a line on the job: notice due")
	}
	e.PickedUpAt = &now
	if !equipmentlog.NoticeDue(e) {
		t.Error("a line picked up and untold: no notice due")
	}
	e.PickupNotifiedAt = &now
	if equipmentlog.NoticeDue(e) {
		t.Error("a pickup told already: notice due again")
	}
}
