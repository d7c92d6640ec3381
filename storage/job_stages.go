package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// JobStage is a stage of the work on a claim that milestones depend on.
type JobStage string

// Job stages.
const (
	StageWorkStarted       JobStage = "work_started"
	StageEquipmentPickedUp JobStage = "equipment_picked_up"
	StageCompleted         JobStage = "completed"
	StageSampled           JobStage = "sampled"
)

// stageColumns are the claims columns holding each stage's time.
var stageColumns = map[JobStage]string{
	StageWorkStarted: "work_started_at", StageEquipmentPickedUp: "equipment_picked_up_at",
	StageCompleted: "completed_at", StageSampled: "sampled_at",
}

// IsJobStage reports whether name is a stage of the job, as the claim's
// history names the stage's changes.
func IsJobStage(name string) bool {
	_, ok := stageColumns[JobStage(name)]
	return ok
}

// StageSource says who or what recorded a stage of the job.
type StageSource string

// The sources of a stage's record, in the order they stand: what people
// recorded stands over what a document says.
const (
	// StageByPerson: a person recorded the time (the claim page, the API).
	StageByPerson StageSource = "person"
	// StageByMail: a person confirmed mail saying it happened.
	StageByMail StageSource = "mail"
	// StageByLabReport: a lab report filed to the claim gave it.
	StageByLabReport StageSource = "lab_report"
)

// stageSources are the sources in the order they stand.
var stageSources = []string{string(StageByPerson), string(StageByMail), string(StageByLabReport)}

// StageRecord is what one source says of a stage of a claim's job.
type StageRecord struct {
	Stage  JobStage
	Source StageSource
	// At is when the stage happened, as the source says.
	At time.Time
	// By is who recorded it or confirmed the mail, or the lab report's
	// file; empty for a stage recorded before names were kept.
	By string
}

// ByPeople reports whether people made r: it is theirs to clear, where a
// document's stays.
func (r StageRecord) ByPeople() bool { return r.Source != StageByLabReport }

// StageRecords returns what each source says of claim claimID's stages,
// each stage's in the order they stand. The equipment log, when it sets
// the pickup, is not among them: the claim's facts say so.
func (db *DB) StageRecords(ctx context.Context, claimID int64) ([]StageRecord, error) {
	rows, err := db.pool.Query(ctx, `SELECT stage, source, at, actor FROM claim_stage_records WHERE claim_id = $1
		ORDER BY stage, array_position($2::text[], source)`, claimID, stageSources)
	if err != nil {
		return nil, fmt.Errorf("stage records of claim %d: %w", claimID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[StageRecord])
	if err != nil {
		return nil, fmt.Errorf("stage records of claim %d: %w", claimID, err)
	}
	return out, nil
}

// SetJobStage records that a stage of the job happened at at, as actor
// says: it stands over what mail or a lab report said, and moves the
// stage's time, which the claim's history records. Once the equipment log
// holds drying equipment it alone says when that was picked up: recording
// the pickup is then ErrConflict.
func (db *DB) SetJobStage(ctx context.Context, claimID int64, stage JobStage, at time.Time, actor string) error {
	if err := checkStage(stage); err != nil {
		return err
	}
	return db.InTx(ctx, func(tx pgx.Tx) error {
		_, err := changeStage(ctx, tx, claimID, stage, actor, 0, func() (bool, error) {
			if err := refuseLoggedPickup(ctx, tx, claimID, stage); err != nil {
				return false, err
			}
			tag, err := tx.Exec(ctx, `
				INSERT INTO claim_stage_records (claim_id, stage, source, at, actor) VALUES ($1, $2, 'person', $3, $4)
				ON CONFLICT (claim_id, stage, source) DO UPDATE SET at = excluded.at, actor = excluded.actor
				WHERE claim_stage_records.at <> excluded.at`, claimID, stage, at, actor)
			if err != nil {
				return false, fmt.Errorf("record %s of claim %d: %w", stage, claimID, err)
			}
			return tag.RowsAffected() > 0, nil
		})
		return err
	})
}

// ClearJobStage takes back, on behalf of actor, what people recorded of a
// stage of the job (a time, mail they confirmed): a lab report's time
// then stands, else the stage has not happened yet. What a document says
// is not theirs to clear; the equipment log's pickup is ErrConflict, as
// recording it is. It reports whether the stage's time moved, which the
// claim's history records; clearing what nobody recorded changes nothing.
func (db *DB) ClearJobStage(ctx context.Context, claimID int64, stage JobStage, actor string) (bool, error) {
	if err := checkStage(stage); err != nil {
		return false, err
	}
	var moved bool
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		moved, err = changeStage(ctx, tx, claimID, stage, actor, 0, func() (bool, error) {
			if err := refuseLoggedPickup(ctx, tx, claimID, stage); err != nil {
				return false, err
			}
			tag, err := tx.Exec(ctx, `DELETE FROM claim_stage_records WHERE claim_id = $1 AND stage = $2 AND source IN ('person', 'mail')`,
				claimID, stage)
			if err != nil {
				return false, fmt.Errorf("clear %s of claim %d: %w", stage, claimID, err)
			}
			return tag.RowsAffected() > 0, nil
		})
		return err
	})
	return moved, err
}

func checkStage(stage JobStage) error {
	if stageColumns[stage] == "" {
		return fmt.Errorf("unknown job stage %q: %w", stage, ErrInvalid)
	}
	return nil
}

// refuseLoggedPickup is ErrConflict for the pickup of a claim whose
// equipment log holds drying equipment: the log is the one source of it.
func refuseLoggedPickup(ctx context.Context, tx pgx.Tx, claimID int64, stage JobStage) error {
	if stage != StageEquipmentPickedUp {
		return nil
	}
	logged, err := hasDryingEquipment(ctx, tx, claimID)
	if err != nil {
		return err
	}
	if logged {
		return fmt.Errorf("the equipment log sets when claim %d's equipment was picked up: mark the items picked up: %w", claimID, ErrConflict)
	}
	return nil
}

// changeStage applies change, a change to the records of claim claimID's
// stage that reports whether it changed any, with the claim locked; then
// the stage's time is that of the first record that stands, none when
// there is none, and a move is written to the claim's history on behalf
// of actor, as of the arrival of message messageID when mail made it (0:
// now). It reports whether the time moved.
func changeStage(ctx context.Context, tx pgx.Tx, claimID int64, stage JobStage, actor string, messageID int64,
	change func() (bool, error)) (bool, error) {
	column := stageColumns[stage]
	var before *time.Time
	// NO KEY: filing, which a lab report's sample comes in, adds rows that
	// reference the claim (key share locks) in transactions of its own.
	err := tx.QueryRow(ctx, `SELECT `+column+` FROM claims WHERE id = $1 FOR NO KEY UPDATE`, claimID).Scan(&before)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, fmt.Errorf("claim %d: %w", claimID, ErrNotFound)
	}
	if err != nil {
		return false, fmt.Errorf("%s of claim %d: %w", stage, claimID, err)
	}
	changed, err := change()
	if err != nil || !changed {
		return false, err
	}
	after, err := recordedStage(ctx, tx, claimID, stage)
	if err != nil {
		return false, err
	}
	return moveStage(ctx, tx, claimID, stage, before, after, actor, messageID)
}

// recordedStage is claim claimID's stage as its records give it: the
// first source's time (stageSources), nil when none records it.
func recordedStage(ctx context.Context, tx pgx.Tx, claimID int64, stage JobStage) (*time.Time, error) {
	var at *time.Time
	err := tx.QueryRow(ctx, `SELECT at FROM claim_stage_records WHERE claim_id = $1 AND stage = $2
		ORDER BY array_position($3::text[], source) LIMIT 1`, claimID, stage, stageSources).Scan(&at)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%s of claim %d: %w", stage, claimID, err)
	}
	return at, nil
}

// moveStage sets claim claimID's stage from before to after, writing the
// move to the claim's history on behalf of actor (as of message
// messageID's arrival, 0: now); it reports whether the time moved. The
// claim's alerts follow (migration 00012's trigger).
func moveStage(ctx context.Context, tx pgx.Tx, claimID int64, stage JobStage, before, after *time.Time, actor string, messageID int64) (bool, error) {
	if before == nil && after == nil || before != nil && after != nil && before.Equal(*after) {
		return false, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE claims SET `+stageColumns[stage]+` = $2, updated_at = now() WHERE id = $1`, claimID, after); err != nil {
		return false, fmt.Errorf("set %s of claim %d: %w", stage, claimID, err)
	}
	return true, recordMailChange(ctx, tx, claimID, messageID, actor, string(stage), stageText(before), stageText(after))
}

// stageText is a stage's time as the claim's history keeps it: RFC 3339
// in UTC, empty for not yet.
func stageText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
