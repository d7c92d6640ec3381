package equipmentlog

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/outbox"
	"github.com/claimdesk/claimdesk/storage"
)

// Log changes claims' equipment logs.
type Log struct {
	DB *storage.DB
	// Outbox sends pickup notices; nil (no SMTP set up) sends none.
	Outbox *outbox.Outbox
	// ZoneOf is each office's time zone, which its claims' days are
	// billed and pickup notices told in.
	ZoneOf func(office int64) *time.Location
	Now    func() time.Time
	Logger *slog.Logger
}

// Add logs a new line on claim claimID as actor: one item, placed now
// unless c says when (or null: not placed yet), no approval needed unless
// c says otherwise. A line logged picked up sends its pickup notice.
func (l *Log) Add(ctx context.Context, claimID int64, c Change, actor string) (storage.Equipment, error) {
	if !c.Kind.Set {
		return storage.Equipment{}, refuse("kind: want one of %s", strings.Join(equipment.Kinds, ", "))
	}
	now := l.Now()
	if !c.PlacedAt.Set {
		c.PlacedAt = To(now)
	}
	e, err := c.Apply(storage.Equipment{ClaimID: claimID, Count: 1, Approval: equipment.ApprovalNotNeeded, CreatedBy: actor}, actor, now)
	if err != nil {
		return e, err
	}
	err = l.DB.InTx(ctx, func(tx pgx.Tx) error {
		if e, err = storage.AddEquipment(ctx, tx, e); err != nil {
			return err
		}
		return l.notifyPickup(ctx, tx, &e, actor)
	})
	return e, err
}

// Update makes c's changes to line id as actor. Picking the line up sends
// its pickup notice; a pickup still to come is refused.
func (l *Log) Update(ctx context.Context, id int64, c Change, actor string) (storage.Equipment, error) {
	now := l.Now()
	var after storage.Equipment
	err := l.DB.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		_, after, err = storage.UpdateEquipment(ctx, tx, id, func(e storage.Equipment) (storage.Equipment, error) {
			return c.Apply(e, actor, now)
		})
		if err != nil {
			return err
		}
		return l.notifyPickup(ctx, tx, &after, actor)
	})
	return after, err
}

// PickUp marks count items of line id picked up at at (dayOnly: on its
// day, the time not known), as actor: the whole line when count is 0 or
// covers it, else count of its items, split off as a line of their own
// while the rest stay on the job. The line picked up sends its pickup
// notice. A pickup still to come is refused.
func (l *Log) PickUp(ctx context.Context, id int64, count int, at time.Time, dayOnly bool, actor string) (storage.Equipment, error) {
	if count < 0 || count > storage.MaxEquipmentCount {
		return storage.Equipment{}, refuse("count: want 1 to %d", storage.MaxEquipmentCount)
	}
	if err := checkPickupTime(at, l.Now()); err != nil {
		return storage.Equipment{}, err
	}
	var picked storage.Equipment
	err := l.DB.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if picked, err = pickUpLine(ctx, tx, id, count, at, dayOnly, nil, actor); err != nil {
			return err
		}
		return l.notifyPickup(ctx, tx, &picked, actor)
	})
	return picked, err
}
