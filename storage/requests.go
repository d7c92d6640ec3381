package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Request statuses.
const (
	RequestOpen = "open"
	RequestDone = "done"
)

// NewRequest is what a person's message asks the office for, to record on
// its claim.
type NewRequest struct {
	ClaimID   int64
	MessageID int64
	From      string
	// FromName and Subject are the asking message's sender's name and
	// subject, as people know the request by.
	FromName string
	Subject  string
	DocTypes []string
	Items    []string
	Text     string
	AskedAt  time.Time
	Due      *time.Time
}

// Request is a recorded request and where it stands.
type Request struct {
	ID        int64
	ClaimID   int64
	OfficeID  int64
	JobNumber string
	MessageID int64
	From      string
	// FromName and Subject are the asking message's sender's name and
	// subject, as people know the request by.
	FromName string
	Subject  string
	DocTypes []string
	Items    []string
	// SentTypes are the requested types the office has sent the asker.
	SentTypes     []string
	Text          string
	AskedAt       time.Time
	DueAt         *time.Time
	Status        string
	DoneAt        *time.Time
	DoneBy        string
	DoneMessageID *int64
	Note          string
	// RepeatOf is the open request this open one asks again (see
	// repeatSQL): the same asker, on the same claim, asking for nothing
	// more. People see the two as one request.
	RepeatOf *int64
	// AskedAgain are the times this open request was asked again, by its
	// repeats, oldest first.
	AskedAgain []time.Time
}

// repeatSQL is the condition that request later, in its own message,
// asks again for what open request earlier asks: later is open, from the
// same asker on the same claim, asked after earlier, and asks for nothing
// earlier does not. A follow-up ("still waiting on the photos") is the
// same request, not a second one to see to.
func repeatSQL(later, earlier string) string {
	return strings.NewReplacer("L.", later+".", "E.", earlier+".").Replace(`(L.status = 'open' AND E.status = 'open'
		AND E.claim_id = L.claim_id AND E.from_addr = L.from_addr AND (E.asked_at, E.id) < (L.asked_at, L.id)
		AND cardinality(L.doc_types) + cardinality(L.items) > 0
		AND L.doc_types <@ E.doc_types AND L.items <@ E.items)`)
}

// notRepeatSQL is true of request r when it repeats no open request:
// what lists for people show.
var notRepeatSQL = `NOT EXISTS (SELECT 1 FROM requests e WHERE ` + repeatSQL("r", "e") + `)`

// requestColumns are read by scanRequest, in order.
var requestColumns = `r.id, r.claim_id, c.job_number, r.message_id, r.from_addr, r.doc_types, r.items, r.sent_types,
	r.text, r.asked_at, r.due_at, r.status, r.done_at, r.done_by, r.done_message_id, r.note, r.office_id,
	coalesce((SELECT array[m.from_name, m.subject] FROM messages m WHERE m.id = r.message_id), '{"", ""}'),
	(SELECT e.id FROM requests e WHERE ` + repeatSQL("r", "e") + ` ORDER BY e.asked_at, e.id LIMIT 1),
	ARRAY(SELECT x.asked_at FROM requests x WHERE ` + repeatSQL("x", "r") + ` ORDER BY x.asked_at, x.id)`

func scanRequest(row pgx.CollectableRow) (Request, error) {
	var r Request
	var asker []*string // the asking message's sender's name and subject
	err := row.Scan(&r.ID, &r.ClaimID, &r.JobNumber, &r.MessageID, &r.From, &r.DocTypes, &r.Items, &r.SentTypes,
		&r.Text, &r.AskedAt, &r.DueAt, &r.Status, &r.DoneAt, &r.DoneBy, &r.DoneMessageID, &r.Note, &r.OfficeID, &asker,
		&r.RepeatOf, &r.AskedAgain)
	if err == nil && len(asker) == 2 {
		if asker[0] != nil {
			r.FromName = *asker[0]
		}
		if asker[1] != nil {
			r.Subject = *asker[1]
		}
	}
	return r, err
}

// RecordRequest saves what message r.MessageID asks, on its claim. Processing
// the message again replaces what it asks and keeps where it stands.
func RecordRequest(ctx context.Context, tx pgx.Tx, r NewRequest) error {
	b := &pgx.Batch{}
	QueueRequest(b, r)
	return SendQueued(ctx, tx, b)
}

// QueueRequest queues RecordRequest's statement on b.
func QueueRequest(b *pgx.Batch, r NewRequest) {
	queueExec(b, fmt.Sprintf("record request of message %d", r.MessageID), `
		INSERT INTO requests (claim_id, office_id, message_id, from_addr, doc_types, items, text, asked_at, due_at)
		VALUES ($1, (SELECT office_id FROM claims WHERE id = $1), $2, lower($3), $4, $5, $6, $7, $8)
		ON CONFLICT (message_id) DO UPDATE SET claim_id = excluded.claim_id, office_id = excluded.office_id,
			from_addr = excluded.from_addr,
			doc_types = excluded.doc_types, items = excluded.items, text = excluded.text,
			asked_at = excluded.asked_at, due_at = excluded.due_at`,
		r.ClaimID, r.MessageID, pgText(r.From), nonNil(pgTexts(r.DocTypes)), nonNil(pgTexts(r.Items)), pgText(r.Text), r.AskedAt, r.Due)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ClaimRequests returns the requests on claim claimID, open ones first,
// each group oldest first.
func (db *DB) ClaimRequests(ctx context.Context, claimID int64) ([]Request, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+requestColumns+`
		FROM requests r JOIN claims c ON c.id = r.claim_id
		WHERE r.claim_id = $1
		ORDER BY r.status = 'done', r.asked_at, r.id`, claimID)
	if err != nil {
		return nil, fmt.Errorf("list requests of claim %d: %w", claimID, err)
	}
	return pgx.CollectRows(rows, scanRequest)
}

// OpenRequests returns the open requests of the offices' open claims,
// those due first (earliest due first), then the oldest; at most limit,
// with how many there are in all. A repeat is counted and shown with the
// request it asks again.
func (db *DB) OpenRequests(ctx context.Context, offices Offices, limit int) ([]Request, int, error) {
	var total int
	if err := db.pool.QueryRow(ctx, `
		SELECT count(*) FROM requests r JOIN claims c ON c.id = r.claim_id
		WHERE r.status = 'open' AND c.status = 'open' AND ($1::bigint[] IS NULL OR c.office_id = ANY($1))
		  AND `+coordinatedSQL("c.id", "$2", false)+`
		  AND `+notRepeatSQL, offices.planArgs(offices.sqlIDs(), offices.coordinatorArg())...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count open requests: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT `+requestColumns+`
		FROM requests r JOIN claims c ON c.id = r.claim_id
		WHERE r.status = 'open' AND c.status = 'open' AND ($2::bigint[] IS NULL OR c.office_id = ANY($2))
		  AND `+coordinatedSQL("c.id", "$3", false)+`
		  AND `+notRepeatSQL+`
		ORDER BY r.due_at NULLS LAST, r.asked_at, r.id
		LIMIT $1`, offices.planArgs(limit, offices.sqlIDs(), offices.coordinatorArg())...)
	if err != nil {
		return nil, 0, fmt.Errorf("list open requests: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanRequest)
	return out, total, err
}

// OpenRequestsOfClaims returns the open requests of the claims ids, by
// claim, those due first (earliest due first), then the oldest; a repeat
// is left to the request it asks again.
func (db *DB) OpenRequestsOfClaims(ctx context.Context, ids []int64) (map[int64][]Request, error) {
	out := map[int64][]Request{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT `+requestColumns+`
		FROM requests r JOIN claims c ON c.id = r.claim_id
		WHERE r.claim_id = ANY($1) AND r.status = 'open' AND `+notRepeatSQL+`
		ORDER BY r.claim_id, r.due_at NULLS LAST, r.asked_at, r.id`, ids)
	if err != nil {
		return nil, fmt.Errorf("open requests of claims: %w", err)
	}
	rs, err := pgx.CollectRows(rows, scanRequest)
	if err != nil {
		return nil, fmt.Errorf("open requests of claims: %w", err)
	}
	for _, r := range rs {
		out[r.ClaimID] = append(out[r.ClaimID], r)
	}
	return out, nil
}

// GetRequest returns request id; ErrNotFound when there is none.
func (db *DB) GetRequest(ctx context.Context, id int64) (Request, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+requestColumns+`
		FROM requests r JOIN claims c ON c.id = r.claim_id WHERE r.id = $1`, id)
	if err != nil {
		return Request{}, fmt.Errorf("get request %d: %w", id, err)
	}
	r, err := pgx.CollectExactlyOneRow(rows, scanRequest)
	if errors.Is(err, pgx.ErrNoRows) {
		return Request{}, fmt.Errorf("request %d: %w", id, ErrNotFound)
	}
	return r, err
}

// MarkRequestDone records that a person (by) saw to request id, and to
// its repeats, with a note; a request already done keeps how it was done.
// ErrNotFound when there is no such request.
func (db *DB) MarkRequestDone(ctx context.Context, id int64, by, note string, at time.Time) (Request, error) {
	_, err := db.pool.Exec(ctx, `
		UPDATE requests x SET status = 'done', done_at = $2, done_by = $3, note = $4
		FROM requests r
		WHERE r.id = $1 AND x.status = 'open' AND (x.id = r.id OR `+repeatSQL("x", "r")+`)`, id, at, pgText(by), pgText(note))
	if err != nil {
		return Request{}, fmt.Errorf("mark request %d done: %w", id, err)
	}
	return db.GetRequest(ctx, id)
}

// ReopenRequest takes back a person's marking request id done: it is open
// again, and so are its repeats the same marking closed (done by the same
// person at the same moment, on the same claim, from the same asker). A
// request done by the office's mail stays done: the documents went.
// ErrNotFound when there is no such request; ErrConflict when it is not
// done by a person.
func (db *DB) ReopenRequest(ctx context.Context, id int64) (Request, error) {
	tag, err := db.pool.Exec(ctx, `
		UPDATE requests x SET status = 'open', done_at = NULL, done_by = '', note = ''
		FROM requests r
		WHERE r.id = $1 AND r.status = 'done' AND r.done_message_id IS NULL
		  AND x.status = 'done' AND x.done_message_id IS NULL AND x.claim_id = r.claim_id AND x.from_addr = r.from_addr
		  AND x.done_at = r.done_at AND x.done_by = r.done_by`, id)
	if err != nil {
		return Request{}, fmt.Errorf("reopen request %d: %w", id, err)
	}
	rq, err := db.GetRequest(ctx, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = fmt.Errorf("request %d is not marked done by a person: %w", id, ErrConflict)
	}
	return rq, err
}

// SentDocuments records that office message messageID, sent at sentAt to
// the addresses to, carried documents of docTypes: each open request of
// one of those addresses to the message's office (on claimID, when the
// mail is filed to a claim) asked before then counts the requested types
// among them as sent, and is done once every requested type was sent. A
// request that asks for no document (a date, the equipment list) waits
// for a person.
func SentDocuments(ctx context.Context, tx pgx.Tx, claimID *int64, messageID int64, to []string, docTypes []string, sentAt time.Time) error {
	if len(to) == 0 || len(docTypes) == 0 {
		return nil
	}
	lower := make([]string, len(to))
	for i, a := range to {
		lower[i] = strings.ToLower(pgText(a))
	}
	rows, err := tx.Query(ctx, `
		SELECT id, doc_types, sent_types FROM requests
		WHERE status = 'open' AND from_addr = ANY($1) AND asked_at <= $2
		  AND cardinality(doc_types) > 0 AND ($3::bigint IS NULL OR claim_id = $3)
		  AND office_id = (SELECT office_id FROM messages WHERE id = $4)
		ORDER BY id FOR UPDATE`, lower, sentAt, claimID, messageID)
	if err != nil {
		return fmt.Errorf("find requests answered by message %d: %w", messageID, err)
	}
	type open struct {
		id         int64
		asked, got []string
	}
	candidates, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (open, error) {
		var o open
		return o, row.Scan(&o.id, &o.asked, &o.got)
	})
	if err != nil {
		return fmt.Errorf("find requests answered by message %d: %w", messageID, err)
	}
	for _, o := range candidates {
		got := slices.Clone(o.got)
		for _, t := range docTypes {
			if slices.Contains(o.asked, t) && !slices.Contains(got, t) {
				got = append(got, t)
			}
		}
		if len(got) == len(o.got) {
			continue
		}
		slices.Sort(got)
		done := len(got) == len(o.asked)
		_, err := tx.Exec(ctx, `
			UPDATE requests SET sent_types = $2,
				status = CASE WHEN $3 THEN 'done' ELSE status END,
				done_at = CASE WHEN $3 THEN $4 ELSE done_at END,
				done_by = CASE WHEN $3 THEN 'email' ELSE done_by END,
				done_message_id = CASE WHEN $3 THEN $5 ELSE done_message_id END
			WHERE id = $1`, o.id, got, done, sentAt, messageID)
		if err != nil {
			return fmt.Errorf("record documents sent for request %d: %w", o.id, err)
		}
	}
	return nil
}

// RequestSource is what a request is read from when a message is filed by
// hand: its direction, whether it needs an answer, its sender, subject,
// text and arrival.
type RequestSource struct {
	Direction string
	NeedsAck  bool
	From      string
	Subject   string
	Body      string
	HTML      string // the HTML body, for mail without a text one
	ArrivedAt time.Time
	OfficeID  int64 // whose calendar dates the request
}

// ReadRequestSource returns message id as a request is read from it.
func ReadRequestSource(ctx context.Context, tx pgx.Tx, id int64) (RequestSource, error) {
	var s RequestSource
	err := tx.QueryRow(ctx, `SELECT direction, needs_ack, from_address, subject, body_text, body_html, `+arrivedAt+`, office_id
		FROM messages WHERE id = $1`, id).Scan(&s.Direction, &s.NeedsAck, &s.From, &s.Subject, &s.Body, &s.HTML, &s.ArrivedAt, &s.OfficeID)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("read message %d for its request: %w", id, err)
	}
	return s, nil
}

// MoveRequest moves the request of message messageID, if it has one, to
// claim claimID with its message; found is false when it has none.
func MoveRequest(ctx context.Context, tx pgx.Tx, messageID, claimID int64) (found bool, err error) {
	tag, err := tx.Exec(ctx, `UPDATE requests SET claim_id = $2, office_id = (SELECT office_id FROM claims WHERE id = $2)
		WHERE message_id = $1`, messageID, claimID)
	if err != nil {
		return false, fmt.Errorf("move request of message %d: %w", messageID, err)
	}
	return tag.RowsAffected() > 0, nil
}

// SentEarlier answers the request of message messageID with the office mail
// already stored that reached its asker after it was asked: mail is
// processed in any order, so the documents may have been seen first.
func SentEarlier(ctx context.Context, tx pgx.Tx, messageID int64) error {
	var earlier []SentMail
	b := &pgx.Batch{}
	QueueSentEarlier(b, messageID, &earlier)
	if err := SendQueued(ctx, tx, b); err != nil {
		return err
	}
	return AnswerWithSentMail(ctx, tx, earlier)
}

// SentMail is office mail that carried documents to one who asked for
// them: what SentEarlier finds.
type SentMail struct {
	id      int64
	at      time.Time
	types   []string
	claimID int64
	asker   string
}

// QueueSentEarlier queues on b the query of SentEarlier; earlier holds the
// mail found once b is sent, for AnswerWithSentMail. Within a transaction,
// by the plan the connection keeps (see queueGenericPlan).
func QueueSentEarlier(b *pgx.Batch, messageID int64, earlier *[]SentMail) {
	queueGenericPlan(b, `
		SELECT m.id, `+arrivedAtOf("m")+`, array_agg(DISTINCT p.doc_type), r.claim_id, r.from_addr
		FROM requests r
		JOIN messages m ON m.direction = 'out' AND m.claim_id = r.claim_id
		  AND r.from_addr = ANY(SELECT lower(a) FROM unnest(m.to_addresses || m.cc_addresses) a)
		  AND `+arrivedAtOf("m")+` >= r.asked_at
		JOIN message_parts p ON p.message_id = m.id AND p.doc_type <> ''
		WHERE r.message_id = $1 AND r.status = 'open'
		GROUP BY m.id, r.claim_id, r.from_addr
		ORDER BY 2, m.id`, messageID).Query(func(rows pgx.Rows) error {
		var err error
		*earlier, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (SentMail, error) {
			var s SentMail
			return s, row.Scan(&s.id, &s.at, &s.types, &s.claimID, &s.asker)
		})
		if err != nil {
			return fmt.Errorf("find mail answering the request of message %d: %w", messageID, err)
		}
		return nil
	})
}

// AnswerWithSentMail counts the documents of each mail in earlier as sent
// to its asker (see SentDocuments).
func AnswerWithSentMail(ctx context.Context, tx pgx.Tx, earlier []SentMail) error {
	for _, s := range earlier {
		if err := SentDocuments(ctx, tx, &s.claimID, s.id, []string{s.asker}, s.types, s.at); err != nil {
			return err
		}
	}
	return nil
}
