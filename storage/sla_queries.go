package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/equipment"
	"github.com/claimdesk/claimdesk/sla"
)

// claimAlertFacts returns, by claim, the facts of those of the claims ids
// that are open: what their alerts are worked out from. Documents hold only
// the first document of each type, enough for milestones and alerts, which
// ask when a type first arrived; Verified holds each signed form's latest
// verification. Two queries whatever the number of claims; the documents'
// firsts are read from an index alone.
//
// The columns read here are those the triggers of claim_alerts_stale watch
// (migrations 00012 and 00022, the equipment log's drying placements
// 00055, mail's 00105, their day-only marks 00107; 00024's vendor mark is
// set once, on insert): a new fact read here
// needs its trigger there.
func claimAlertFacts(ctx context.Context, q pgx.Tx, ids []int64) (map[int64]*sla.ClaimFacts, error) {
	return claimsFacts(ctx, q, ids, true)
}

// ClaimsFacts returns the facts of the claims ids, open or closed, by
// claim, in the same two queries: for lists and exports of many claims.
func (db *DB) ClaimsFacts(ctx context.Context, ids []int64) (map[int64]*sla.ClaimFacts, error) {
	return claimsFacts(ctx, db.pool, ids, false)
}

// firstDryingPlacement is when claim c's first drying equipment was placed,
// by its equipment log; null when the log holds none.
var firstDryingPlacement = `(SELECT min(e.placed_at) FROM equipment e WHERE e.claim_id = c.id AND e.kind IN ('` +
	strings.Join(equipment.DryingKinds(), "', '") + `'))`

// firstDryingPlacementDay says claim c's first drying placement is a day
// alone (placed_day_only); a time known wins over a day at the same
// instant.
var firstDryingPlacementDay = `coalesce((SELECT e.placed_day_only FROM equipment e WHERE e.claim_id = c.id AND e.placed_at IS NOT NULL AND e.kind IN ('` +
	strings.Join(equipment.DryingKinds(), "', '") + `') ORDER BY e.placed_at, e.placed_day_only LIMIT 1), false)`

// firstMailPlacement is when mail first says drying equipment was placed
// on claim c, among what waits for a person to confirm or dismiss it; null
// when nothing does.
var firstMailPlacement = `(SELECT min(p.at) FROM equipment_proposals p WHERE p.claim_id = c.id AND p.action = '` +
	equipment.ActionPlaced + `' AND p.status = 'proposed' AND p.kind IN ('` + strings.Join(equipment.DryingKinds(), "', '") + `'))`

// firstMailPlacementDay says the first placement mail says on claim c
// (firstMailPlacement) is a day alone.
var firstMailPlacementDay = `coalesce((SELECT p.day_only FROM equipment_proposals p WHERE p.claim_id = c.id AND p.action = '` +
	equipment.ActionPlaced + `' AND p.status = 'proposed' AND p.kind IN ('` + strings.Join(equipment.DryingKinds(), "', '") +
	`') ORDER BY p.at, p.day_only LIMIT 1), false)`

// dried reports whether a claim is dried out and so owes drying logs: a
// water loss, or any job with drying equipment in its log.
func dried(lossType string, placed *time.Time) bool {
	return lossType == classify.LossWater || placed != nil
}

// claimsFacts reads the facts of the claims ids, only the open ones when
// openOnly.
func claimsFacts(ctx context.Context, q querier, ids []int64, openOnly bool) (map[int64]*sla.ClaimFacts, error) {
	out, err := claimRows(ctx, q, ids, openOnly)
	if err != nil {
		return nil, err
	}
	rows, err := q.Query(ctx, `
		SELECT d.claim_id, d.doc_type, d.vendor, min(d.received_at), max(d.verified_at) FILTER (WHERE d.verify_ok),
		       max(d.verified_at) FILTER (WHERE NOT d.verify_ok),
		       coalesce((array_agg(d.verify_reason ORDER BY d.verified_at DESC)
		                 FILTER (WHERE NOT d.verify_ok AND d.verified_at IS NOT NULL))[1], ''),
		       CASE WHEN bool_and(d.verified_at IS NOT NULL) THEN max(d.verified_at) END
		FROM documents d
		WHERE d.claim_id = ANY($1) AND d.doc_type <> 'correspondence'
		GROUP BY d.claim_id, d.doc_type, d.vendor`, ids)
	if err != nil {
		return nil, fmt.Errorf("documents of claims: %w", err)
	}
	var (
		id       int64
		docType  string
		vendor   bool
		first    time.Time
		verified *time.Time
		rejected *time.Time
		reason   string
		checked  *time.Time
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &docType, &vendor, &first, &verified, &rejected, &reason, &checked}, func() error {
		f := out[id]
		if f == nil {
			return nil // closed
		}
		// One document stands for those of its type: checked once every
		// one of them is, which is all a checklist's status asks.
		f.Documents = append(f.Documents, sla.Document{Type: factType(sla.DocType(docType), vendor), ReceivedAt: first, CheckedAt: checked})
		if vendor {
			// A vendor's invoice is never checked and never billing: its
			// checks are not the office invoice's.
			return nil
		}
		if verified != nil {
			f.Verified[sla.DocType(docType)] = *verified
		}
		if rejected != nil {
			f.Rejected[sla.DocType(docType)] = sla.Rejection{At: *rejected, Reason: reason}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("documents of claims: %w", err)
	}
	return out, nil
}

// claimRows reads the facts of the claims ids their rows hold, with no
// documents yet, only the open ones when openOnly.
func claimRows(ctx context.Context, q querier, ids []int64, openOnly bool) (map[int64]*sla.ClaimFacts, error) {
	rows, err := q.Query(ctx, `
		SELECT c.id, `+claimOpenedAt+`, c.loss_type,
		       c.work_started_at, c.equipment_picked_up_at, c.completed_at, c.sampled_at,
		       `+firstDryingPlacement+`, `+firstMailPlacement+`, `+firstDryingPlacementDay+`, `+firstMailPlacementDay+`
		FROM claims c WHERE c.id = ANY($1) AND (c.status = 'open' OR NOT $2)`, ids, openOnly)
	if err != nil {
		return nil, fmt.Errorf("facts of claims: %w", err)
	}
	out := make(map[int64]*sla.ClaimFacts, len(ids))
	var (
		id       int64
		lossType string
		f        sla.ClaimFacts
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &f.OpenedAt, &lossType, &f.WorkStartedAt, &f.EquipmentPickedUpAt, &f.CompletedAt, &f.SampledAt, &f.EquipmentPlacedAt, &f.MailPlacedAt,
		&f.EquipmentPlacedDayOnly, &f.MailPlacedDayOnly}, func() error {
		facts := f
		facts.Drying = dried(lossType, facts.EquipmentPlacedAt)
		facts.Verified = map[sla.DocType]time.Time{}
		facts.Rejected = map[sla.DocType]sla.Rejection{}
		out[id] = &facts
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("facts of claims: %w", err)
	}
	return out, nil
}
