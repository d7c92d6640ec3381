package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/classify"
)

// ClaimCounts is what the claims list shows beside each claim.
type ClaimCounts struct {
	Waiting      int // messages waiting for acknowledgment
	Overdue      int // of them, past their deadline at the time asked
	Documents    int
	LastUpdateAt *time.Time
	// AlertsOverdue and AlertsShowing count the paperwork alerts showing
	// at the time asked (claim_alerts) that have a deadline: past it, and
	// all. Work without one (signatures to verify) is to do, not due soon,
	// as the board says it.
	AlertsOverdue, AlertsShowing int
	// RequestsOverdue and RequestsOpen count the claim's open requests:
	// past their due time, and all.
	RequestsOverdue, RequestsOpen int
}

// ClaimCountsOf returns the counts of the claims ids at now, by claim.
func (db *DB) ClaimCountsOf(ctx context.Context, ids []int64, now time.Time) (map[int64]ClaimCounts, error) {
	out := make(map[int64]ClaimCounts, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `
		SELECT c.id, w.waiting, w.overdue,
		       (SELECT count(*) FROM documents d WHERE d.claim_id = c.id),
		       (SELECT max(u.at) FROM claim_updates u WHERE u.claim_id = c.id),
		       a.overdue, a.showing, r.overdue, r.open
		FROM claims c
		CROSS JOIN LATERAL (
			SELECT count(*) FILTER (WHERE a.due_at < $2) AS overdue, count(a.due_at) AS showing
			FROM claim_alerts a
			WHERE a.claim_id = c.id AND a.shows_from <= $2 AND a.shows_until > $2) a
		CROSS JOIN LATERAL (
			SELECT count(*) FILTER (WHERE q.due_at < $2) AS overdue, count(*) AS open
			FROM requests q
			WHERE q.claim_id = c.id AND q.status = 'open'
			  AND NOT EXISTS (SELECT 1 FROM requests e WHERE `+repeatSQL("q", "e")+`)) r
		CROSS JOIN LATERAL (
			SELECT count(*) AS waiting, count(*) FILTER (WHERE m.ack_due_at < $2) AS overdue
			FROM messages m
			WHERE m.claim_id = c.id AND `+awaitingAck+`) w
		WHERE c.id = ANY($1)`, ids, now)
	if err != nil {
		return nil, fmt.Errorf("claim counts: %w", err)
	}
	var (
		id int64
		c  ClaimCounts
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &c.Waiting, &c.Overdue, &c.Documents, &c.LastUpdateAt,
		&c.AlertsOverdue, &c.AlertsShowing, &c.RequestsOverdue, &c.RequestsOpen}, func() error {
		out[id] = c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim counts: %w", err)
	}
	return out, nil
}

// ClaimFilterValues returns the carriers and adjusters the claims of the
// offices have, for the claims list's filters, at most limit of each.
func (db *DB) ClaimFilterValues(ctx context.Context, offices Offices, limit int) (carriers, adjusters []string, err error) {
	if carriers, err = db.distinctClaimValues(ctx, "carrier", offices, limit); err != nil {
		return nil, nil, fmt.Errorf("carriers: %w", err)
	}
	if adjusters, err = db.distinctClaimValues(ctx, "adjuster_name", offices, limit); err != nil {
		return nil, nil, fmt.Errorf("adjusters: %w", err)
	}
	return carriers, adjusters, nil
}

// distinctClaimValues returns the distinct non-empty values of a claims
// column, in order, at most limit. It steps through the column's index one
// value at a time: a few hundred carriers and adjusters among a hundred
// thousand claims are a few hundred index lookups, where DISTINCT would
// read every claim.
func (db *DB) distinctClaimValues(ctx context.Context, column string, offices Offices, limit int) ([]string, error) {
	const inOffices = ` AND ($2::bigint[] IS NULL OR office_id = ANY($2))`
	return queryAll(ctx, db.pool, pgx.RowTo[string], `
		WITH RECURSIVE v(value, n) AS (
			(SELECT `+column+`, 1 FROM claims WHERE `+column+` <> ''`+inOffices+` ORDER BY 1 LIMIT 1)
			UNION ALL
			SELECT (SELECT `+column+` FROM claims WHERE `+column+` > v.value`+inOffices+` ORDER BY 1 LIMIT 1), v.n + 1
			FROM v WHERE v.value IS NOT NULL AND v.n < $1
		)
		SELECT value FROM v WHERE value IS NOT NULL`, limit, offices.sqlIDs())
}

// ClaimMessageRows returns up to limit messages of claim id, the latest
// arrived first.
func (db *DB) ClaimMessageRows(ctx context.Context, claimID int64, limit int) ([]MessageRow, error) {
	rows, err := collectMessageRows(db.pool.Query(ctx, `
		SELECT `+messageRowColumns+`
		FROM messages m LEFT JOIN claims c ON c.id = m.claim_id
		WHERE m.claim_id = $1
		ORDER BY `+messageArrival+` DESC, m.id DESC
		LIMIT $2`, claimID, limit))
	if err != nil {
		return nil, fmt.Errorf("messages of claim %d: %w", claimID, err)
	}
	return rows, nil
}

// ClaimUpdateRow is one recorded update on a claim.
type ClaimUpdateRow struct {
	ID        int64
	At        time.Time
	Source    string // email or note
	MessageID *int64
	Author    string
	Note      string
	// Mail is, for an update by email, the message's body as received:
	// its plain text, else its HTML.
	Mail string
	// CopyStatus, CopyNeeded and CopyUnverified are what the update's text
	// for the job system says of its claim (UpdateCopy), kept once worked
	// out; CopyStatus is nil until then.
	CopyStatus                 *string
	CopyNeeded, CopyUnverified []string
}

// UpdateCopy is what a daily update's text for the job system says of its
// claim as the claim stood at the update: where our part stood, and what
// payment still needed (documents to get, signed forms on file whose
// signatures wait for their check), in words.
type UpdateCopy struct {
	Status             string
	Needed, Unverified []string
}

// Copy is what update u's text for the job system says of its claim;
// false while it is not kept yet.
func (u ClaimUpdateRow) Copy() (UpdateCopy, bool) {
	if u.CopyStatus == nil {
		return UpdateCopy{}, false
	}
	return UpdateCopy{Status: *u.CopyStatus, Needed: u.CopyNeeded, Unverified: u.CopyUnverified}, true
}

// updateRowColumns are ClaimUpdateRow's columns in its order, of claim_updates u
// and its email m.
const updateRowColumns = `u.id, u.at, u.source, u.message_id, u.author, u.note,
		coalesce(CASE WHEN btrim(m.body_text) <> '' THEN m.body_text ELSE m.body_html END, ''),
		u.copy_status, u.copy_needed, u.copy_unverified`

// KeepUpdateCopies keeps, by update id, what each update's text for the
// job system says of its claim. An update whose copy is kept already
// keeps it: once written, the text of an update does not change.
func (db *DB) KeepUpdateCopies(ctx context.Context, copies map[int64]UpdateCopy) error {
	if len(copies) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	for id, c := range copies {
		queueExec(b, fmt.Sprintf("keep the copy of update %d", id), `
			UPDATE claim_updates SET copy_status = $2, copy_needed = $3, copy_unverified = $4
			WHERE id = $1 AND copy_status IS NULL`, id, c.Status, nonNil(c.Needed), nonNil(c.Unverified))
	}
	return db.pool.SendBatch(ctx, b).Close()
}

// ClaimUpdateRows returns the updates on claim id at or after since, the
// latest first, at most limit.
func (db *DB) ClaimUpdateRows(ctx context.Context, claimID int64, since time.Time, limit int) ([]ClaimUpdateRow, error) {
	out, err := queryAll(ctx, db.pool, pgx.RowToStructByPos[ClaimUpdateRow], `
		SELECT `+updateRowColumns+`
		FROM claim_updates u LEFT JOIN messages m ON m.id = u.message_id
		WHERE u.claim_id = $1 AND u.at >= $2
		ORDER BY u.at DESC, u.id DESC LIMIT $3`, claimID, since, limit)
	if err != nil {
		return nil, fmt.Errorf("updates of claim %d: %w", claimID, err)
	}
	return out, nil
}

// ClaimDocumentsPage returns up to limit documents of claim id by folder,
// then date received, then name, and whether it has more.
func (db *DB) ClaimDocumentsPage(ctx context.Context, claimID int64, limit int) ([]Document, bool, error) {
	docs, err := collectDocuments(db.pool.Query(ctx, documentSelect+`
		WHERE d.claim_id = $1 ORDER BY d.folder, d.received_at, d.filename, d.id LIMIT $2`, claimID, limit+1))
	if err != nil {
		return nil, false, fmt.Errorf("documents of claim %d: %w", claimID, err)
	}
	if len(docs) > limit {
		return docs[:limit], true, nil
	}
	return docs, false, nil
}

// ClaimChoice is a claim offered in a picker.
type ClaimChoice struct {
	ID          int64
	JobNumber   string
	ClaimNumber string
	InsuredName string
}

// OpenClaimChoices returns up to limit open claims of the offices, the
// newest first, for pickers.
func (db *DB) OpenClaimChoices(ctx context.Context, offices Offices, limit int) ([]ClaimChoice, error) {
	out, err := queryAll(ctx, db.pool, pgx.RowToStructByPos[ClaimChoice], `
		SELECT id, job_number, claim_number, insured_name FROM claims
		WHERE status = 'open' AND ($2::bigint[] IS NULL OR office_id = ANY($2))
		ORDER BY id DESC LIMIT $1`, limit, offices.sqlIDs())
	if err != nil {
		return nil, fmt.Errorf("open claims: %w", err)
	}
	return out, nil
}

// FindClaimByNumber returns the claim whose job or carrier claim number is
// ref, however written; ErrNotFound when none is, ErrConflict when two are.
func (db *DB) FindClaimByNumber(ctx context.Context, ref string) (Claim, error) {
	n := classify.Normalize(ref)
	if n == "" {
		return Claim{}, fmt.Errorf("claim %q: %w", ref, ErrNotFound)
	}
	claims, err := collectClaims(db.pool.Query(ctx, `SELECT `+claimColumns+` FROM claims
		WHERE job_number_norm = $1 OR claim_number_norm = $1 ORDER BY id LIMIT 2`, n))
	if err != nil {
		return Claim{}, err
	}
	switch len(claims) {
	case 0:
		return Claim{}, fmt.Errorf("claim %q: %w", ref, ErrNotFound)
	case 1:
		return claims[0], nil
	}
	return Claim{}, fmt.Errorf("%q names claims %s and %s: %w", ref, claims[0].JobNumber, claims[1].JobNumber, ErrConflict)
}

// AddClaimNote records a coordinator's update note on a claim;
// ErrNotFound when there is no such claim.
func (db *DB) AddClaimNote(ctx context.Context, claimID int64, author, note string, at time.Time) error {
	return db.InTx(ctx, func(tx pgx.Tx) error {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM claims WHERE id = $1`, claimID).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("claim %d: %w", claimID, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("add note to claim %d: %w", claimID, err)
		}
		return AddClaimUpdate(ctx, tx, ClaimUpdate{ClaimID: claimID, At: at, Source: "note", Author: author, Note: note})
	})
}
