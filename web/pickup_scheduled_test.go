package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// TestPickupReadOnceForStageCOSAndReminder: the job's pickup stage, the
// COS's deadline and the COS reminder read a claim's pickup by one rule:
// whenever the stage shows a pickup, done or scheduled, the COS is
// required and due, and its reminder falls due; while it shows none,
// neither is.
func TestPickupReadOnceForStageCOSAndReminder(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	cal := sla.NewCalendar(loc, sla.DefaultHours())
	opened := time.Date(2026, 3, 2, 9, 0, 0, 0, loc)
	now := time.Date(2026, 3, 4, 15, 0, 0, 0, loc)
	photos := []sla.Document{{Type: sla.DocPhoto, ReceivedAt: opened.Add(time.Hour)}}
	for _, c := range []struct {
		name   string
		pickup *time.Time
	}{
		{"no pickup", nil},
		{"picked up yesterday", new(now.Add(-24 * time.Hour))},
		{"pickup scheduled on Friday", new(time.Date(2026, 3, 6, 10, 0, 0, 0, loc))},
		{"picked up by a clock a little fast", new(now.Add(3 * time.Minute))},
	} {
		f := sla.ClaimFacts{OpenedAt: opened, Documents: photos, EquipmentPlacedAt: new(opened), EquipmentPickedUpAt: c.pickup,
			Verified: map[sla.DocType]time.Time{}, Rejected: map[sla.DocType]sla.Rejection{}}
		var stage stageView
		for _, st := range stageViews(f, now) {
			if st.Stage == storage.StageEquipmentPickedUp {
				stage = st
			}
		}
		rep := cal.CheckClaim(f, sla.DefaultRules(), now)
		var cos sla.Milestone
		for _, m := range rep.Milestones {
			if m.Name == sla.MilestoneCOS {
				cos = m
			}
		}
		required := slices.ContainsFunc(rep.Checklist, func(it sla.ChecklistItem) bool { return it.Type == sla.DocCOS && it.Lacking() })
		alert := slices.ContainsFunc(rep.Alerts, func(a sla.Alert) bool { return a.Milestone == sla.MilestoneCOS })
		reminder := slices.ContainsFunc(outbox.ReminderRules{Calendar: cal}.Due(f, now), func(d outbox.DueReminder) bool {
			return d.Kind == storage.ReminderCOSAtPickup
		})
		shown := stage.At != nil
		if required != shown || alert != shown || cos.Due.IsZero() == shown || reminder != shown {
			t.Errorf("%s: stage at %v (scheduled %v); COS required %v, alert %v, due %v, reminder %v: want all of them %v",
				c.name, stage.At, stage.Scheduled, required, alert, cos.Due, reminder, shown)
		}
		if wantScheduled := c.pickup != nil && c.pickup.After(now); stage.Scheduled != wantScheduled {
			t.Errorf("%s: stage scheduled %v, want %v", c.name, stage.Scheduled, wantScheduled)
		}
	}
}

// TestClaimPagePickupScheduledMakesCOSDue: a pickup recorded ahead of now
// (scheduled through the API, or picked up on the equipment log by a
// clock a little fast) reads "scheduled" on the claim's stages, and the
// claim page asks for the COS at it, due by the close of the pickup's day.
func TestClaimPagePickupScheduledMakesCOSDue(t *testing.T) {
	t.Parallel()
	b := setupEquipment(t)
	c, _ := b.signIn(t)
	stages := fmt.Sprintf("/api/claims/%d/stages", b.claim)
	check := func(name string, at time.Time) {
		t.Helper()
		var got struct{ Items []stageItem }
		b.get(t, stages, &got)
		i := slices.IndexFunc(got.Items, func(it stageItem) bool { return it.Stage == string(storage.StageEquipmentPickedUp) })
		if i < 0 || got.Items[i].At == nil || !got.Items[i].At.Equal(at) || !got.Items[i].Scheduled {
			t.Errorf("%s: API stage %+v, want scheduled at %v", name, got.Items, at)
		}
		body := b.claimPage(t, c)
		if st := stageLine(t, body, storage.StageEquipmentPickedUp); !strings.Contains(st, "scheduled") || strings.Contains(st, "✓") {
			t.Errorf("%s: the pickup stage reads %s, want scheduled", name, st)
		}
		// Due by the close of the pickup's business day, from now.
		due := dueWords(sla.Alert{Due: b.cal.NthBusinessDay(at, 1).Close, State: sla.StateDueSoon}, b.clock.Now(), b.loc, b.loc)
		alerts := section(t, body, `<ol class="next-steps">`, "</ol>")
		if !strings.Contains(alerts, "Ask Tom for the signed COS (certificate of satisfaction), signed at equipment pickup"+due) {
			t.Errorf("%s: the paperwork alerts do not ask for the COS%s:\n%s", name, due, alerts)
		}
	}
	now := b.clock.Now().In(b.loc)
	later := time.Date(now.Year(), now.Month(), now.Day()+3, 10, 0, 0, 0, b.loc)
	if resp, body := b.call(t, "POST", stages, map[string]any{"stage": "equipment_picked_up", "at": later}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("pickup scheduled: %d %s", resp.StatusCode, body)
	}
	check("pickup scheduled in three days", later)
	if resp, body := b.call(t, "POST", stages, map[string]any{"stage": "equipment_picked_up", "clear": true}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("clear the pickup: %d %s", resp.StatusCode, body)
	}

	am := b.add(t, map[string]any{"kind": "air_mover", "count": 4, "placed_at": now.Add(-48 * time.Hour)})
	soon := now.Truncate(time.Second).Add(3 * time.Minute)
	var line equipmentItem
	b.send(t, "PATCH", fmt.Sprintf("/api/equipment/%d", am.ID), map[string]any{"picked_up_at": soon}, http.StatusOK, &line)
	check("picked up on the log by a clock a little fast", soon)
}
