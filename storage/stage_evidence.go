package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/equipment"
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
// sample was taken at at, as a filed lab report shows, unless a time is
// recorded already (by a person, or an earlier report): the evidence fills
// a stage in, it never moves one. It reports whether it set the stage.
func SetSampledFromEvidence(ctx context.Context, tx pgx.Tx, claimID int64, at time.Time) (bool, error) {
	tag, err := tx.Exec(ctx, `UPDATE claims SET sampled_at = $2, updated_at = now() WHERE id = $1 AND sampled_at IS NULL`,
		claimID, at)
	if err != nil {
		return false, fmt.Errorf("set sample stage of claim %d: %w", claimID, err)
	}
	return tag.RowsAffected() > 0, nil
}

// SetPickupFromEvidence records within tx that claim claimID's equipment
// was picked up at at, as mail a person confirmed says of the equipment as
// a whole, unless a pickup is recorded already or the equipment log holds
// drying equipment (the log then says when: see syncPickupStage). It
// reports whether it set the stage.
func SetPickupFromEvidence(ctx context.Context, tx pgx.Tx, claimID int64, at time.Time) (bool, error) {
	tag, err := tx.Exec(ctx, `UPDATE claims SET equipment_picked_up_at = $2, updated_at = now()
		WHERE id = $1 AND equipment_picked_up_at IS NULL
		  AND NOT EXISTS (SELECT 1 FROM equipment WHERE claim_id = $1 AND kind = ANY($3))`,
		claimID, at, equipment.DryingKinds())
	if err != nil {
		return false, fmt.Errorf("set pickup stage of claim %d: %w", claimID, err)
	}
	return tag.RowsAffected() > 0, nil
}
