package storage

import (
	"context"
	"fmt"

	"github.com/claimdesk/claimdesk/classify"
)

// ClaimChanges answers ClaimsChangedSince.
type ClaimChanges struct {
	// Xmin is the xmin of the snapshot the claims were read in: every
	// transaction with a lower id had ended then. The next call, given it,
	// finds whatever was committed since.
	Xmin uint64
	// Claims are the claims read, open or not, of every office.
	Claims []OfficeClaim
}

// OfficeClaim is a claim as the classifier sees it, with its office.
type OfficeClaim struct {
	Office int64
	classify.Claim
}

// ClaimsChangedSince returns the claims, of every office, whose columns the
// classifier reads were last written by a transaction with an id of at
// least since (migration 51's changed_xid), found by its index; since 0
// returns every open claim, after giving claims restored from another
// cluster's dump this cluster's transaction ids (forgetOtherClustersXids).
// A claim written by a transaction still running
// when the answer's snapshot was taken is not among them, but its
// transaction's id is at least Xmin: the next call finds it. (A long
// transaction anywhere in the cluster holds Xmin back: the claims changed
// since it began are read again at every call until it ends.)
func (db *DB) ClaimsChangedSince(ctx context.Context, since uint64) (ClaimChanges, error) {
	which, args := `claims.status = 'open'`, []any{}
	if since > 0 {
		which, args = `claims.changed_xid >= $1::text::xid8`, []any{fmt.Sprint(since)}
	} else if err := db.forgetOtherClustersXids(ctx); err != nil {
		return ClaimChanges{}, err
	}
	// lookupColumns, each with a value for the snapshot's own row, which
	// the join keeps when no claim changed.
	rows, err := db.pool.Query(ctx, `
		SELECT snap.xmin, coalesce(office_id, 0), coalesce(id, 0), coalesce(job_number, ''), coalesce(claim_number, ''),
		       coalesce(policy_number, ''), coalesce(carrier, ''), coalesce(insured_name, ''), coalesce(loss_address, ''),
		       coalesce(adjuster_name, ''), coalesce(adjuster_email, ''), coalesce(status = 'open', false),
		       coalesce(adjuster_file_number, '')
		FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin) snap
		LEFT JOIN claims ON `+which, args...)
	if err != nil {
		return ClaimChanges{}, fmt.Errorf("claims changed since %d: %w", since, err)
	}
	defer rows.Close()
	var out ClaimChanges
	for rows.Next() {
		var c OfficeClaim
		if err := rows.Scan(append([]any{&out.Xmin, &c.Office}, lookupFields(&c.Claim)...)...); err != nil {
			return ClaimChanges{}, fmt.Errorf("claims changed since %d: %w", since, err)
		}
		if c.ID != 0 { // the snapshot's row when no claim changed
			out.Claims = append(out.Claims, c)
		}
	}
	if err := rows.Err(); err != nil {
		return ClaimChanges{}, fmt.Errorf("claims changed since %d: %w", since, err)
	}
	return out, nil
}

// forgetOtherClustersXids gives claims restored from another cluster's
// dump (pg_dump keeps changed_xid, but not the transaction counter it came
// from) this transaction's id where theirs is ahead of it: such a claim
// would otherwise be read as changed at every call until the counter
// caught up.
func (db *DB) forgetOtherClustersXids(ctx context.Context) error {
	if _, err := db.pool.Exec(ctx, `UPDATE claims SET changed_xid = pg_current_xact_id() WHERE changed_xid > pg_current_xact_id()`); err != nil {
		return fmt.Errorf("claims restored from another database: %w", err)
	}
	return nil
}
