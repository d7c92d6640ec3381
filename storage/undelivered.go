package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Undelivered is what a delivery report (a bounce) says: which message
// did not arrive, and the recipients refused.
type Undelivered struct {
	// Returned is the Message-ID of the message the report returns.
	Returned   string                 `json:"returned"`
	Recipients []UndeliveredRecipient `json:"recipients"`
}

// UndeliveredRecipient is a recipient a receiving server refused.
type UndeliveredRecipient struct {
	Address    string `json:"address"`              // as the sender wrote it
	Final      string `json:"final,omitempty"`      // the alias it resolved to, when another
	Status     string `json:"status"`               // enhanced status code, "5.1.1"
	Diagnostic string `json:"diagnostic,omitempty"` // the server's answer
}

// recipientOf is the condition that recipient x (a jsonb element of a
// report's recipients) is one the message aliased sent was sent to.
func recipientOf(sent string) string {
	return `EXISTS (SELECT FROM unnest(` + sent + `.to_addresses || ` + sent + `.cc_addresses) a
		WHERE lower(a) IN (lower(x->>'address'), lower(x->>'final')))`
}

// namesRecipientOf is the condition that report m names a recipient of
// the message aliased sent.
func namesRecipientOf(sent string) string {
	return `EXISTS (SELECT FROM jsonb_array_elements(m.undelivered->'recipients') x WHERE ` + recipientOf(sent) + `)`
}

// shownRecipients are the recipients of report m that its office's
// message s was sent to: only those are shown, whatever else the report
// (which anyone can write) claims.
var shownRecipients = `(SELECT coalesce(jsonb_agg(x), '[]') FROM jsonb_array_elements(m.undelivered->'recipients') x WHERE ` + recipientOf("s") + `)`

// linkedSent is the condition that report m is linked to message s, its
// office's: a move to another office leaves no link across.
const linkedSent = `m.undelivered IS NOT NULL AND s.id = m.undelivered_of AND s.office_id = m.office_id`

// A link statement returns the reports it linked that wait outside a claim
// (ignored as automatic mail, or in triage) while the office's message they
// return is filed: read before that message was, they had no thread to
// follow, and matched again they go where it is.
const linkedOutsideClaim = `
	SELECT id FROM linked WHERE claim_id IS NOT NULL AND status IN ('` + StatusIgnored + `', '` + StatusTriage + `')`

// LinkUndeliveredReport links message id, a delivery report, within tx,
// to the first message its office sent that it returns and whose
// recipients it names, if one is stored. Run after the report's commit:
// see LinkReportsOf. It returns the report when it is to be matched again
// (see linkedOutsideClaim).
func LinkUndeliveredReport(ctx context.Context, tx pgx.Tx, id int64) ([]int64, error) {
	var ids []int64
	b := &pgx.Batch{}
	queueLinkReport(b, id, &ids)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("link delivery report %d: %w", id, err)
	}
	return ids, nil
}

// queueLinkReport queues on b the link of report id, adding to ids the
// reports to match again. The office's messages it may link to are locked
// first, in a statement of their own: one being filed commits its claim
// before the link reads it (else the link would see no claim, and the
// filing would not see the link).
func queueLinkReport(b *pgx.Batch, id int64, ids *[]int64) {
	queueExec(b, fmt.Sprintf("lock the office's message delivery report %d returns", id), `
		SELECT FROM messages o
		WHERE o.message_id = (SELECT undelivered->>'returned' FROM messages WHERE id = $1 AND undelivered_of IS NULL)
		  AND o.message_id <> '' AND o.direction = 'out'
		  AND o.office_id = (SELECT office_id FROM messages WHERE id = $1)
		FOR SHARE OF o`, id)
	queueCollect(b, ids, linkReportSQL, id)
}

// queueCollect queues sql on b, adding the ids it returns to ids.
func queueCollect(b *pgx.Batch, ids *[]int64, sql string, args ...any) {
	b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		more, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		*ids = append(*ids, more...)
		return err
	})
}

// linkReportSQL is LinkUndeliveredReport's statement.
var linkReportSQL = `
	WITH linked AS (
		UPDATE messages m SET undelivered_of = s.id
		FROM messages s
		WHERE m.id = $1 AND m.undelivered IS NOT NULL AND m.undelivered_of IS NULL
		  AND s.id = (SELECT o.id FROM messages o
		              WHERE o.message_id = m.undelivered->>'returned' AND o.message_id <> ''
		                AND o.office_id = m.office_id AND o.direction = 'out' AND ` + namesRecipientOf("o") + `
		              ORDER BY o.id LIMIT 1)
		RETURNING m.id, m.status, s.claim_id)` + linkedOutsideClaim

// LinkUndelivered is what a message's processing, run again after it was
// stored, does, within tx, to links it may have missed (a crash or an
// error between its commit and its look): LinkUndeliveredReport and
// LinkReportsOf, in one round trip; each does nothing to a message it is
// not about. It returns the reports to match again.
func LinkUndelivered(ctx context.Context, tx pgx.Tx, id int64) ([]int64, error) {
	var ids []int64
	b := &pgx.Batch{}
	queueLinkReport(b, id, &ids)
	queueCollect(b, &ids, linkReportsOfSQL, id)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("link delivery reports of message %d: %w", id, err)
	}
	return ids, nil
}

// ReportsOutsideClaim returns, within tx, the unseen delivery reports
// linked to message id, one the office sent, that wait outside a claim:
// linked while it was not filed yet (waiting for OCR, in triage), they go
// where it is filed now. It reads the board's partial index of linked
// reports.
func ReportsOutsideClaim(ctx context.Context, tx pgx.Tx, id int64) ([]int64, error) {
	ids, err := queryAll(ctx, tx, pgx.RowTo[int64], reportsOutsideClaimSQL, id)
	if err != nil {
		return nil, fmt.Errorf("delivery reports of message %d outside a claim: %w", id, err)
	}
	return ids, nil
}

const reportsOutsideClaimSQL = `SELECT id FROM messages
	WHERE undelivered_of = $1 AND acknowledged_at IS NULL AND status IN ('` + StatusIgnored + `', '` + StatusTriage + `')
	  AND office_id = (SELECT office_id FROM messages WHERE id = $1)`

// LinkReportsOf links, within tx, the delivery reports waiting for message
// id, one the office sent, that name one of its recipients. Run after the
// message's commit, as LinkUndeliveredReport after the report's: of a
// report and its message stored at once, whichever looks second sees the
// other. It returns the reports to match again (see linkedOutsideClaim).
func LinkReportsOf(ctx context.Context, tx pgx.Tx, id int64) ([]int64, error) {
	ids, err := queryAll(ctx, tx, pgx.RowTo[int64], linkReportsOfSQL, id)
	if err != nil {
		return nil, fmt.Errorf("link delivery reports of message %d: %w", id, err)
	}
	return ids, nil
}

// linkReportsOfSQL is LinkReportsOf's statement: it reads the reports
// waiting for message $1's Message-ID from their partial index.
var linkReportsOfSQL = `
	WITH linked AS (
		UPDATE messages m SET undelivered_of = s.id
		FROM messages s
		WHERE s.id = $1 AND s.direction = 'out' AND s.message_id <> ''
		  AND m.undelivered IS NOT NULL AND m.undelivered_of IS NULL
		  AND m.undelivered->>'returned' = s.message_id AND m.office_id = s.office_id
		  AND ` + namesRecipientOf("s") + `
		RETURNING m.id, m.status, s.claim_id)` + linkedOutsideClaim

// UndeliveredReport is a delivery report of the office's mail not yet
// seen: the report's row, what it says, and the office's message it
// returns with that message's claim (where the mail belonged).
type UndeliveredReport struct {
	MessageRow
	Undelivered   Undelivered
	SentID        int64
	SentSubject   string
	SentClaimID   *int64
	SentJobNumber string
}

// undeliveredShown is how long a report stays on the board unseen.
const undeliveredShown = 30 * 24 * time.Hour

// undeliveredFrom and undeliveredWhere select the unseen delivery reports
// of offices $2 (nil: all) that arrived since $1, with the office's
// messages they return, from the partial index of such reports.
var (
	undeliveredFrom  = ` FROM messages m JOIN messages s ON ` + linkedSent
	undeliveredWhere = `
	WHERE m.undelivered_of IS NOT NULL AND m.acknowledged_at IS NULL AND ` + messageArrival + ` > $1
	  AND ($2::bigint[] IS NULL OR m.office_id = ANY($2))`
)

// UndeliveredMail returns up to limit delivery reports of the offices'
// mail that arrived in the 30 days before now and are not yet seen
// (acknowledged), the latest first, and how many there are in all.
func (db *DB) UndeliveredMail(ctx context.Context, offices Offices, now time.Time, limit int) ([]UndeliveredReport, int, error) {
	since := now.Add(-undeliveredShown)
	rows, err := db.pool.Query(ctx, `
		SELECT `+undeliveredColumns+undeliveredWhere+`
		  AND `+coordinatedSQL("s.claim_id", "$4", true)+`
		ORDER BY `+messageArrival+` DESC, m.id DESC
		LIMIT $3`, offices.planArgs(since, offices.sqlIDs(), limit, offices.coordinatorArg())...)
	if err != nil {
		return nil, 0, fmt.Errorf("undelivered mail: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanUndeliveredReport)
	if err != nil {
		return nil, 0, fmt.Errorf("undelivered mail: %w", err)
	}
	total := len(out)
	if total == limit {
		if err := db.pool.QueryRow(ctx, `SELECT count(*)`+undeliveredFrom+undeliveredWhere+` AND `+coordinatedSQL("s.claim_id", "$3", true),
			offices.planArgs(since, offices.sqlIDs(), offices.coordinatorArg())...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count undelivered mail: %w", err)
		}
	}
	return out, total, nil
}

// undeliveredColumns are those scanUndeliveredReport reads, of report m,
// the office's message s and the claims c and sc of each.
var undeliveredColumns = messageRowColumns + `,
	m.undelivered->>'returned', ` + shownRecipients + `, s.id, s.subject, s.claim_id, coalesce(sc.job_number, '')` +
	undeliveredFrom + ` LEFT JOIN claims c ON c.id = m.claim_id LEFT JOIN claims sc ON sc.id = s.claim_id`

func scanUndeliveredReport(row pgx.CollectableRow) (UndeliveredReport, error) {
	var u UndeliveredReport
	m, err := scanMessageRow(row, &u.Undelivered.Returned, &u.Undelivered.Recipients,
		&u.SentID, &u.SentSubject, &u.SentClaimID, &u.SentJobNumber)
	u.MessageRow = m
	return u, err
}

// ClaimUndelivered returns the delivery reports not yet seen of the
// office's mail filed to claim that arrived in the 30 days before now,
// the latest first: what the claim page tells to put right.
func (db *DB) ClaimUndelivered(ctx context.Context, claim int64, now time.Time) ([]UndeliveredReport, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+undeliveredColumns+`
		WHERE m.undelivered_of IS NOT NULL AND m.acknowledged_at IS NULL AND `+messageArrival+` > $2 AND s.claim_id = $1
		ORDER BY `+messageArrival+` DESC, m.id DESC`, claim, now.Add(-undeliveredShown))
	if err != nil {
		return nil, fmt.Errorf("undelivered mail of claim %d: %w", claim, err)
	}
	out, err := pgx.CollectRows(rows, scanUndeliveredReport)
	if err != nil {
		return nil, fmt.Errorf("undelivered mail of claim %d: %w", claim, err)
	}
	return out, nil
}

// RecordAddress is an email address on a claim's record: the insured's,
// the adjuster's, or a participant's (Role is "insured", "adjuster" or
// the participant's role).
type RecordAddress struct {
	ClaimID     int64
	JobNumber   string
	InsuredName string
	Role, Name  string
	Email       string
}

// recordAddressesShown bounds the addresses RecordAddressOf compares.
const recordAddressesShown = 500

// RecordAddressOf finds address on the records of office's claims, or an
// address spelt close to it at the same domain (a letter or two apart,
// as maxEdits counts): where a returned message was meant to go, and
// what the record has. Claim's record (0: none) is read first, then open
// claims', the newest first. Nil when no record has it or one near it.
func (db *DB) RecordAddressOf(ctx context.Context, office int64, address string, claim int64) (*RecordAddress, error) {
	near, err := db.recordAddressesNear(ctx, office, address, claim)
	if err != nil || len(near) == 0 {
		return nil, err
	}
	return &near[0], nil
}

// RecordAddressesNear returns every entry of office's claims' records at
// address, or, when none is, at the addresses spelt closest to it at its
// domain (a letter or two apart): the people the office's mail to address
// may have been meant for, open claims' first.
func (db *DB) RecordAddressesNear(ctx context.Context, office int64, address string) ([]RecordAddress, error) {
	return db.recordAddressesNear(ctx, office, address, 0)
}

// recordAddressesNear is RecordAddressesNear, claim's record (0: none)
// read first. The address itself is sought by its indexes on every claim
// of the office; only when no record has it are the addresses of its
// domain compared, the newest claims' recordAddressesShown of them.
func (db *DB) recordAddressesNear(ctx context.Context, office int64, address string, claim int64) ([]RecordAddress, error) {
	address = strings.ToLower(strings.TrimSpace(address))
	local, domain, _ := strings.Cut(address, "@")
	if local == "" || domain == "" {
		return nil, nil
	}
	addrs, err := db.recordAddresses(ctx, `
		SELECT c.id, c.job_number, c.insured_name, a.role, a.name, a.email
		FROM (SELECT id, 'insured', insured_name, insured_email FROM claims WHERE lower(insured_email) = $2 AND insured_email <> ''
		      UNION ALL SELECT id, 'adjuster', adjuster_name, adjuster_email FROM claims WHERE lower(adjuster_email) = $2 AND adjuster_email <> ''
		      UNION ALL SELECT claim_id, role, name, email FROM claim_participants WHERE lower(email) = $2 AND email <> ''
		     ) a (claim_id, role, name, email)
		JOIN claims c ON c.id = a.claim_id
		WHERE c.office_id = $1
		ORDER BY c.id = $3 DESC, c.status = 'open' DESC, c.id DESC`, office, address, claim)
	if err != nil || len(addrs) > 0 {
		return addrs, err
	}
	addrs, err = db.recordAddresses(ctx, `
		SELECT c.id, c.job_number, c.insured_name, a.role, a.name, a.email
		FROM claims c
		CROSS JOIN LATERAL (
			SELECT 'insured', c.insured_name, c.insured_email
			UNION ALL SELECT 'adjuster', c.adjuster_name, c.adjuster_email
			UNION ALL SELECT p.role, p.name, p.email FROM claim_participants p WHERE p.claim_id = c.id
		) a (role, name, email)
		WHERE c.office_id = $1 AND a.email <> ''
		  AND (c.id = $3 OR lower(split_part(a.email, '@', 2)) = $2)
		ORDER BY c.id = $3 DESC, c.status = 'open' DESC, c.id DESC
		LIMIT $4`, office, domain, claim, recordAddressesShown)
	if err != nil {
		return nil, err
	}
	var near []RecordAddress
	best := maxEdits(local) + 1
	for _, a := range addrs {
		l, d, _ := strings.Cut(strings.ToLower(a.Email), "@")
		if d != domain {
			continue
		}
		switch n := editDistance(l, local); {
		case n < best:
			near, best = []RecordAddress{a}, n
		case n == best:
			near = append(near, a)
		}
	}
	return near, nil
}

// recordAddresses reads the record addresses query finds.
func (db *DB) recordAddresses(ctx context.Context, query string, args ...any) ([]RecordAddress, error) {
	rows, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("record addresses: %w", err)
	}
	addrs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (RecordAddress, error) {
		var a RecordAddress
		err := row.Scan(&a.ClaimID, &a.JobNumber, &a.InsuredName, &a.Role, &a.Name, &a.Email)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("record addresses: %w", err)
	}
	return addrs, nil
}

// RefusedRecipients returns the addresses, in lower case, that delivery
// reports in office's mail say refused the message with Message-ID
// messageID, of those in sentTo (the message's recipients, lower case): a
// report naming anyone else is not believed.
func (db *DB) RefusedRecipients(ctx context.Context, office int64, messageID string, sentTo []string) ([]string, error) {
	if messageID == "" || len(sentTo) == 0 {
		return nil, nil
	}
	out, err := queryAll(ctx, db.pool, pgx.RowTo[string], `
		SELECT DISTINCT lower(x->>'address') FROM messages m, jsonb_array_elements(m.undelivered->'recipients') x
		WHERE m.undelivered IS NOT NULL AND m.undelivered->>'returned' = $2 AND m.office_id = $1
		  AND (lower(x->>'address') = ANY($3) OR lower(x->>'final') = ANY($3))
		ORDER BY 1`, office, messageID, sentTo)
	if err != nil {
		return nil, fmt.Errorf("refused recipients of %s: %w", messageID, err)
	}
	return out, nil
}

// ReturnedInTriage returns, within tx, the office's messages in triage
// that delivery report id returns (by Message-ID, from Sent or a copy in
// the shared inbox): the report may tell whom they were meant for, so
// they are matched again.
func ReturnedInTriage(ctx context.Context, tx pgx.Tx, id int64) ([]int64, error) {
	ids, err := queryAll(ctx, tx, pgx.RowTo[int64], `
		SELECT o.id FROM messages m JOIN messages o ON o.message_id = m.undelivered->>'returned' AND o.office_id = m.office_id
		WHERE m.id = $1 AND m.undelivered IS NOT NULL AND o.message_id <> '' AND o.id <> m.id AND o.status = '`+StatusTriage+`'
		ORDER BY o.id`, id)
	if err != nil {
		return nil, fmt.Errorf("messages in triage delivery report %d returns: %w", id, err)
	}
	return ids, nil
}

// RefusedRecipientsOf returns the addresses, in lower case, that delivery
// reports say refused message id, the office's, of those it was sent to:
// RefusedRecipients of its Message-ID and recipients.
func (db *DB) RefusedRecipientsOf(ctx context.Context, id int64) ([]string, error) {
	var (
		office    int64
		messageID string
		sentTo    []string
	)
	err := db.pool.QueryRow(ctx, `SELECT office_id, message_id, ARRAY(SELECT lower(a) FROM unnest(to_addresses || cc_addresses) a)
		FROM messages WHERE id = $1`, id).Scan(&office, &messageID, &sentTo)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("refused recipients of message %d: %w", id, err)
	}
	return db.RefusedRecipients(ctx, office, messageID, sentTo)
}
