package equipmentlog

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/storage"
)

// Decide confirms or dismisses (status) proposal id as actor. Confirmed, a
// placement becomes a line of the log, a pickup marks the lines of its
// kind still on the job picked up (oldest first, as many as its count
// covers; a line of its own when none is; see applyPickup for the
// equipment as a whole), and an approval answer sets the line's approval,
// linked to the adjuster's message. Pickups notify as any pickup does.
// count is how many, for a proposal whose mail did not say (its Count is
// 0); confirming one without it is refused. storage.ErrNotFound when
// there is no such proposal, storage.ErrConflict when it was decided
// already.
func (l *Log) Decide(ctx context.Context, id int64, status, actor string, count int) (storage.EquipmentProposal, error) {
	now := l.Now()
	var p storage.EquipmentProposal
	err := l.DB.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if p, err = storage.DecideEquipmentProposal(ctx, tx, id, status, actor, now); err != nil || status != storage.ProposalConfirmed {
			return err
		}
		if p, err = countSaid(ctx, tx, p, count); err != nil {
			return err
		}
		changed, err := applyProposal(ctx, tx, p, actor, now)
		if err != nil {
			return err
		}
		for i := range changed {
			if err := l.notifyPickup(ctx, tx, &changed[i], actor); err != nil {
				return err
			}
		}
		return nil
	})
	return p, err
}

// countSaid is proposal p with the count a person said, when its mail
// named its kind without saying how many, kept on the proposal as what was
// confirmed.
func countSaid(ctx context.Context, tx pgx.Tx, p storage.EquipmentProposal, count int) (storage.EquipmentProposal, error) {
	if p.Count != 0 || p.Kind == equipment.AllDrying || (p.Action != equipment.ActionPlaced && p.Action != equipment.ActionPickedUp) {
		return p, nil
	}
	if count < 1 || count > equipment.MaxCount {
		return p, refuse("count: the mail does not say how many; say how many to confirm it")
	}
	p.Count = count
	return p, storage.SetEquipmentProposalCount(ctx, tx, p.ID, count)
}

// applyProposal makes confirmed proposal p's change to the log within tx
// and returns the lines it changed.
func applyProposal(ctx context.Context, tx pgx.Tx, p storage.EquipmentProposal, actor string, now time.Time) ([]storage.Equipment, error) {
	msg := p.MessageID
	switch p.Action {
	case equipment.ActionPlaced:
		e, err := storage.AddEquipment(ctx, tx, storage.Equipment{ClaimID: p.ClaimID, Kind: p.Kind, Count: p.Count,
			PlacedAt: &p.At, PlacedDayOnly: p.DayOnly, Note: p.Address, SourceMessageID: &msg, CreatedBy: actor})
		return []storage.Equipment{e}, err
	case equipment.ActionPickedUp:
		return applyPickup(ctx, tx, p, actor)
	case equipment.ApprovalApproved, equipment.ApprovalDenied:
		if p.EquipmentID == nil {
			return nil, nil
		}
		_, after, err := storage.UpdateEquipment(ctx, tx, *p.EquipmentID, func(e storage.Equipment) (storage.Equipment, error) {
			e.Approval, e.ApprovalBy, e.ApprovalAt, e.ApprovalMessageID = p.Action, actor, &now, &msg
			return e, nil
		})
		return []storage.Equipment{after}, err
	}
	return nil, fmt.Errorf("equipment proposal %d: unknown action %q: %w", p.ID, p.Action, storage.ErrInvalid)
}

// applyPickup marks the lines of p's kind still on the job picked up,
// oldest first, as many as p's count covers; a line of its own when none
// is on the job. A pickup of the equipment as a whole (equipment.AllDrying)
// marks every drying line on the job when the mail was written picked up;
// with none, it records the claim's pickup stage unless one is recorded
// already.
func applyPickup(ctx context.Context, tx pgx.Tx, p storage.EquipmentProposal, actor string) ([]storage.Equipment, error) {
	msg := p.MessageID
	all := p.Kind == equipment.AllDrying
	kinds := []string{p.Kind}
	if all {
		kinds = equipment.DryingKinds()
	}
	open, err := storage.OpenEquipment(ctx, tx, p.ClaimID, kinds...)
	if err != nil {
		return nil, err
	}
	if all && len(open) > 0 {
		// The mail spoke of the equipment there when it was written: a
		// line placed since (or when, nobody logged) stays on the job.
		open = slices.DeleteFunc(open, func(e storage.Equipment) bool { return e.PlacedAt == nil || e.PlacedAt.After(p.At) })
		if len(open) == 0 {
			return nil, nil
		}
	}
	switch {
	case len(open) == 0 && all:
		_, err := storage.SetPickupFromEvidence(ctx, tx, p.ClaimID, p.At, actor)
		return nil, err
	case len(open) == 0:
		e, err := storage.AddEquipment(ctx, tx, storage.Equipment{ClaimID: p.ClaimID, Kind: p.Kind, Count: p.Count,
			PickedUpAt: &p.At, PickedUpDayOnly: p.DayOnly, SourceMessageID: &msg, CreatedBy: actor})
		return []storage.Equipment{e}, err
	}
	var changed []storage.Equipment
	for left := p.Count; (all || left > 0) && len(open) > 0; open = open[1:] {
		n := left
		if all {
			n = open[0].Count
		}
		at, day := p.At, p.DayOnly
		if placed := open[0].PlacedAt; placed != nil && at.Before(*placed) {
			at, day = *placed, open[0].PlacedDayOnly // mail read late says nothing of before the placement
		}
		picked, err := pickUpLine(ctx, tx, open[0].ID, n, at, day, &msg, actor)
		if err != nil {
			return nil, err
		}
		changed, left = append(changed, picked), left-picked.Count
	}
	return changed, nil
}

// pickUpLine marks n items of line id picked up at at (dayOnly: on its
// day, the time not known), by actor, read in message msg when mail said
// so (nil: a person did). A line of more than n
// is split: n go as a line of their own, picked up, and the rest stay on
// the job. A line picked up already, or a pickup before the placement, is
// refused.
func pickUpLine(ctx context.Context, tx pgx.Tx, id int64, n int, at time.Time, dayOnly bool, msg *int64, actor string) (storage.Equipment, error) {
	split := false
	line, after, err := storage.UpdateEquipment(ctx, tx, id, func(e storage.Equipment) (storage.Equipment, error) {
		switch {
		case e.PickedUpAt != nil:
			return e, refuse("this equipment was picked up already")
		case e.PlacedAt != nil && at.Before(*e.PlacedAt):
			return e, refuse("picked_up_at: before placed_at")
		case n > 0 && n < e.Count:
			split = true
			e.Count -= n
		default:
			e.PickedUpAt, e.PickedUpDayOnly = &at, dayOnly
		}
		return e, nil
	})
	if err != nil || !split {
		return after, err
	}
	if msg == nil {
		msg = line.SourceMessageID
	}
	return storage.AddEquipment(ctx, tx, storage.Equipment{ClaimID: line.ClaimID, Kind: line.Kind, Count: n, PlacedAt: line.PlacedAt,
		PlacedDayOnly: line.PlacedDayOnly, PickedUpAt: &at, PickedUpDayOnly: dayOnly, Vendor: line.Vendor, Note: line.Note, Approval: line.Approval, ApprovalBy: line.ApprovalBy,
		ApprovalAt: line.ApprovalAt, DocumentID: line.DocumentID, SourceMessageID: msg, CreatedBy: actor})
}

// sameTimeSpan is how far apart a placement mail speaks of and a line's
// placement may be for both to be the same equipment: a vendor's invoice
// and the crew's mail tell the same drop-off hours apart.
const sameTimeSpan = 24 * time.Hour

// AlreadyLogged returns the lines of lines that may be the equipment
// placement proposal p speaks of, logged by hand or from other mail: of
// its kind, and on the job when the mail was written, placed within a day
// of it, or logged not placed yet. Confirming p would add its equipment on
// top of theirs. None for other proposals.
func AlreadyLogged(p storage.EquipmentProposal, lines []storage.Equipment) []storage.Equipment {
	if p.Action != equipment.ActionPlaced {
		return nil
	}
	var out []storage.Equipment
	for _, e := range lines {
		if e.Kind != p.Kind || (e.SourceMessageID != nil && *e.SourceMessageID == p.MessageID) {
			continue
		}
		switch {
		case e.PlacedAt == nil:
			if e.PickedUpAt == nil {
				out = append(out, e)
			}
		case e.PlacedAt.Sub(p.At).Abs() <= sameTimeSpan,
			!e.PlacedAt.After(p.At) && (e.PickedUpAt == nil || !e.PickedUpAt.Before(p.At)):
			out = append(out, e)
		}
	}
	return out
}
