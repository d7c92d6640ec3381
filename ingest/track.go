package ingest

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/mailparse"
	"github.com/claimdesk/claimdesk/requests"
	"github.com/claimdesk/claimdesk/storage"
)

// track keeps the office's clock and what people asked for, for message m
// as filed to claim (nil: none). Its statements go to Postgres in one round
// trip with those the caller queued on b, as each trip makes the
// transaction wait for the database and then for its worker's turn on the
// CPU; only what their answers call for (a reply found, a request answered
// before it was read, documents sent) takes more.
func (p *Processor) track(ctx context.Context, tx pgx.Tx, b *pgx.Batch, m storage.StoredMessage, parsed *mailparse.Message, needsAck bool, claim *storage.Claim, docTypes map[string]DocTypeResult, upd *updateContext) error {
	var t tracked
	p.queueSLA(b, &t, m, parsed, needsAck, claim, docTypes, upd)
	if err := p.queueEquipment(ctx, tx, b, m, parsed, claim); err != nil {
		return err
	}
	p.queueRequests(b, &t, m, parsed, needsAck, claim)
	if err := storage.SendQueued(ctx, tx, b); err != nil {
		return err
	}
	return p.followTracked(ctx, tx, m, parsed, claim, docTypes, t)
}

// tracked is what track's statements found.
type tracked struct {
	reply   storage.Reply      // the office's reply to incoming m
	waiting []storage.Waiting  // the incoming mail office m acknowledges
	earlier []storage.SentMail // office mail that answered m's request before m was read
}

// queueSLA queues what keeps the office's clock: a message from a person
// gets its acknowledgment deadline, and an office reply acknowledges what
// waits in its thread (and, sent to the claim's adjuster or carrier and
// saying more than a bare acknowledgment, counts as the daily update).
// Either may be processed first, so both directions look for the other.
func (p *Processor) queueSLA(b *pgx.Batch, t *tracked, m storage.StoredMessage, parsed *mailparse.Message, needsAck bool, claim *storage.Claim, docTypes map[string]DocTypeResult, upd *updateContext) {
	if p.calendarOf(m.OfficeID) == nil {
		return
	}
	thread := append([]string{parsed.InReplyTo}, parsed.References...)
	if m.Direction == "in" {
		// The deadline itself is saved with the classification.
		if needsAck {
			storage.QueueFirstReply(b, m.ID, parsed.MessageID, thread, &t.reply)
		}
		return
	}
	var claimID *int64
	if claim != nil {
		claimID = &claim.ID
	}
	storage.QueueWaitingInThread(b, storage.ThreadReply{ID: m.ID, Office: m.OfficeID, Thread: thread, ClaimID: claimID, At: m.ArrivedAt}, &t.waiting)
	if claim == nil || upd == nil || upd.claim.ID != claim.ID || !upd.isUpdate(parsed, docTypes) {
		return
	}
	storage.QueueClaimUpdate(b, storage.ClaimUpdate{
		ClaimID: claim.ID, At: m.ArrivedAt, Source: "email", MessageID: m.ID, Author: parsed.From.Email,
	})
}

// queueRequests queues what keeps what people asked for: a person's
// message filed to a claim records what it asks the office to send (and
// looks for office mail that sent it already). Office mail that carries
// documents counts them as sent once the batch is sent (followTracked).
func (p *Processor) queueRequests(b *pgx.Batch, t *tracked, m storage.StoredMessage, parsed *mailparse.Message, needsAck bool, claim *storage.Claim) {
	if m.Direction != "in" || !needsAck || claim == nil {
		return
	}
	req, ok := requests.Extract(parsed.Subject, parsed.PlainText(), m.ArrivedAt, p.calendarOf(m.OfficeID))
	if !ok {
		return
	}
	storage.QueueRequest(b, storage.NewRequest{
		ClaimID: claim.ID, MessageID: m.ID, From: parsed.From.Email, DocTypes: req.DocTypes, Items: req.Items,
		Text: req.Text, AskedAt: m.ArrivedAt, Due: req.Due,
	})
	storage.QueueSentEarlier(b, m.ID, &t.earlier)
}

// followTracked does what track's answers t call for: acknowledgments by
// the replies found, and documents counted as sent to those who asked.
func (p *Processor) followTracked(ctx context.Context, tx pgx.Tx, m storage.StoredMessage, parsed *mailparse.Message, claim *storage.Claim, docTypes map[string]DocTypeResult, t tracked) error {
	b := &pgx.Batch{}
	// A reply acknowledges only mail of its own office, so one calendar
	// counts both.
	if cal := p.calendarOf(m.OfficeID); cal != nil {
		// QueueFirstReply finds only replies sent since m arrived.
		if t.reply.Found {
			storage.QueueAckByReply(b, m.ID, t.reply.ID, t.reply.At, cal.BusinessMinutes(m.ArrivedAt, t.reply.At))
		}
		for _, w := range t.waiting {
			storage.QueueAckByReply(b, w.ID, m.ID, m.ArrivedAt, cal.BusinessMinutes(w.ArrivedAt, m.ArrivedAt))
		}
	}
	if err := storage.SendQueued(ctx, tx, b); err != nil {
		return err
	}
	if err := storage.AnswerWithSentMail(ctx, tx, t.earlier); err != nil {
		return err
	}
	if m.Direction == "in" {
		return nil
	}
	return sentDocuments(ctx, tx, m, parsed, claim, docTypes)
}

// sentDocuments counts the documents office mail m carries as sent to
// each of its recipients who asked for them.
func sentDocuments(ctx context.Context, tx pgx.Tx, m storage.StoredMessage, parsed *mailparse.Message, claim *storage.Claim, docTypes map[string]DocTypeResult) error {
	var sent []string
	for _, dt := range docTypes {
		sent = append(sent, dt.Type)
	}
	var claimID *int64
	if claim != nil {
		claimID = &claim.ID
	}
	to := emails(append(append([]mailparse.Address(nil), parsed.To...), parsed.Cc...))
	return storage.SentDocuments(ctx, tx, claimID, m.ID, to, sent, m.ArrivedAt)
}
