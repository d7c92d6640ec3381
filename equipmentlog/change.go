package equipmentlog

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// Field is one field of a Change: left out (not Set), cleared (Null) or
// set to Value. A change touches only the fields it sets.
type Field[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// To is a field set to v.
func To[T any](v T) Field[T] { return Field[T]{Set: true, Value: v} }

// Change is what someone asks of an equipment line, new or logged.
type Change struct {
	Kind       Field[string]
	Count      Field[int]
	PlacedAt   Field[time.Time]
	PickedUpAt Field[time.Time]
	// PlacedDayOnly and PickedUpDayOnly say a time set is a day alone (a
	// date typed without a time, at equipment.OnDay).
	PlacedDayOnly, PickedUpDayOnly bool
	Vendor                         Field[string]
	Note                           Field[string]
	Approval                       Field[string]
	DocumentID                     Field[int64]
}

// Refusal is a change the rules refuse; Reason tells the person who asked
// what to put right.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(format string, args ...any) error {
	return &Refusal{Reason: fmt.Sprintf(format, args...)}
}

// Apply makes c's changes to line e, as actor at now, or refuses them. A
// pickup still to come at now is refused. An approval state may move to any other state; the move records who made
// it and when, and setting the state it already has records nothing.
func (c Change) Apply(e storage.Equipment, actor string, now time.Time) (storage.Equipment, error) {
	if c.Kind.Set {
		if !slices.Contains(equipment.Kinds, c.Kind.Value) {
			return e, refuse("kind: want one of %s, got %q", strings.Join(equipment.Kinds, ", "), c.Kind.Value)
		}
		e.Kind = c.Kind.Value
	}
	if c.Count.Set {
		if c.Count.Null || c.Count.Value < 1 || c.Count.Value > storage.MaxEquipmentCount {
			return e, refuse("count: want 1 to %d", storage.MaxEquipmentCount)
		}
		e.Count = c.Count.Value
	}
	if c.PickedUpAt.Set && !c.PickedUpAt.Null {
		if err := checkPickupTime(c.PickedUpAt.Value, now); err != nil {
			return e, err
		}
	}
	e.PlacedAt, e.PlacedDayOnly = setOrClear(e.PlacedAt, c.PlacedAt), dayOnly(e.PlacedDayOnly, c.PlacedAt, c.PlacedDayOnly)
	e.PickedUpAt, e.PickedUpDayOnly = setOrClear(e.PickedUpAt, c.PickedUpAt), dayOnly(e.PickedUpDayOnly, c.PickedUpAt, c.PickedUpDayOnly)
	if e.PlacedAt != nil && e.PickedUpAt != nil && e.PickedUpAt.Before(*e.PlacedAt) {
		return e, refuse("picked_up_at: before placed_at")
	}
	if c.Vendor.Set {
		e.Vendor = strings.TrimSpace(c.Vendor.Value)
	}
	if c.Note.Set {
		e.Note = strings.TrimSpace(c.Note.Value)
		if len(e.Note) > storage.MaxEquipmentNote {
			return e, refuse("note: longer than %d bytes", storage.MaxEquipmentNote)
		}
	}
	e.DocumentID = setOrClear(e.DocumentID, c.DocumentID)
	if c.Approval.Set && c.Approval.Value != e.Approval {
		if !slices.Contains(equipment.Approvals, c.Approval.Value) {
			return e, refuse("approval: want one of %s, got %q", strings.Join(equipment.Approvals, ", "), c.Approval.Value)
		}
		e.Approval, e.ApprovalBy, e.ApprovalAt = c.Approval.Value, actor, &now
	}
	return e, nil
}

// dayOnly is whether a time the line had (was: a day alone) is a day
// alone once f changes it: a time set says it, one cleared is none.
func dayOnly(was bool, f Field[time.Time], day bool) bool {
	if !f.Set {
		return was
	}
	return day && !f.Null
}

// clockSlack is how far ahead of the server's clock a pickup time may be:
// a caller's clock a little fast is not a pickup still to come.
const clockSlack = 5 * time.Minute

// checkPickupTime refuses a pickup at a time still to come at now. The log
// records what left the job: a line marked picked up is billed until then
// and its pickup notice goes at once, which a removal still to come must
// not do.
func checkPickupTime(at, now time.Time) error {
	if at.After(now.Add(clockSlack)) {
		return refuse("picked_up_at: in the future: mark the equipment picked up once it has left the job")
	}
	return nil
}

// setOrClear is old changed as f says.
func setOrClear[T any](old *T, f Field[T]) *T {
	if !f.Set {
		return old
	}
	if f.Null {
		return nil
	}
	v := f.Value
	return &v
}

// BilledDays are the days line e is billed for in the office's zone loc:
// from its placement until its pickup, or until now while it is on the
// job; nil when it was never placed.
func BilledDays(e storage.Equipment, now time.Time, loc *time.Location) *int {
	if e.PlacedAt == nil {
		return nil
	}
	end := now
	if e.PickedUpAt != nil {
		end = *e.PickedUpAt
	}
	d := equipment.Days(*e.PlacedAt, end, loc)
	return &d
}
