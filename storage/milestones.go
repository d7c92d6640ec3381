package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
)

// ClaimFacts gathers what the paperwork milestones of claim id are computed
// from. The claim started when its assignment arrived; a claim imported
// from a file started at its first message, or when it was imported.
func (db *DB) ClaimFacts(ctx context.Context, id int64) (sla.ClaimFacts, error) {
	facts, err := db.ClaimsFullFacts(ctx, []int64{id})
	if err != nil {
		return sla.ClaimFacts{}, err
	}
	f, found := facts[id]
	if !found {
		return sla.ClaimFacts{}, fmt.Errorf("claim %d: %w", id, ErrNotFound)
	}
	return *f, nil
}

// ClaimsFullFacts returns ClaimFacts of each of the claims ids that exists,
// by claim, in two queries whatever their number. Each holds every
// document, in the order received, where ClaimsFacts keeps the first of
// each type: what asks whether one came today (a drying log) needs them.
func (db *DB) ClaimsFullFacts(ctx context.Context, ids []int64) (map[int64]*sla.ClaimFacts, error) {
	out, err := claimRows(ctx, db.pool, ids, false)
	if err != nil {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, `
		SELECT claim_id, doc_type, received_at, verified_at, verify_ok, verify_reason, vendor FROM documents
		WHERE claim_id = ANY($1) AND doc_type <> 'correspondence' ORDER BY claim_id, received_at, id`, ids)
	if err != nil {
		return nil, fmt.Errorf("documents of claims: %w", err)
	}
	var (
		id         int64
		t, reason  string
		at         time.Time
		verified   *time.Time
		ok, vendor bool
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &t, &at, &verified, &ok, &reason, &vendor}, func() error {
		if f := out[id]; f != nil {
			addDocument(f, sla.DocType(t), at, verified, ok, reason, vendor)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("documents of claims: %w", err)
	}
	return out, nil
}

// addDocument adds a document of type dt received at to f, with its
// check when it was verified: the latest check of a type counts.
func addDocument(f *sla.ClaimFacts, dt sla.DocType, at time.Time, verified *time.Time, ok bool, reason string, vendor bool) {
	f.Documents = append(f.Documents, sla.Document{Type: factType(dt, vendor), ReceivedAt: at, CheckedAt: verified})
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

// factType is what a document of type t counts as in a claim's facts: a
// vendor's invoice is never the office's.
func factType(t sla.DocType, vendor bool) sla.DocType {
	if t == sla.DocInvoice && vendor {
		return sla.DocVendorInvoice
	}
	return t
}
