package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// FileTextTx returns the text kept of the file with content hash sha (its
// text layer, else what OCR read), "" when none, as tx sees it: the texts
// a message's processing saved earlier in tx count.
func FileTextTx(ctx context.Context, tx pgx.Tx, sha string) (string, error) {
	var text string
	err := tx.QueryRow(ctx, `SELECT content FROM file_texts WHERE sha256 = $1 AND content <> ''
		ORDER BY source = 'pdf' DESC LIMIT 1`, sha).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("text of %s: %w", sha, err)
	}
	return text, nil
}

// SetSampledFromEvidence records within tx that claim claimID's flooring
// sample was taken at at, as lab report file (its name) shows. The first
// report's time counts, and what people recorded stands over it: the
// evidence fills a stage in, it never moves one, and it stands again when
// they clear theirs. It reports whether it set the stage.
func SetSampledFromEvidence(ctx context.Context, tx pgx.Tx, claimID int64, at time.Time, file string) (bool, error) {
	return changeStage(ctx, tx, claimID, StageSampled, "lab report "+file, func() (bool, error) {
		tag, err := tx.Exec(ctx, `INSERT INTO claim_stage_records (claim_id, stage, source, at, actor)
			VALUES ($1, 'sampled', 'lab_report', $2, $3) ON CONFLICT DO NOTHING`, claimID, at, file)
		if err != nil {
			return false, fmt.Errorf("set sample stage of claim %d: %w", claimID, err)
		}
		return tag.RowsAffected() > 0, nil
	})
}

// SetPickupFromEvidence records within tx that claim claimID's equipment
// was picked up at at, as mail that actor confirmed says of the equipment
// as a whole, unless the equipment log holds drying equipment (the log then
// says when: see syncPickupStage). The first mail's time counts, and what
// a person recorded stands over it. It reports whether it set the stage.
func SetPickupFromEvidence(ctx context.Context, tx pgx.Tx, claimID int64, at time.Time, actor string) (bool, error) {
	return changeStage(ctx, tx, claimID, StageEquipmentPickedUp, actor, func() (bool, error) {
		if logged, err := hasDryingEquipment(ctx, tx, claimID); err != nil || logged {
			return false, err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO claim_stage_records (claim_id, stage, source, at, actor)
			VALUES ($1, 'equipment_picked_up', 'mail', $2, $3) ON CONFLICT DO NOTHING`, claimID, at, actor)
		if err != nil {
			return false, fmt.Errorf("set pickup stage of claim %d: %w", claimID, err)
		}
		return tag.RowsAffected() > 0, nil
	})
}
