package web

import (
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// Claim states, worst first: what the claims list colours a claim by.
const (
	claimStateOverdue = "overdue"
	claimStateDueSoon = "due-soon"
	claimStateOK      = "ok"
)

// claimState is a claim's worst state at a time, in words as well as its
// class, so colour is never the only sign.
type claimState struct {
	Class string // overdue, due-soon or ok
	Label string // "Overdue", "Due soon" or "On track"
	// Why names what makes it so: "reply, paperwork".
	Why string
	// Attention is the same state as storage orders claims by it.
	Attention int
}

// stateOf returns the worst of what the board knows of a claim at now:
// mail waiting for acknowledgment, paperwork alerts, open requests, and the
// daily update owed on today (nil: none owed), which is due soon only in
// the last hours before closing.
func stateOf(c storage.Claim, n storage.ClaimCounts, today *storage.UpdateDay, now time.Time) claimState {
	var overdue, soon []string
	add := func(late, open int, what string) {
		switch {
		case late > 0:
			overdue = append(overdue, what)
		case open > 0:
			soon = append(soon, what)
		}
	}
	add(n.Overdue, n.Waiting, "reply")
	add(n.AlertsOverdue, n.AlertsShowing, "paperwork")
	add(n.RequestsOverdue, n.RequestsOpen, "requests")
	if owesUpdate(c, n.LastUpdateAt, today) {
		switch owedUpdateState(today, now) {
		case sla.StateOverdue:
			overdue = append(overdue, "daily update")
		case sla.StateDueSoon:
			soon = append(soon, "daily update")
		}
	}
	switch {
	case len(overdue) > 0:
		return claimState{Class: claimStateOverdue, Label: "Overdue", Why: strings.Join(overdue, ", "), Attention: storage.AttentionOverdue}
	case len(soon) > 0:
		return claimState{Class: claimStateDueSoon, Label: "Due soon", Why: strings.Join(soon, ", "), Attention: storage.AttentionDueSoon}
	}
	return claimState{Class: claimStateOK, Label: "On track", Attention: storage.AttentionNone}
}

// owedUpdateState is where the update owed on today stands at now: due
// soon only in the last hours before closing, overdue once closed.
func owedUpdateState(today *storage.UpdateDay, now time.Time) sla.State {
	switch {
	case !today.Close.IsZero() && !now.Before(today.Close):
		return sla.StateOverdue
	case !now.Before(today.SoonFrom):
		return sla.StateDueSoon
	}
	return sla.StatePending
}

// owesUpdate reports whether an open claim with an adjuster, opened
// before today's business day began, has had no update yet today.
func owesUpdate(c storage.Claim, last *time.Time, today *storage.UpdateDay) bool {
	if today == nil || c.Status != "open" || !c.OwesUpdates() || c.CreatedAt.After(today.Open) {
		return false
	}
	return last == nil || last.Before(today.Start)
}
