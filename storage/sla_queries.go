package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/sla"
)

// OpenClaimSLA is an open claim with what its paperwork milestones are
// computed from.
type OpenClaimSLA struct {
	Claim
	// Facts are the claim's facts as ClaimFacts gives them, except that
	// Documents holds only the first document of each type: enough for
	// milestones and alerts, which ask when a type first arrived.
	Facts sla.ClaimFacts
}

// OpenClaimsSLA returns every open claim, in id order, with its facts. Two
// queries whatever the number of claims; the documents' firsts are read
// from an index alone.
func (db *DB) OpenClaimsSLA(ctx context.Context) ([]OpenClaimSLA, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT `+claimColumns+`, `+claimOpenedAt+`,
		       c.work_started_at, c.equipment_picked_up_at, c.completed_at, c.sampled_at
		FROM claims c WHERE c.status = 'open' ORDER BY c.id`)
	if err != nil {
		return nil, fmt.Errorf("open claims: %w", err)
	}
	claims, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (OpenClaimSLA, error) {
		var o OpenClaimSLA
		c := &o.Claim
		f := &o.Facts
		err := r.Scan(&c.ID, &c.JobNumber, &c.ClaimNumber, &c.Carrier, &c.PolicyNumber, &c.InsuredName, &c.LossAddress,
			&c.LossType, &c.AdjusterName, &c.AdjusterEmail, &c.DateOfLoss, &c.Status, &c.Source, &c.CreatedAt, &c.UpdatedAt,
			&f.OpenedAt, &f.WorkStartedAt, &f.EquipmentPickedUpAt, &f.CompletedAt, &f.SampledAt)
		if c.DateOfLoss.Year() == 1 {
			c.DateOfLoss = time.Time{}
		}
		// Water losses are dried out: they owe drying logs.
		f.Drying = c.LossType == classify.LossWater
		f.Verified = map[sla.DocType]time.Time{}
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("open claims: %w", err)
	}
	byID := make(map[int64]*OpenClaimSLA, len(claims))
	for i := range claims {
		byID[claims[i].ID] = &claims[i]
	}

	rows, err = db.Pool.Query(ctx, `
		SELECT d.claim_id, d.doc_type, min(d.received_at), max(d.verified_at)
		FROM documents d
		WHERE d.claim_id IN (SELECT id FROM claims WHERE status = 'open') AND d.doc_type <> 'correspondence'
		GROUP BY d.claim_id, d.doc_type`)
	if err != nil {
		return nil, fmt.Errorf("documents of open claims: %w", err)
	}
	var (
		claimID  int64
		docType  string
		first    time.Time
		verified *time.Time
	)
	_, err = pgx.ForEachRow(rows, []any{&claimID, &docType, &first, &verified}, func() error {
		o := byID[claimID]
		if o == nil {
			return nil // opened since the first query
		}
		o.Facts.Documents = append(o.Facts.Documents, sla.Document{Type: sla.DocType(docType), ReceivedAt: first})
		if verified != nil {
			o.Facts.Verified[sla.DocType(docType)] = *verified
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("documents of open claims: %w", err)
	}
	return claims, nil
}
