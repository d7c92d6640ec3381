package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// MessageRow is a message as the dashboard's lists show it.
type MessageRow struct {
	ID          int64
	Direction   string
	FromAddress string
	FromName    string
	Subject     string
	Status      string
	ArrivedAt   time.Time // when it reached the mailbox
	ClaimID     *int64
	JobNumber   string // the claim's, empty when in none
	// ClaimClosed says the message's claim is closed.
	ClaimClosed bool
	NeedsAck    bool
	AckDueAt    *time.Time
	AckedAt     *time.Time
	AckSource   string // AckReply, AckManual, AckOwnEmail, AckNotNeeded; empty while waiting
	AckBy       string
	AckNote     string
	AckMinutes  *int // business minutes it took
	// AckStoppedAt is when its clock stopped, where that is before AckedAt:
	// a "no answer needed" mark made by the deadline that a later reply
	// replaced (UndoManualAck); nil otherwise.
	AckStoppedAt *time.Time
	// Incomplete says why parsing stopped before the end of the message;
	// empty when all of it was read.
	Incomplete string
	// FailedPermanently marks a failure processing again cannot mend.
	FailedPermanently bool
	OfficeID          int64
}

// messageArrival is arrivedAt of message m. A backfill stores years of
// mail in minutes, and the Sent folder after the inbox: lists of mail are
// in this order, which messages_arrived_idx keeps, not in storing order.
var messageArrival = arrivedAtOf("m")

var messageRowColumns = `m.id, m.direction, m.from_address, m.from_name, m.subject, m.status,
	` + messageArrival + `, m.claim_id, coalesce(c.job_number, ''), m.needs_ack,
	m.ack_due_at, m.acknowledged_at, m.ack_source, m.ack_by, m.ack_note, m.ack_business_minutes, m.incomplete,
	m.failed_permanently, m.office_id, m.ack_clock_stopped_at, coalesce(c.status = 'closed', false)`

func scanMessageRow(row pgx.Row, extra ...any) (MessageRow, error) {
	var m MessageRow
	dest := []any{&m.ID, &m.Direction, &m.FromAddress, &m.FromName, &m.Subject, &m.Status, &m.ArrivedAt,
		&m.ClaimID, &m.JobNumber, &m.NeedsAck, &m.AckDueAt, &m.AckedAt, &m.AckSource, &m.AckBy, &m.AckNote, &m.AckMinutes,
		&m.Incomplete, &m.FailedPermanently, &m.OfficeID, &m.AckStoppedAt, &m.ClaimClosed}
	err := row.Scan(append(dest, extra...)...)
	return m, err
}

func collectMessageRows(rows pgx.Rows, err error) ([]MessageRow, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (MessageRow, error) { return scanMessageRow(r) })
}

// awaitingAck is the condition of a message waiting for acknowledgment:
// one from outside that needs it and has none yet. Messages the office
// sends never wait, whatever classification said of them. Its columns are
// unqualified, as in arrivedAt, so that it reads the same with or without
// an alias for messages (no table joined to them has these columns).
const awaitingAck = `direction = 'in' AND needs_ack AND acknowledged_at IS NULL`

// AckQueue returns up to limit messages of the offices waiting for
// acknowledgment, the soonest due first (those without a deadline last),
// and how many wait in all.
func (db *DB) AckQueue(ctx context.Context, offices Offices, limit int) ([]MessageRow, int, error) {
	rows, err := collectMessageRows(db.pool.Query(ctx, `
		SELECT `+messageRowColumns+`
		FROM messages m LEFT JOIN claims c ON c.id = m.claim_id
		WHERE `+awaitingAck+` AND ($2::bigint[] IS NULL OR m.office_id = ANY($2))
		  AND `+coordinatedSQL("m.claim_id", "$3", true)+`
		ORDER BY m.ack_due_at NULLS LAST, 7, m.id
		LIMIT $1`, offices.planArgs(limit, offices.sqlIDs(), offices.coordinatorArg())...))
	if err != nil {
		return nil, 0, fmt.Errorf("messages waiting for acknowledgment: %w", err)
	}
	total := len(rows)
	if total == limit {
		if err := db.pool.QueryRow(ctx, countWaitingSQL, offices.planArgs(offices.sqlIDs(), offices.coordinatorArg())...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count messages waiting for acknowledgment: %w", err)
		}
	}
	return rows, total, nil
}

// countWaitingSQL counts the messages of offices $1 (NULL: all) waiting
// for acknowledgment, of coordinator $2's claims or none when $2 is not
// NULL.
var countWaitingSQL = `SELECT count(*) FROM messages WHERE ` + awaitingAck + ` AND ($1::bigint[] IS NULL OR office_id = ANY($1))
	AND ` + coordinatedSQL("messages.claim_id", "$2", true)

// WaitingUnfiled returns up to limit messages of the offices in no claim
// waiting for acknowledgment (a homeowner's first mail about a loss, an
// assignment nobody matched), in AckQueue's order.
func (db *DB) WaitingUnfiled(ctx context.Context, offices Offices, limit int) ([]MessageRow, error) {
	rows, err := collectMessageRows(db.pool.Query(ctx, `
		SELECT `+messageRowColumns+`
		FROM messages m LEFT JOIN claims c ON c.id = m.claim_id
		WHERE m.claim_id IS NULL AND `+awaitingAck+` AND ($2::bigint[] IS NULL OR m.office_id = ANY($2))
		ORDER BY m.ack_due_at NULLS LAST, 7, m.id
		LIMIT $1`, limit, offices.sqlIDs()))
	if err != nil {
		return nil, fmt.Errorf("mail in no claim waiting for acknowledgment: %w", err)
	}
	return rows, nil
}

// WaitingOfClaims returns the messages of the claims ids waiting for
// acknowledgment, by claim, in AckQueue's order.
func (db *DB) WaitingOfClaims(ctx context.Context, ids []int64) (map[int64][]MessageRow, error) {
	out := map[int64][]MessageRow{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := collectMessageRows(db.pool.Query(ctx, `
		SELECT `+messageRowColumns+`
		FROM messages m JOIN claims c ON c.id = m.claim_id
		WHERE m.claim_id = ANY($1) AND `+awaitingAck+`
		ORDER BY m.ack_due_at NULLS LAST, 7, m.id`, ids))
	if err != nil {
		return nil, fmt.Errorf("messages of claims waiting for acknowledgment: %w", err)
	}
	for _, m := range rows {
		out[*m.ClaimID] = append(out[*m.ClaimID], m)
	}
	return out, nil
}

// RecentlyAcknowledged returns up to limit messages of the offices
// acknowledged at or after since, the latest first.
func (db *DB) RecentlyAcknowledged(ctx context.Context, offices Offices, since time.Time, limit int) ([]MessageRow, error) {
	rows, err := collectMessageRows(db.pool.Query(ctx, `
		SELECT `+messageRowColumns+`
		FROM messages m LEFT JOIN claims c ON c.id = m.claim_id
		WHERE m.acknowledged_at >= $1 AND m.needs_ack AND ($3::bigint[] IS NULL OR m.office_id = ANY($3))
		ORDER BY m.acknowledged_at DESC, m.id DESC
		LIMIT $2`, since, limit, offices.sqlIDs()))
	if err != nil {
		return nil, fmt.Errorf("recently acknowledged messages: %w", err)
	}
	return rows, nil
}

// AckSample is one message that needed acknowledgment, for the chart of
// acknowledgment times.
type AckSample struct {
	ArrivedAt time.Time
	DueAt     *time.Time
	// AcknowledgedAt is when its clock stopped (see AckSamples).
	AcknowledgedAt  *time.Time
	BusinessMinutes *int
}

// AckSamples returns the messages of the offices needing acknowledgment
// that arrived at or after since; those marked as needing no answer after
// all are none of them. Each is acknowledged when its clock stopped: for a
// reply that replaced a mark made in time, the mark's (UndoManualAck).
func (db *DB) AckSamples(ctx context.Context, offices Offices, since time.Time) ([]AckSample, error) {
	// The arrival bound reads messages_arrived_idx.
	out, err := queryAll(ctx, db.pool, pgx.RowToStructByPos[AckSample], `
		SELECT `+arrivedAt+`, ack_due_at, coalesce(ack_clock_stopped_at, acknowledged_at), ack_business_minutes
		FROM messages
		WHERE needs_ack AND direction = 'in' AND `+arrivedAt+` >= $1 AND ack_source <> 'not_needed'
		  AND ($2::bigint[] IS NULL OR office_id = ANY($2))`, since, offices.sqlIDs())
	if err != nil {
		return nil, fmt.Errorf("acknowledgment times: %w", err)
	}
	return out, nil
}

// MessageRowsOf returns the messages ids as the dashboard's lists show
// them, by id; ids of no message are left out.
func (db *DB) MessageRowsOf(ctx context.Context, ids []int64) (map[int64]MessageRow, error) {
	out := map[int64]MessageRow{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := collectMessageRows(db.pool.Query(ctx, `
		SELECT `+messageRowColumns+`
		FROM messages m LEFT JOIN claims c ON c.id = m.claim_id
		WHERE m.id = ANY($1)`, ids))
	if err != nil {
		return nil, fmt.Errorf("messages by id: %w", err)
	}
	for _, m := range rows {
		out[m.ID] = m
	}
	return out, nil
}
