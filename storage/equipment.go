package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
)

// Equipment is one line of a claim's equipment log: count pieces of one
// kind placed on the job, and picked up.
type Equipment struct {
	ID      int64
	ClaimID int64
	// OfficeID is its claim's office, on whose clock its times are typed
	// and told. Read, not saved: the line takes its claim's.
	OfficeID   int64
	Kind       string
	Count      int
	PlacedAt   *time.Time
	PickedUpAt *time.Time
	// PlacedDayOnly and PickedUpDayOnly say the time is a day alone, its
	// hour not known (mail that names the day, a date typed without a
	// time): it stands at equipment.OnDay, and pages tell the date.
	PlacedDayOnly, PickedUpDayOnly bool
	Vendor                         string
	Note                           string
	// Approval is whether the carrier's approval is needed, asked for and
	// given (equipment.Approval*), who recorded it last, and when.
	Approval   string
	ApprovalBy string
	ApprovalAt *time.Time
	// ApprovalOutboxID is the request sent to the adjuster, and
	// ApprovalMessageID the adjuster's answer linked to it.
	ApprovalOutboxID  *int64
	ApprovalMessageID *int64
	// ApprovalAskedAt is when a person marked the request sent from
	// their own mail program, and ApprovalAskedBy who; nil when nobody did.
	ApprovalAskedAt *time.Time
	ApprovalAskedBy string
	// PickupNotifiedAt is when the pickup notices were queued.
	PickupNotifiedAt *time.Time
	SourceMessageID  *int64
	// DocumentID is the vendor's document the line asks the carrier to
	// approve (a line of kind other).
	DocumentID *int64
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// Hauls are the swaps of a dumpster or pod, oldest first; read with
	// the line, not saved with it (AddHaul, DeleteHaul).
	Hauls []Haul
}

const equipmentColumns = `id, claim_id, office_id, kind, count, placed_at, picked_up_at, vendor, note, approval, approval_by,
	approval_at, approval_outbox_id, approval_message_id, approval_asked_at, approval_asked_by, pickup_notified_at,
	source_message_id, document_id, created_by, created_at, updated_at, placed_day_only, picked_up_day_only`

// scanTargets are where a row of equipmentColumns is read into, in order.
func (e *Equipment) scanTargets() []any {
	return []any{&e.ID, &e.ClaimID, &e.OfficeID, &e.Kind, &e.Count, &e.PlacedAt, &e.PickedUpAt, &e.Vendor, &e.Note, &e.Approval,
		&e.ApprovalBy, &e.ApprovalAt, &e.ApprovalOutboxID, &e.ApprovalMessageID, &e.ApprovalAskedAt, &e.ApprovalAskedBy,
		&e.PickupNotifiedAt, &e.SourceMessageID, &e.DocumentID, &e.CreatedBy, &e.CreatedAt, &e.UpdatedAt, &e.PlacedDayOnly,
		&e.PickedUpDayOnly}
}

func scanEquipment(row pgx.CollectableRow) (Equipment, error) {
	var e Equipment
	err := row.Scan(e.scanTargets()...)
	return e, err
}

// ApprovalAsked reports whether the adjuster was asked to approve the
// line: claimdesk sent the request, or a person marked it sent from their
// mail program.
func (e Equipment) ApprovalAsked() bool { return e.ApprovalOutboxID != nil || e.ApprovalAskedAt != nil }

// Bounds of the words on an equipment line.
const (
	MaxEquipmentNote   = 1000
	MaxEquipmentCount  = 999
	maxEquipmentVendor = MaxClaimField
)

// validate checks e as it is about to be saved.
func (e Equipment) validate() error {
	switch {
	case !slices.Contains(equipment.Kinds, e.Kind):
		return fmt.Errorf("kind %q: want one of air_mover, dehumidifier, air_scrubber, dumpster, pod, other: %w", e.Kind, ErrInvalid)
	case e.Count < 1 || e.Count > MaxEquipmentCount:
		return fmt.Errorf("count %d: want 1 to %d: %w", e.Count, MaxEquipmentCount, ErrInvalid)
	case !slices.Contains(equipment.Approvals, e.Approval):
		return fmt.Errorf("approval %q: want not_needed, requested, approved or denied: %w", e.Approval, ErrInvalid)
	case e.PlacedAt != nil && e.PickedUpAt != nil && e.PickedUpAt.Before(*e.PlacedAt):
		return fmt.Errorf("picked_up_at is before placed_at: %w", ErrInvalid)
	case len(e.Note) > MaxEquipmentNote:
		return fmt.Errorf("note: longer than %d bytes: %w", MaxEquipmentNote, ErrInvalid)
	case len(e.Vendor) > maxEquipmentVendor:
		return fmt.Errorf("vendor: longer than %d bytes: %w", maxEquipmentVendor, ErrInvalid)
	}
	return nil
}

// ClaimEquipment returns the equipment log of claim claimID, oldest line
// first.
func (db *DB) ClaimEquipment(ctx context.Context, claimID int64) ([]Equipment, error) {
	out, err := queryAll(ctx, db.pool, scanEquipment, `SELECT `+equipmentColumns+` FROM equipment
		WHERE claim_id = $1 ORDER BY coalesce(placed_at, created_at), id`, claimID)
	if err != nil {
		return nil, fmt.Errorf("equipment of claim %d: %w", claimID, err)
	}
	return withHauls(ctx, db.pool, out)
}

// PickupsOfClaims returns the equipment lines of the claims ids that have
// a pickup date (done or scheduled), by claim, in pickup order.
func (db *DB) PickupsOfClaims(ctx context.Context, ids []int64) (map[int64][]Equipment, error) {
	lines, err := queryAll(ctx, db.pool, scanEquipment, `SELECT `+equipmentColumns+` FROM equipment
		WHERE claim_id = ANY($1) AND picked_up_at IS NOT NULL ORDER BY claim_id, picked_up_at, id`, ids)
	if err != nil {
		return nil, fmt.Errorf("pickups of claims: %w", err)
	}
	out := map[int64][]Equipment{}
	for _, e := range lines {
		out[e.ClaimID] = append(out[e.ClaimID], e)
	}
	return out, nil
}

// GetEquipment returns equipment line id; ErrNotFound when there is none.
func (db *DB) GetEquipment(ctx context.Context, id int64) (Equipment, error) {
	return getEquipment(ctx, db.pool, id, "")
}

func getEquipment(ctx context.Context, q querier, id int64, lock string) (Equipment, error) {
	rows, err := q.Query(ctx, `SELECT `+equipmentColumns+` FROM equipment WHERE id = $1 `+lock, id)
	if err != nil {
		return Equipment{}, fmt.Errorf("get equipment %d: %w", id, err)
	}
	e, err := pgx.CollectExactlyOneRow(rows, scanEquipment)
	if errors.Is(err, pgx.ErrNoRows) {
		return e, fmt.Errorf("equipment %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return e, fmt.Errorf("get equipment %d: %w", id, err)
	}
	return e, loadHauls(ctx, q, []*Equipment{&e})
}

// AddEquipment logs e on its claim within tx and returns it as saved. The
// claim's equipment pickup follows the log.
func AddEquipment(ctx context.Context, tx pgx.Tx, e Equipment) (Equipment, error) {
	if e.Approval == "" {
		e.Approval = equipment.ApprovalNotNeeded
	}
	if err := e.validate(); err != nil {
		return e, err
	}
	if err := checkEquipmentDocument(ctx, tx, e); err != nil {
		return e, err
	}
	rows, err := tx.Query(ctx, `
		INSERT INTO equipment (claim_id, office_id, kind, count, placed_at, picked_up_at, vendor, note, approval,
		                       approval_by, approval_at, source_message_id, document_id, created_by,
		                       placed_day_only, picked_up_day_only)
		SELECT c.id, c.office_id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $13, $12, $14, $15 FROM claims c WHERE c.id = $1
		RETURNING `+equipmentColumns,
		e.ClaimID, e.Kind, e.Count, e.PlacedAt, e.PickedUpAt, pgText(e.Vendor), pgText(e.Note), e.Approval,
		pgText(e.ApprovalBy), e.ApprovalAt, e.SourceMessageID, pgText(e.CreatedBy), e.DocumentID,
		e.PlacedDayOnly && e.PlacedAt != nil, e.PickedUpDayOnly && e.PickedUpAt != nil)
	if err != nil {
		return e, fmt.Errorf("add equipment to claim %d: %w", e.ClaimID, err)
	}
	saved, err := pgx.CollectExactlyOneRow(rows, scanEquipment)
	if errors.Is(err, pgx.ErrNoRows) {
		return e, fmt.Errorf("claim %d: %w", e.ClaimID, ErrNotFound)
	}
	if err != nil {
		return e, fmt.Errorf("add equipment to claim %d: %w", e.ClaimID, err)
	}
	return saved, syncPickupStage(ctx, tx, saved.ClaimID)
}

// UpdateEquipment changes line id within tx: change is given the line as
// it stands (locked until tx ends) and returns it as it should be. It
// returns the line before and after; the claim's equipment pickup follows
// the log.
func UpdateEquipment(ctx context.Context, tx pgx.Tx, id int64, change func(Equipment) (Equipment, error)) (before, after Equipment, err error) {
	before, err = getEquipment(ctx, tx, id, "FOR UPDATE")
	if err != nil {
		return before, after, err
	}
	after, err = change(before)
	if err != nil {
		return before, after, err
	}
	if err := after.validate(); err != nil {
		return before, after, err
	}
	if err := checkHaulsFit(after, before.Hauls); err != nil {
		return before, after, err
	}
	if err := checkEquipmentDocument(ctx, tx, after); err != nil {
		return before, after, err
	}
	after = freshRequest(before, after)
	rows, err := tx.Query(ctx, `
		UPDATE equipment SET kind = $2, count = $3, placed_at = $4, picked_up_at = $5, vendor = $6, note = $7,
			approval = $8, approval_by = $9, approval_at = $10, approval_outbox_id = $11, approval_message_id = $12,
			document_id = $13, approval_asked_at = $14, approval_asked_by = $15, placed_day_only = $16,
			picked_up_day_only = $17, updated_at = now()
		WHERE id = $1 RETURNING `+equipmentColumns,
		id, after.Kind, after.Count, after.PlacedAt, after.PickedUpAt, pgText(after.Vendor), pgText(after.Note),
		after.Approval, pgText(after.ApprovalBy), after.ApprovalAt, after.ApprovalOutboxID, after.ApprovalMessageID, after.DocumentID,
		after.ApprovalAskedAt, pgText(after.ApprovalAskedBy), after.PlacedDayOnly && after.PlacedAt != nil,
		after.PickedUpDayOnly && after.PickedUpAt != nil)
	if err != nil {
		return before, after, fmt.Errorf("update equipment %d: %w", id, err)
	}
	if after, err = pgx.CollectExactlyOneRow(rows, scanEquipment); err != nil {
		return before, after, fmt.Errorf("update equipment %d: %w", id, err)
	}
	if err := loadHauls(ctx, tx, []*Equipment{&after}); err != nil {
		return before, after, err
	}
	return before, after, syncPickupStage(ctx, tx, after.ClaimID)
}

// freshRequest is after, a change of line before, with the request for
// the carrier's approval forgotten when the change asks for approval anew
// (denied, then requested again) or says none is needed: the request sent,
// or marked sent, was for the approval before, and the line again waits
// for one to be sent. An answer (approved, denied) keeps when it was asked.
func freshRequest(before, after Equipment) Equipment {
	if after.Approval == before.Approval || after.Approval == equipment.ApprovalApproved || after.Approval == equipment.ApprovalDenied {
		return after
	}
	after.ApprovalAskedAt, after.ApprovalAskedBy = nil, ""
	if ptrEqual(after.ApprovalOutboxID, before.ApprovalOutboxID) {
		after.ApprovalOutboxID = nil
	}
	return after
}

// ptrEqual reports whether a and b are both nil or point at equal values.
func ptrEqual[T comparable](a, b *T) bool {
	return a == b || a != nil && b != nil && *a == *b
}

// checkEquipmentDocument refuses a line naming a document that is not
// filed on the line's claim.
func checkEquipmentDocument(ctx context.Context, tx pgx.Tx, e Equipment) error {
	if e.DocumentID == nil {
		return nil
	}
	var on bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = $1 AND claim_id = $2)`, *e.DocumentID, e.ClaimID).Scan(&on)
	if err != nil {
		return fmt.Errorf("document %d of equipment: %w", *e.DocumentID, err)
	}
	if !on {
		return fmt.Errorf("document_id: document %d is not filed on claim %d: %w", *e.DocumentID, e.ClaimID, ErrInvalid)
	}
	return nil
}

// ClaimPickupNotice claims, within tx, the right to send line id's pickup
// notices: true once per pickup, for the first transaction that asks after
// the line was picked up. A pickup saved again, or two people saving it at
// once, notify no one twice.
func ClaimPickupNotice(ctx context.Context, tx pgx.Tx, id int64, at time.Time) (bool, error) {
	tag, err := tx.Exec(ctx, `UPDATE equipment SET pickup_notified_at = $2
		WHERE id = $1 AND picked_up_at IS NOT NULL AND pickup_notified_at IS NULL`, id, at)
	if err != nil {
		return false, fmt.Errorf("claim pickup notice of equipment %d: %w", id, err)
	}
	return tag.RowsAffected() == 1, nil
}

// syncPickupStage keeps one source of truth for the claim's equipment
// pickup: once the log holds drying equipment, the pickup is when the last
// of it was picked up, and not yet while any is still on the job. A claim
// with no drying equipment logged (none ever, or a line's kind corrected
// since) has the pickup people recorded. A move is written to the claim's
// history as the equipment log's.
func syncPickupStage(ctx context.Context, tx pgx.Tx, claimID int64) error {
	var (
		logged        bool
		before, after *time.Time
	)
	err := tx.QueryRow(ctx, `
		SELECT count(*) > 0, CASE WHEN bool_and(picked_up_at IS NOT NULL) THEN max(picked_up_at) END
		FROM equipment WHERE claim_id = $1 AND kind = ANY($2)`, claimID, equipment.DryingKinds()).Scan(&logged, &after)
	if err != nil {
		return fmt.Errorf("equipment pickup of claim %d: %w", claimID, err)
	}
	if !logged {
		if after, err = recordedStage(ctx, tx, claimID, StageEquipmentPickedUp); err != nil {
			return err
		}
	}
	err = tx.QueryRow(ctx, `SELECT equipment_picked_up_at FROM claims WHERE id = $1 FOR NO KEY UPDATE`, claimID).Scan(&before)
	if err != nil {
		return fmt.Errorf("equipment pickup of claim %d: %w", claimID, err)
	}
	_, err = moveStage(ctx, tx, claimID, StageEquipmentPickedUp, before, after, "equipment log", 0)
	return err
}

// hasDryingEquipment reports whether claim claimID's equipment log holds
// drying equipment, as tx sees it: then the log, not a person, says when
// it was picked up.
func hasDryingEquipment(ctx context.Context, tx pgx.Tx, claimID int64) (bool, error) {
	var has bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM equipment WHERE claim_id = $1 AND kind = ANY($2))`,
		claimID, equipment.DryingKinds()).Scan(&has)
	if err != nil {
		return false, fmt.Errorf("drying equipment of claim %d: %w", claimID, err)
	}
	return has, nil
}

// LinkApprovalRequest records, within tx, that outbox message outboxID
// asks the adjuster to approve equipment line id: the line waits for the
// answer, which the pipeline finds in that message's thread.
func LinkApprovalRequest(ctx context.Context, tx pgx.Tx, id, outboxID int64, by string, at time.Time) error {
	tag, err := tx.Exec(ctx, `UPDATE equipment SET approval = 'requested', approval_outbox_id = $2, approval_by = $3,
		approval_at = $4, approval_message_id = NULL, updated_at = now() WHERE id = $1`, id, outboxID, pgText(by), at)
	if err != nil {
		return fmt.Errorf("link approval request of equipment %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("equipment %d: %w", id, ErrNotFound)
	}
	return nil
}

// MarkApprovalAsked records that by sent the request to approve equipment
// line id from their own mail program, at at: the line waits for the
// answer from then, as one whose request claimdesk sent does. A line
// already asked is returned as it is; ErrNotFound when there is no line
// id, ErrConflict when its approval is not awaited (not needed, or given).
func (db *DB) MarkApprovalAsked(ctx context.Context, id int64, by string, at time.Time) (Equipment, error) {
	rows, err := db.pool.Query(ctx, `UPDATE equipment SET approval_asked_at = $3, approval_asked_by = $2,
			approval_at = $3, approval_by = $2, updated_at = now()
		WHERE id = $1 AND approval = 'requested' AND approval_outbox_id IS NULL AND approval_asked_at IS NULL
		RETURNING `+equipmentColumns, id, pgText(by), at)
	if err != nil {
		return Equipment{}, fmt.Errorf("mark approval of equipment %d asked: %w", id, err)
	}
	e, err := pgx.CollectExactlyOneRow(rows, scanEquipment)
	if !errors.Is(err, pgx.ErrNoRows) {
		if err != nil {
			return e, fmt.Errorf("mark approval of equipment %d asked: %w", id, err)
		}
		return e, loadHauls(ctx, db.pool, []*Equipment{&e})
	}
	if e, err = db.GetEquipment(ctx, id); err != nil {
		return e, err
	}
	if e.Approval != equipment.ApprovalRequested {
		return e, fmt.Errorf("equipment %d: its approval is %s, not awaited: %w", id, e.Approval, ErrConflict)
	}
	return e, nil
}
