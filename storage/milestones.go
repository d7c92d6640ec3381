package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
)

// ClaimFacts gathers what the paperwork milestones of claim id are computed
// from. The claim started when its assignment arrived; a claim imported
// from a file started at its first message, or when it was imported.
func (db *DB) ClaimFacts(ctx context.Context, id int64) (sla.ClaimFacts, error) {
	var f sla.ClaimFacts
	var lossType string
	err := db.pool.QueryRow(ctx, `
		SELECT coalesce(
		         (SELECT `+arrivedAt+` FROM messages WHERE id = c.source_message_id),
		         least(c.created_at, (SELECT min(`+arrivedAt+`) FROM messages WHERE claim_id = c.id))),
		       c.loss_type, c.work_started_at, c.equipment_picked_up_at, c.completed_at, c.sampled_at, `+firstDryingPlacement+`
		FROM claims c WHERE c.id = $1`, id).
		Scan(&f.OpenedAt, &lossType, &f.WorkStartedAt, &f.EquipmentPickedUpAt, &f.CompletedAt, &f.SampledAt, &f.EquipmentPlacedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("claim %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("facts of claim %d: %w", id, err)
	}
	f.Drying = dried(lossType, f.EquipmentPlacedAt)
	rows, err := db.pool.Query(ctx, `
		SELECT doc_type, received_at, verified_at, verify_ok, verify_reason, vendor FROM documents
		WHERE claim_id = $1 AND doc_type <> 'correspondence' ORDER BY received_at`, id)
	if err != nil {
		return f, fmt.Errorf("documents of claim %d: %w", id, err)
	}
	defer rows.Close()
	f.Verified = map[sla.DocType]time.Time{}
	f.Rejected = map[sla.DocType]sla.Rejection{}
	for rows.Next() {
		var t, reason string
		var at time.Time
		var verified *time.Time
		var ok, vendor bool
		if err := rows.Scan(&t, &at, &verified, &ok, &reason, &vendor); err != nil {
			return f, err
		}
		dt := sla.DocType(t)
		f.Documents = append(f.Documents, sla.Document{Type: factType(dt, vendor), ReceivedAt: at})
		switch {
		case verified == nil:
		case ok:
			if prev, found := f.Verified[dt]; !found || verified.After(prev) {
				f.Verified[dt] = *verified
			}
		default:
			if prev, found := f.Rejected[dt]; !found || verified.After(prev.At) {
				f.Rejected[dt] = sla.Rejection{At: *verified, Reason: reason}
			}
		}
	}
	return f, rows.Err()
}

// factType is what a document of type t counts as in a claim's facts: a
// vendor's invoice is never the office's.
func factType(t sla.DocType, vendor bool) sla.DocType {
	if t == sla.DocInvoice && vendor {
		return sla.DocVendorInvoice
	}
	return t
}

// JobStage is a stage of the work on a claim that milestones depend on.
type JobStage string

// Job stages.
const (
	StageWorkStarted       JobStage = "work_started"
	StageEquipmentPickedUp JobStage = "equipment_picked_up"
	StageCompleted         JobStage = "completed"
	StageSampled           JobStage = "sampled"
)

// SetJobStage records when a stage of the job happened.
func (db *DB) SetJobStage(ctx context.Context, claimID int64, stage JobStage, at time.Time) error {
	column := map[JobStage]string{
		StageWorkStarted: "work_started_at", StageEquipmentPickedUp: "equipment_picked_up_at",
		StageCompleted: "completed_at", StageSampled: "sampled_at",
	}[stage]
	if column == "" {
		return fmt.Errorf("unknown job stage %q", stage)
	}
	if stage == StageEquipmentPickedUp {
		// The equipment log, once it holds drying equipment, is the one
		// source of the pickup.
		logged, err := db.HasDryingEquipment(ctx, claimID)
		if err != nil {
			return err
		}
		if logged {
			return fmt.Errorf("the equipment log sets when claim %d's equipment was picked up: mark the items picked up: %w", claimID, ErrConflict)
		}
	}
	tag, err := db.pool.Exec(ctx, `UPDATE claims SET `+column+` = $2, updated_at = now() WHERE id = $1`, claimID, at)
	if err != nil {
		return fmt.Errorf("set %s of claim %d: %w", stage, claimID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("claim %d: %w", claimID, ErrNotFound)
	}
	return nil
}
