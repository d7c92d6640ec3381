package web

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
)

// messageStatuses are the statuses a message can have, in pipeline order.
var messageStatuses = []string{
	storage.StatusNew, storage.StatusParsed, storage.StatusFiled, storage.StatusTriage,
	storage.StatusIgnored, storage.StatusFailed, storage.StatusRejected,
}

// Page sizes of lists: the default and the most one request may ask for.
const (
	defaultLimit = 50
	maxLimit     = 200
)

// messageItem is one message as the API and the pages list it. Fields not
// decided yet are null: evidence until the message is classified, doc_type
// and folder of an attachment until it is classified and filed.
type messageItem struct {
	ID         int64     `json:"id"`
	MessageID  string    `json:"message_id"`
	Direction  string    `json:"direction"`
	Folder     string    `json:"folder"`
	From       string    `json:"from"`
	FromName   string    `json:"from_name"`
	Subject    string    `json:"subject"`
	ReceivedAt time.Time `json:"received_at"`
	// ArrivedAt is when the message reached the mailbox, as the mail server
	// says, else its Date header, else ReceivedAt: a backfill stores years
	// of mail in minutes.
	ArrivedAt   time.Time `json:"arrived_at"`
	Status      string    `json:"status"`
	ClaimID     *int64    `json:"claim_id"`
	ClaimNumber *string   `json:"claim_number"`
	JobNumber   *string   `json:"job_number"`
	NeedsAck    *bool     `json:"needs_ack"`
	// AckDueAt and AcknowledgedAt stay null until the acknowledgment
	// clock records them.
	AckDueAt       *time.Time `json:"ack_due_at"`
	AcknowledgedAt *time.Time `json:"acknowledged_at"`
	// AckState is where the acknowledgment stands now (pending, due_soon,
	// overdue, met, missed); null for a message that needs none.
	AckState    *sla.State      `json:"ack_state"`
	Evidence    json.RawMessage `json:"evidence"`
	Attachments []attachment    `json:"attachments"`
	// Incomplete is set when parsing stopped before the end of the
	// message (a part or nesting cap), IncompleteReason says why: some of
	// its attachments may be missing from the claim.
	Incomplete       bool   `json:"incomplete"`
	IncompleteReason string `json:"incomplete_reason"`
}

// attachment is a file a message brought; DocType is null until it is
// classified, Folder until it is filed.
type attachment struct {
	Filename string  `json:"filename"`
	DocType  *string `json:"doc_type"`
	Folder   *string `json:"folder"`
}

// messageQuery selects a page of messages, newest first.
type messageQuery struct {
	Status    string
	Direction string
	ClaimID   int64
	ID        int64 // only this message
	Limit     int
	After     *cursor // continue after this message; nil: from the newest
}

// cursor is the position after which the next page starts: keyset
// pagination, so pages neither skip nor repeat rows when mail arrives
// meanwhile.
type cursor struct {
	ReceivedAt time.Time
	ID         int64
}

// encode returns the cursor as the opaque string clients pass back.
func (c cursor) encode() string {
	b := make([]byte, 16)
	binary.BigEndian.PutUint64(b, uint64(c.ReceivedAt.UnixMicro()))
	binary.BigEndian.PutUint64(b[8:], uint64(c.ID))
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (*cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != 16 {
		return nil, badRequest("invalid cursor: pass next_cursor back unchanged")
	}
	return &cursor{
		ReceivedAt: time.UnixMicro(int64(binary.BigEndian.Uint64(b))),
		ID:         int64(binary.BigEndian.Uint64(b[8:])),
	}, nil
}

// parseMessageQuery reads the list parameters status, direction, claim,
// limit and cursor, refusing values that cannot match anything.
func parseMessageQuery(q url.Values) (messageQuery, error) {
	mq := messageQuery{
		Status:    strings.TrimSpace(q.Get("status")),
		Direction: strings.TrimSpace(q.Get("direction")),
		Limit:     defaultLimit,
	}
	if mq.Status != "" && !slices.Contains(messageStatuses, mq.Status) {
		return mq, badRequest("unknown status %q: want one of %s", mq.Status, strings.Join(messageStatuses, ", "))
	}
	if mq.Direction != "" && mq.Direction != "in" && mq.Direction != "out" {
		return mq, badRequest("unknown direction %q: want in or out", mq.Direction)
	}
	if v := q.Get("claim"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return mq, badRequest("claim: want a claim id, got %q", v)
		}
		mq.ClaimID = id
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return mq, badRequest("limit: want a number from 1 to %d, got %q", maxLimit, v)
		}
		mq.Limit = n
	}
	if v := q.Get("cursor"); v != "" {
		c, err := decodeCursor(v)
		if err != nil {
			return mq, err
		}
		mq.After = c
	}
	return mq, nil
}

// listMessages returns a page of messages and the cursor of the next page,
// nil when this one is the last.
func (s *Server) listMessages(ctx context.Context, mq messageQuery) ([]messageItem, *cursor, error) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if mq.Status != "" {
		where = append(where, "m.status = "+arg(mq.Status))
	}
	if mq.Direction != "" {
		where = append(where, "m.direction = "+arg(mq.Direction))
	}
	if mq.ClaimID != 0 {
		where = append(where, "m.claim_id = "+arg(mq.ClaimID))
	}
	if mq.ID != 0 {
		where = append(where, "m.id = "+arg(mq.ID))
	}
	if mq.After != nil {
		where = append(where, fmt.Sprintf("(m.received_at, m.id) < (%s, %s)", arg(mq.After.ReceivedAt), arg(mq.After.ID)))
	}
	cond := ""
	if len(where) > 0 {
		cond = "WHERE " + strings.Join(where, " AND ")
	}
	limit := arg(mq.Limit + 1) // one more than asked tells whether a next page exists
	now := s.now()
	rows, err := s.db.Pool.Query(ctx, `
		SELECT m.id, m.message_id, m.direction, mb.folder, m.from_address, m.from_name, m.subject,
		       m.received_at, coalesce(m.internal_date, m.sent_date, m.received_at), m.status, m.claim_id, c.claim_number, c.job_number, m.needs_ack,
		       m.ack_due_at, m.acknowledged_at, m.decision->'evidence', m.incomplete,
		       (SELECT coalesce(json_agg(json_build_object(
		                   'filename', p.filename, 'doc_type', coalesce(d.doc_type, nullif(p.doc_type, '')),
		                   'folder', d.folder)
		                   ORDER BY p.part_path), '[]')
		        FROM message_parts p
		        LEFT JOIN document_messages dm ON dm.part_id = p.id AND dm.message_id = p.message_id
		        LEFT JOIN documents d ON d.id = dm.document_id
		        WHERE p.message_id = m.id AND p.is_attachment)
		FROM messages m
		JOIN mailboxes mb ON mb.id = m.mailbox_id
		LEFT JOIN claims c ON c.id = m.claim_id
		`+cond+`
		ORDER BY m.received_at DESC, m.id DESC
		LIMIT `+limit, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("list messages: %w", err)
	}
	defer rows.Close()
	items := []messageItem{}
	for rows.Next() {
		var (
			it          messageItem
			needsAck    bool
			attachments []byte
		)
		if err := rows.Scan(&it.ID, &it.MessageID, &it.Direction, &it.Folder, &it.From, &it.FromName, &it.Subject,
			&it.ReceivedAt, &it.ArrivedAt, &it.Status, &it.ClaimID, &it.ClaimNumber, &it.JobNumber, &needsAck, &it.AckDueAt,
			&it.AcknowledgedAt, &it.Evidence, &it.IncompleteReason, &attachments); err != nil {
			return nil, nil, fmt.Errorf("list messages: %w", err)
		}
		if err := json.Unmarshal(attachments, &it.Attachments); err != nil {
			return nil, nil, fmt.Errorf("list messages: attachments of %d: %w", it.ID, err)
		}
		it.NeedsAck = &needsAck
		it.Incomplete = it.IncompleteReason != ""
		if needsAck || it.AcknowledgedAt != nil {
			var due time.Time
			if it.AckDueAt != nil {
				due = *it.AckDueAt
			}
			state := sla.AckState(due, it.AcknowledgedAt, now, 0)
			it.AckState = &state
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("list messages: %w", err)
	}
	if len(items) <= mq.Limit {
		return items, nil, nil
	}
	items = items[:mq.Limit]
	last := items[len(items)-1]
	return items, &cursor{ReceivedAt: last.ReceivedAt, ID: last.ID}, nil
}
