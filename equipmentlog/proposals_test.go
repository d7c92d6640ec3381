package equipmentlog_test

import (
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/equipmentlog"
	"github.com/claimdesk/claimdesk/storage"
)

// Mail saying scrubbers were placed is checked against the scrubbers
// already logged: a line of the kind on the job when the mail was written,
// placed within a day of it, or logged not placed yet may be the same
// equipment; another kind, one gone before, one placed days later, or the
// line the mail itself made are not.
func TestAlreadyLoggedFindsTheSameEquipment(t *testing.T) {
	mail := time.Date(2026, 11, 27, 20, 14, 0, 0, chicago) // "Air scrubbers running", Fri evening
	at := func(d time.Duration) *time.Time { v := mail.Add(d); return &v }
	msg := int64(41)
	p := storage.EquipmentProposal{ID: 3, MessageID: msg, Action: equipment.ActionPlaced, Kind: equipment.AirScrubber, Count: 1, At: mail}
	for _, tc := range []struct {
		name string
		line storage.Equipment
		same bool
	}{
		{"logged from the invoice, placed that afternoon", storage.Equipment{Kind: equipment.AirScrubber, Count: 2, PlacedAt: at(-6*time.Hour - 14*time.Minute)}, true},
		{"placed days before, still on the job", storage.Equipment{Kind: equipment.AirScrubber, PlacedAt: at(-72 * time.Hour)}, true},
		{"placed the next morning", storage.Equipment{Kind: equipment.AirScrubber, PlacedAt: at(13 * time.Hour)}, true},
		{"logged not placed yet", storage.Equipment{Kind: equipment.AirScrubber}, true},
		{"picked up the day before", storage.Equipment{Kind: equipment.AirScrubber, PlacedAt: at(-96 * time.Hour), PickedUpAt: at(-30 * time.Hour)}, false},
		{"placed three days later", storage.Equipment{Kind: equipment.AirScrubber, PlacedAt: at(72 * time.Hour)}, false},
		{"another kind", storage.Equipment{Kind: equipment.AirMover, PlacedAt: at(-time.Hour)}, false},
		{"made from the mail itself", storage.Equipment{Kind: equipment.AirScrubber, PlacedAt: at(0), SourceMessageID: &msg}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := equipmentlog.AlreadyLogged(p, []storage.Equipment{tc.line})
			if (len(got) == 1) != tc.same {
				t.Errorf("already logged: %+v, want the line %v", got, map[bool]string{true: "found", false: "not found"}[tc.same])
			}
		})
	}
	pickup := p
	pickup.Action = equipment.ActionPickedUp
	if got := equipmentlog.AlreadyLogged(pickup, []storage.Equipment{{Kind: equipment.AirScrubber, PlacedAt: at(-time.Hour)}}); got != nil {
		t.Errorf("a pickup: %+v, want nothing: a pickup marks the lines on the job", got)
	}
}
