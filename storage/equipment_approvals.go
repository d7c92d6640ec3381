package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// ApprovalWait is an equipment line of an open claim waiting for the
// carrier's approval, with what names its claim and who is asked.
type ApprovalWait struct {
	Equipment
	JobNumber     string
	InsuredName   string
	AdjusterName  string
	AdjusterEmail string
	// RequestedAt is when the approval was asked for: when the line was
	// marked requested, or logged so.
	RequestedAt time.Time
}

// equipmentColumnsOfE are equipmentColumns of the table named e.
var equipmentColumnsOfE = "e." + strings.Join(strings.Fields(strings.ReplaceAll(equipmentColumns, ",", " ")), ", e.")

// approvalWaitQuery reads the lines waiting for approval on open claims
// kept by where (its arguments from $2), oldest request first, at most $1.
const approvalWaitQuery = `SELECT %s, c.job_number, c.insured_name, c.adjuster_name, c.adjuster_email,
		coalesce(e.approval_at, e.created_at)
	FROM equipment e JOIN claims c ON c.id = e.claim_id
	WHERE e.approval = 'requested' AND c.status = 'open' AND %s
	ORDER BY coalesce(e.approval_at, e.created_at), e.id LIMIT $1`

func scanApprovalWait(row pgx.CollectableRow) (ApprovalWait, error) {
	var w ApprovalWait
	e := &w.Equipment
	err := row.Scan(append(e.scanTargets(), &w.JobNumber, &w.InsuredName, &w.AdjusterName, &w.AdjusterEmail,
		&w.RequestedAt)...)
	return w, err
}

// ApprovalsAwaited returns up to limit equipment lines of the offices'
// open claims waiting for the carrier's approval, the longest waiting
// first, and how many there are in all.
func (db *DB) ApprovalsAwaited(ctx context.Context, offices Offices, limit int) ([]ApprovalWait, int, error) {
	where := `($2::bigint[] IS NULL OR c.office_id = ANY($2)) AND ` + coordinatedSQL("c.id", "$3", false)
	out, err := queryAll(ctx, db.pool, scanApprovalWait, fmt.Sprintf(approvalWaitQuery, equipmentColumnsOfE, where),
		offices.planArgs(limit, offices.sqlIDs(), offices.coordinatorArg())...)
	if err != nil {
		return nil, 0, fmt.Errorf("equipment awaiting approval: %w", err)
	}
	total := len(out)
	if total == limit {
		err := db.pool.QueryRow(ctx, `SELECT count(*) FROM equipment e JOIN claims c ON c.id = e.claim_id
			WHERE e.approval = 'requested' AND c.status = 'open' AND ($1::bigint[] IS NULL OR c.office_id = ANY($1))
			  AND `+coordinatedSQL("c.id", "$2", false),
			offices.planArgs(offices.sqlIDs(), offices.coordinatorArg())...).Scan(&total)
		if err != nil {
			return nil, 0, fmt.Errorf("count equipment awaiting approval: %w", err)
		}
	}
	return out, total, nil
}

// maxApprovalsOfClaims bounds the lines ApprovalsAwaitedOfClaims reads:
// far more than open claims wait on.
const maxApprovalsOfClaims = 5000

// ApprovalsAwaitedOfClaims returns, by claim, the equipment lines of the
// open claims ids waiting for the carrier's approval, the longest waiting
// first.
func (db *DB) ApprovalsAwaitedOfClaims(ctx context.Context, ids []int64) (map[int64][]ApprovalWait, error) {
	out := map[int64][]ApprovalWait{}
	if len(ids) == 0 {
		return out, nil
	}
	lines, err := queryAll(ctx, db.pool, scanApprovalWait, fmt.Sprintf(approvalWaitQuery, equipmentColumnsOfE, `c.id = ANY($2)`),
		maxApprovalsOfClaims, ids)
	if err != nil {
		return nil, fmt.Errorf("equipment awaiting approval of claims: %w", err)
	}
	for _, w := range lines {
		out[w.ClaimID] = append(out[w.ClaimID], w)
	}
	return out, nil
}
