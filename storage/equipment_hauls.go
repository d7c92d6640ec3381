package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
)

// Haul is one swap of a dumpster or pod: the hauler took the full one away
// and dropped an empty one, when, as recorded by whom. The line keeps its
// placement and rental days; each haul is a fee billed to the carrier.
type Haul struct {
	ID int64
	At time.Time
	// By is who logged it: a user's email, or an API token's name.
	By string
	// ByName names By for people to read: the user's name, else By
	// itself. Read with the haul, not saved.
	ByName string
	Note   string
	// LoggedAt is when it was logged, often after the haul itself (the
	// hauler's ticket comes in later): an update since then has not told it.
	LoggedAt time.Time
	// Key, when set, is the submission's own key (the swap form's, or an
	// API caller's Idempotency-Key): the same key on the same line is the
	// haul logged first, not another. Asked sums up what the submission
	// asked, so that a key sent again for a different haul is refused.
	// Saved, not read back.
	Key, Asked string
}

// HaulRefusal is a haul the log does not take, in words for the person
// who logged it.
type HaulRefusal struct{ Reason string }

func (r *HaulRefusal) Error() string { return r.Reason }

// Unwrap makes a refusal an invalid request.
func (r *HaulRefusal) Unwrap() error { return ErrInvalid }

// haulSlack is how far ahead of the server's clock a haul may be, as for
// pickups: a caller's clock a little fast is not a haul still to come.
const haulSlack = 5 * time.Minute

// checkHaul refuses haul h of line e at now: only a dumpster or pod that
// was placed is hauled, between its placement and its pickup, and not in
// the future.
func checkHaul(e Equipment, h Haul, now time.Time) error {
	switch {
	case !equipment.IsHauled(e.Kind):
		return &HaulRefusal{"only a dumpster or pod is swapped by the hauler"}
	case e.PlacedAt == nil:
		return &HaulRefusal{"the line is not placed yet: a haul comes after the placement"}
	case h.At.Before(*e.PlacedAt):
		return &HaulRefusal{"the haul time is before the time the " + equipment.KindLabel(e.Kind) + " was placed"}
	case e.PickedUpAt != nil && h.At.After(*e.PickedUpAt):
		return &HaulRefusal{"the haul time is after the " + equipment.KindLabel(e.Kind) + " was picked up"}
	case h.At.After(now.Add(haulSlack)):
		return &HaulRefusal{"the haul time is still to come: log the swap once the hauler has been"}
	case len(h.Note) > MaxEquipmentNote:
		return &HaulRefusal{fmt.Sprintf("the note is longer than %d bytes", MaxEquipmentNote)}
	}
	return nil
}

// checkHaulsFit refuses a change to line e that its hauls would no longer
// fit: a kind that is not hauled, a placement after a haul, a pickup before
// one. The haul logged by mistake is removed first.
func checkHaulsFit(e Equipment, hauls []Haul) error {
	if len(hauls) == 0 {
		return nil
	}
	first, last := hauls[0].At, hauls[len(hauls)-1].At
	switch {
	case !equipment.IsHauled(e.Kind):
		return &HaulRefusal{"the line has hauls, and only a dumpster or pod is swapped by the hauler: remove its hauls first"}
	case e.PlacedAt == nil || e.PlacedAt.After(first):
		return &HaulRefusal{"the placement time is after the line's first haul: remove that haul first if it was logged by mistake"}
	case e.PickedUpAt != nil && e.PickedUpAt.Before(last):
		return &HaulRefusal{"the pickup time is before the line's last haul: remove that haul first if it was logged by mistake"}
	}
	return nil
}

// AddHaul records haul h on equipment line id, as of now, and returns
// the line with its hauls. A haul whose Key the line has logged already is
// not logged again: repeated is then true and the line is returned as it
// is, or ErrKeyReused when that key asked a different haul. ErrNotFound
// when there is no line id; a *HaulRefusal (ErrInvalid) for a haul the
// line cannot have.
func (db *DB) AddHaul(ctx context.Context, id int64, h Haul, now time.Time) (e Equipment, repeated bool, err error) {
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if e, err = getEquipment(ctx, tx, id, "FOR UPDATE"); err != nil {
			return err
		}
		// The insert comes first: the key's unique index, not a look
		// before it, tells a submission repeated, however many arrive at
		// once.
		tag, err := tx.Exec(ctx, `
			INSERT INTO equipment_hauls (equipment_id, hauled_at, hauled_by, note, created_at, request_key, request_digest)
			VALUES ($1, $2, $3, $4, $5, nullif($6, ''), $7)
			ON CONFLICT (equipment_id, request_key) WHERE request_key IS NOT NULL DO NOTHING`,
			id, h.At, pgText(h.By), pgText(h.Note), now, pgText(h.Key), h.Asked)
		if err != nil {
			return fmt.Errorf("add haul to equipment %d: %w", id, err)
		}
		if repeated = tag.RowsAffected() == 0; repeated {
			_, err := haulKeys.recordedBy(ctx, tx, id, h.Key, h.Asked)
			return err
		}
		if err := checkHaul(e, h, now); err != nil {
			return err
		}
		return loadHauls(ctx, tx, []*Equipment{&e})
	})
	return e, repeated, err
}

// DeleteHaul removes haul haulID of equipment line id, logged by mistake,
// and returns the line with the hauls left. ErrNotFound when the line has
// no such haul.
func (db *DB) DeleteHaul(ctx context.Context, id, haulID int64) (Equipment, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM equipment_hauls WHERE id = $2 AND equipment_id = $1`, id, haulID)
	if err != nil {
		return Equipment{}, fmt.Errorf("delete haul %d of equipment %d: %w", haulID, id, err)
	}
	if tag.RowsAffected() == 0 {
		return Equipment{}, fmt.Errorf("haul %d of equipment %d: %w", haulID, id, ErrNotFound)
	}
	return db.GetEquipment(ctx, id)
}

// loadHauls fills in the hauls of lines, oldest first.
func loadHauls(ctx context.Context, q querier, lines []*Equipment) error {
	ids := make([]int64, 0, len(lines))
	byID := map[int64]*Equipment{}
	for _, e := range lines {
		if equipment.IsHauled(e.Kind) {
			ids = append(ids, e.ID)
			byID[e.ID], e.Hauls = e, nil
		}
	}
	if len(ids) == 0 {
		return nil
	}
	type row struct {
		line int64
		Haul
	}
	rows, err := queryAll(ctx, q, func(r pgx.CollectableRow) (row, error) {
		var h row
		return h, r.Scan(&h.line, &h.ID, &h.At, &h.By, &h.ByName, &h.Note, &h.LoggedAt)
	}, `SELECT h.equipment_id, h.id, h.hauled_at, h.hauled_by, coalesce(nullif(u.name, ''), h.hauled_by), h.note, h.created_at
		FROM equipment_hauls h LEFT JOIN users u ON lower(u.email) = lower(h.hauled_by)
		WHERE h.equipment_id = ANY($1) ORDER BY h.hauled_at, h.id`, ids)
	if err != nil {
		return fmt.Errorf("hauls of equipment: %w", err)
	}
	for _, h := range rows {
		byID[h.line].Hauls = append(byID[h.line].Hauls, h.Haul)
	}
	return nil
}

// withHauls is lines with their hauls filled in.
func withHauls(ctx context.Context, q querier, lines []Equipment) ([]Equipment, error) {
	ptrs := make([]*Equipment, len(lines))
	for i := range lines {
		ptrs[i] = &lines[i]
	}
	return lines, loadHauls(ctx, q, ptrs)
}
