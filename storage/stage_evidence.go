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

// SampleEvidence is what a lab report of a claim says of its flooring
// sample.
type SampleEvidence struct {
	DocumentID int64     // the report
	File       string    // its name, as the stage's record and history show it
	At         time.Time // when the sample was taken, as the report says
	// MessageID is the message filing the report when it is read from
	// mail, whose arrival the claim's history has the stage it sets at; 0
	// when a person's change to the claim's documents sets it: now.
	MessageID int64
}

// SetSampledFromEvidence records within tx that claim claimID's flooring
// sample was taken when lab report ev says. The first report's time
// counts, and what people recorded stands over it: the evidence fills a
// stage in, it never moves one, and it stands again when they clear
// theirs. It reports whether it set the stage.
func SetSampledFromEvidence(ctx context.Context, tx pgx.Tx, claimID int64, ev SampleEvidence) (bool, error) {
	return changeStage(ctx, tx, claimID, StageSampled, "lab report "+ev.File, ev.MessageID, func() (bool, error) {
		return insertSampleEvidence(ctx, tx, claimID, ev)
	})
}

func insertSampleEvidence(ctx context.Context, tx pgx.Tx, claimID int64, ev SampleEvidence) (bool, error) {
	tag, err := tx.Exec(ctx, `INSERT INTO claim_stage_records (claim_id, stage, source, at, actor, document_id)
		VALUES ($1, 'sampled', 'lab_report', $2, $3, $4) ON CONFLICT DO NOTHING`, claimID, ev.At, ev.File, ev.DocumentID)
	if err != nil {
		return false, fmt.Errorf("set sample stage of claim %d: %w", claimID, err)
	}
	return tag.RowsAffected() > 0, nil
}

// ReplaceLostSampleEvidence takes back, within tx, the sample time of
// claim claimID that a lab report gave once that document is no longer
// one of the claim's lab reports (typed otherwise, moved to another
// claim, merged away), and records next in its place: what the claim's
// lab reports left say, nil when none is left. The stage's time follows,
// and its move is in the claim's history on behalf of actor. It reports
// whether the report's record went; a record whose report is still there
// stays.
func ReplaceLostSampleEvidence(ctx context.Context, tx pgx.Tx, claimID int64, next *SampleEvidence, actor string) (bool, error) {
	var lost bool
	_, err := changeStage(ctx, tx, claimID, StageSampled, actor, 0, func() (bool, error) {
		tag, err := tx.Exec(ctx, `DELETE FROM claim_stage_records r
			WHERE r.claim_id = $1 AND r.stage = 'sampled' AND r.source = 'lab_report'
			  AND NOT EXISTS (SELECT FROM documents d WHERE d.id = r.document_id AND d.claim_id = r.claim_id AND d.doc_type = 'lab_report')`,
			claimID)
		if err != nil {
			return false, fmt.Errorf("forget the lost lab report of claim %d: %w", claimID, err)
		}
		if lost = tag.RowsAffected() > 0; !lost || next == nil {
			return lost, nil
		}
		_, err = insertSampleEvidence(ctx, tx, claimID, *next)
		return true, err
	})
	return lost, err
}

// ClaimLabReports returns, within tx, claim claimID's lab reports, oldest
// first.
func ClaimLabReports(ctx context.Context, tx pgx.Tx, claimID int64) ([]Document, error) {
	docs, err := collectDocuments(tx.Query(ctx, documentSelect+`
		WHERE d.claim_id = $1 AND d.doc_type = 'lab_report' ORDER BY d.received_at, d.id`, claimID))
	if err != nil {
		return nil, fmt.Errorf("lab reports of claim %d: %w", claimID, err)
	}
	return docs, nil
}

// SetPickupFromEvidence records within tx that claim claimID's equipment
// was picked up at at, as mail that actor confirmed says of the equipment
// as a whole, unless the equipment log holds drying equipment (the log then
// says when: see syncPickupStage). The first mail's time counts, and what
// a person recorded stands over it. It reports whether it set the stage.
func SetPickupFromEvidence(ctx context.Context, tx pgx.Tx, claimID int64, at time.Time, actor string) (bool, error) {
	return changeStage(ctx, tx, claimID, StageEquipmentPickedUp, actor, 0, func() (bool, error) {
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
