package web

import (
	"cmp"
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/classify"
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
	OfficeID   int64     `json:"office_id"`
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
	// AckSource says how it was acknowledged: reply (from the shared
	// mailbox), manual (by phone), own_email (from a person's own mail
	// account), not_needed (it needed no answer after all); empty while
	// it waits.
	AckSource string `json:"ack_source"`
	// AckState is where the acknowledgment stands now (pending, due_soon,
	// overdue, met, missed), not_needed for a message marked as needing
	// no answer; null for a message that needs none.
	AckState *sla.State      `json:"ack_state"`
	Evidence json.RawMessage `json:"evidence"`
	// Candidates are the claims a person should choose from, likeliest
	// first, each with its evidence; empty for a message filed or not yet
	// classified.
	Candidates  []candidateItem `json:"candidates"`
	Attachments []attachment    `json:"attachments"`
	// Incomplete is set when parsing stopped before the end of the
	// message (a part or nesting cap), IncompleteReason says why: some of
	// its attachments may be missing from the claim.
	Incomplete       bool   `json:"incomplete"`
	IncompleteReason string `json:"incomplete_reason"`
}

// Waiting says where a message waiting for an answer stands, as the board
// shows it: "overdue" past its deadline, "waiting" before it, "" for a
// message answered or needing no answer.
func (m messageItem) Waiting() string {
	switch {
	case m.AckState == nil:
		return ""
	case *m.AckState == sla.StateOverdue:
		return "overdue"
	case *m.AckState == sla.StatePending || *m.AckState == sla.StateDueSoon:
		return "waiting"
	}
	return ""
}

// candidateItem is a claim the classifier offers for a message, with the
// evidence that points at it.
type candidateItem struct {
	ClaimID     int64               `json:"claim_id"`
	JobNumber   string              `json:"job_number"`
	ClaimNumber string              `json:"claim_number"`
	InsuredName string              `json:"insured_name"`
	LossAddress string              `json:"loss_address"`
	Evidence    []classify.Evidence `json:"evidence"`
}

// candidateItems reads the candidates of a stored decision with their
// evidence; a decision it cannot read offers none.
func candidateItems(candidates, evidence json.RawMessage) []candidateItem {
	out := []candidateItem{}
	var claims []classify.Claim
	var evs []classify.Evidence
	if len(candidates) == 0 || json.Unmarshal(candidates, &claims) != nil {
		return out
	}
	if len(evidence) > 0 {
		_ = json.Unmarshal(evidence, &evs) // candidates without their evidence still help
	}
	for _, c := range claims {
		it := candidateItem{ClaimID: c.ID, JobNumber: c.JobNumber, ClaimNumber: c.ClaimNumber,
			InsuredName: c.InsuredName, LossAddress: c.LossAddress, Evidence: []classify.Evidence{}}
		for _, e := range evs {
			if e.ClaimID == c.ID {
				it.Evidence = append(it.Evidence, e)
			}
		}
		out = append(out, it)
	}
	return out
}

// attachment is a file a message brought; DocType is null until it is
// classified, Folder until it is filed.
type attachment struct {
	Filename string  `json:"filename"`
	DocType  *string `json:"doc_type"`
	Folder   *string `json:"folder"`
}

// messageQuery selects a page of messages, the latest arrived first.
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
	ArrivedAt time.Time
	ID        int64
}

// encode returns the cursor as the opaque string clients pass back.
func (c cursor) encode() string {
	return storage.NewCursor().Time(c.ArrivedAt).Int64(c.ID).String()
}

func decodeCursor(s string) (*cursor, error) {
	r := storage.ReadCursor(s)
	c := &cursor{ArrivedAt: r.Time(), ID: r.Int64()}
	if !r.Valid() {
		return nil, errBadCursor
	}
	return c, nil
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
	var err error
	if mq.Limit, err = limitParam(q, mq.Limit); err != nil {
		return mq, err
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

// queryMessages lists the page of messages the list parameters q select:
// the query as read, its items, and the cursor of the next page (nil on
// the last).
func (s *Server) queryMessages(ctx context.Context, q url.Values) (messageQuery, []messageItem, *cursor, error) {
	mq, err := parseMessageQuery(q)
	if err != nil {
		return mq, nil, nil, err
	}
	items, next, err := s.listMessages(ctx, mq)
	return mq, items, next, err
}

// listMessages returns a page of messages and the cursor of the next page,
// nil when this one is the last.
func (s *Server) listMessages(ctx context.Context, mq messageQuery) ([]messageItem, *cursor, error) {
	f := storage.MessageFilter{
		Status: mq.Status, Direction: mq.Direction, ClaimID: mq.ClaimID, ID: mq.ID,
		Limit:   mq.Limit + 1, // one more than asked tells whether a next page exists
		Offices: scopeFrom(ctx).offices(),
	}
	if mq.After != nil {
		f.After = &storage.MessageKey{ArrivedAt: mq.After.ArrivedAt, ID: mq.After.ID}
	}
	rows, err := s.db.ListMessages(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	items := make([]messageItem, 0, len(rows))
	visible := s.claimVisibility(ctx)
	for _, m := range rows {
		it := listedItem(m, now)
		if err := dropOtherOfficesOf(&it, visible); err != nil {
			return nil, nil, err
		}
		items = append(items, it)
	}
	if len(items) <= mq.Limit {
		return items, nil, nil
	}
	items = items[:mq.Limit]
	last := items[len(items)-1]
	return items, &cursor{ArrivedAt: last.ArrivedAt, ID: last.ID}, nil
}

// listedItem is message m as the list shows it at now.
func listedItem(m storage.ListedMessage, now time.Time) messageItem {
	it := messageItem{
		ID: m.ID, OfficeID: m.OfficeID, MessageID: m.MessageID, Direction: m.Direction, Folder: m.Folder, From: m.From, FromName: m.FromName,
		Subject: m.Subject, ReceivedAt: m.ReceivedAt, ArrivedAt: m.ArrivedAt, Status: m.Status,
		ClaimID: m.ClaimID, ClaimNumber: m.ClaimNumber, JobNumber: m.JobNumber, NeedsAck: &m.NeedsAck,
		AckDueAt: m.AckDueAt, AcknowledgedAt: m.AcknowledgedAt, AckSource: m.AckSource, Evidence: m.Evidence,
		Incomplete: m.IncompleteReason != "", IncompleteReason: m.IncompleteReason,
		Attachments: make([]attachment, 0, len(m.Attachments)),
		Candidates:  candidateItems(m.Candidates, m.Evidence),
	}
	for _, a := range m.Attachments {
		it.Attachments = append(it.Attachments, attachment(a))
	}
	switch {
	case m.AckSource == storage.AckNotNeeded:
		// One that needed no answer after all has no acknowledgment to
		// be on time or late: its state says so, as needs_ack still holds.
		state := sla.StateNotNeeded
		it.AckState = &state
	case m.NeedsAck || m.AcknowledgedAt != nil:
		var due time.Time
		if m.AckDueAt != nil {
			due = *m.AckDueAt
		}
		// On time or late as the figures count it: by when its clock
		// stopped (storage.MessageRow.AckStoppedAt).
		state := sla.AckState(due, cmp.Or(m.AckStoppedAt, m.AcknowledgedAt), now, 0)
		it.AckState = &state
	}
	return it
}

// dropOtherOfficesOf takes the candidates and evidence about claims the
// caller may not see out of a listed message's decision. The message's own
// claim is in its office, so in scope: a filed message costs no lookup.
func dropOtherOfficesOf(it *messageItem, inScope func(int64) (bool, error)) error {
	visible := func(id int64) (bool, error) {
		if it.ClaimID != nil && id == *it.ClaimID {
			return true, nil
		}
		return inScope(id)
	}
	candidates := it.Candidates[:0]
	for _, c := range it.Candidates {
		ok, err := visible(c.ClaimID)
		if err != nil {
			return err
		}
		if ok {
			candidates = append(candidates, c)
		}
	}
	it.Candidates = candidates
	var evs []classify.Evidence
	if len(it.Evidence) == 0 || json.Unmarshal(it.Evidence, &evs) != nil {
		return nil
	}
	kept, err := visibleEvidence(evs, visible)
	if err != nil || len(kept) == len(evs) {
		return err
	}
	it.Evidence, err = json.Marshal(kept)
	return err
}
