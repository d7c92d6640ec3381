package sla

import "time"

// State is where a deadline stands. The strings are stored and sent to the
// dashboard as they are.
type State string

// The states of a deadline.
const (
	// StatePending: not done, and the deadline is not near yet.
	StatePending State = "pending"
	// StateDueSoon: not done, and the deadline is within the warning window.
	StateDueSoon State = "due_soon"
	// StateOverdue: not done, and the deadline has passed.
	StateOverdue State = "overdue"
	// StateMet: done by the deadline.
	StateMet State = "met"
	// StateMissed: done, but after the deadline.
	StateMissed State = "missed"
	// StateNotNeeded: of an acknowledgment only, a message a person marked
	// as needing no answer: its clock stopped, neither met nor missed.
	// AckState never returns it; the mark decides.
	StateNotNeeded State = "not_needed"
)

// Done reports whether s is final: the thing was done, in time or not.
func (s State) Done() bool { return s == StateMet || s == StateMissed }

// Acknowledgment defaults from the office's service promise.
const (
	// DefaultAckMinutes is how many business minutes a message that needs
	// an answer may wait.
	DefaultAckMinutes = 30
	// DefaultWarn is how long before a deadline it shows as due soon.
	DefaultWarn = 10 * time.Minute
)

// AckState says where the acknowledgment of a message stands at now, given
// when it is due and when it was acknowledged (nil: not yet). An
// acknowledgment at the deadline itself is in time. An acknowledgment later
// than now has not happened yet as far as now is concerned, so replaying
// history gives the state as it was. A zero dueAt means no deadline: the
// message stays pending until acknowledged. warn is the due-soon window: 0
// means DefaultWarn, a negative window turns the warning off.
func AckState(dueAt time.Time, acknowledgedAt *time.Time, now time.Time, warn time.Duration) State {
	if acknowledgedAt != nil && !acknowledgedAt.After(now) {
		if dueAt.IsZero() || !acknowledgedAt.After(dueAt) {
			return StateMet
		}
		return StateMissed
	}
	return openState(dueAt, dueAt.Add(-windowOr(warn, DefaultWarn)), now)
}

// openState is the state of something not yet done: overdue once the
// deadline has passed (at the deadline itself it can still be met), due soon
// from warnAt.
func openState(due, warnAt, now time.Time) State {
	switch {
	case due.IsZero():
		return StatePending
	case now.After(due):
		return StateOverdue
	case !now.Before(warnAt):
		return StateDueSoon
	}
	return StatePending
}

func windowOr(w, def time.Duration) time.Duration {
	switch {
	case w == 0:
		return def
	case w < 0:
		return 0
	}
	return w
}

// Ack is the acknowledgment of one message as the dashboard shows it.
type Ack struct {
	// DueAt is when the answer is due (ack_due_at).
	DueAt time.Time
	// AcknowledgedAt is when it was answered, nil while it was not.
	AcknowledgedAt *time.Time
	// State is where it stands.
	State State
	// BusinessMinutes is how long the answer took in business minutes, or,
	// while it is unanswered, how long it has waited so far.
	BusinessMinutes int
}

// Ack computes the acknowledgment of a message received at receivedAt that
// must be answered within targetMinutes business minutes (0 means
// DefaultAckMinutes), as it stands at now. acknowledgedAt and warn are as
// for AckState.
func (c *Calendar) Ack(receivedAt time.Time, targetMinutes int, acknowledgedAt *time.Time, now time.Time, warn time.Duration) Ack {
	if targetMinutes == 0 {
		targetMinutes = DefaultAckMinutes
	}
	a := Ack{DueAt: c.Due(receivedAt, targetMinutes)}
	a.State = AckState(a.DueAt, acknowledgedAt, now, warn)
	if a.State.Done() {
		at := *acknowledgedAt
		a.AcknowledgedAt = &at
		a.BusinessMinutes = c.BusinessMinutes(receivedAt, at)
	} else {
		a.BusinessMinutes = c.BusinessMinutes(receivedAt, now)
	}
	return a
}

// FirstAck returns what acknowledges a message received at receivedAt: the
// earliest of acks (office replies in its thread and coordinators' marks)
// at or after it, and no later than now. A reply answers every message of
// the thread that came before it, which is why any ack after receipt
// counts, not only a reply to this very message. It returns nil when
// nothing acknowledges the message yet.
func FirstAck(receivedAt time.Time, acks []time.Time, now time.Time) *time.Time {
	var first *time.Time
	for i := range acks {
		a := acks[i]
		if a.Before(receivedAt) || a.After(now) {
			continue
		}
		if first == nil || a.Before(*first) {
			first = &a
		}
	}
	return first
}
