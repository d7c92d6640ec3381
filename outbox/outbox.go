package outbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// OutboxConfig says how the office's replies are addressed.
type OutboxConfig struct {
	// From is the office address replies come from.
	From mail.Address
	// OfficeDomain names Message-IDs and forward addresses; default the
	// domain of From.
	OfficeDomain string
	// Now is the clock of Date headers; default time.Now.
	Now func() time.Time
}

// Outbox writes replies from the dashboard: it fills in the office's
// templates, composes the message and queues it, with its own Message-ID,
// in the transaction that records it.
type Outbox struct {
	*Writer
	db   *storage.DB
	jobs *river.Client[pgx.Tx]
	cfg  OutboxConfig
}

// NewOutbox queues replies on jobs (an insert-only client will do: the
// SendWorker runs wherever the job queue's workers run).
func NewOutbox(db *storage.DB, jobs *river.Client[pgx.Tx], cfg OutboxConfig) *Outbox {
	if cfg.OfficeDomain == "" {
		_, cfg.OfficeDomain, _ = strings.Cut(cfg.From.Address, "@")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Outbox{Writer: NewWriter(db, cfg.OfficeDomain), db: db, jobs: jobs, cfg: cfg}
}

// From is the address replies come from.
func (o *Outbox) From() string { return o.cfg.From.Address }

// Draft is a reply before it is sent: what the coordinator sees, edits and
// sends.
type Draft struct {
	Kind     string // storage.ReplyAck, storage.ReplyUpdate, storage.ReplyFormRejected, a reminder kind, KindApprovalRequest or KindRequestAnswer
	Language string
	To       []string
	Subject  string
	Body     string
	// Thread is the message answered (nil: an update starting a thread).
	Thread  *storage.ThreadMessage
	ClaimID *int64
	// EquipmentID is the equipment line an approval request asks about:
	// sending the request links it to the line, in the same transaction.
	EquipmentID *int64
}

// Bounds of a reply as sent.
const (
	maxReplySubject = 500
	maxReplyBody    = 50000
)

// ErrBadReply says a reply as edited cannot be sent (empty, too long).
var ErrBadReply = errors.New("bad reply")

// Send composes d (as the coordinator left it) and queues it, recorded in
// the outbox with its own Message-ID in the same transaction as its
// sending job. It returns the outbox id.
func (o *Outbox) Send(ctx context.Context, d Draft, createdBy string) (int64, error) {
	return o.queue(ctx, d, createdBy, nil)
}

// queue is Send, also running also (when not nil) in the transaction that
// records the message, with its outbox id: an error from it queues
// nothing.
func (o *Outbox) queue(ctx context.Context, d Draft, createdBy string, also func(tx pgx.Tx, id int64) error) (int64, error) {
	subject, body, err := replyText(d)
	if err != nil {
		return 0, err
	}
	if d.Kind == storage.ReplyUpdate {
		if err := o.checkUpdate(ctx, d, body); err != nil {
			return 0, err
		}
	}
	to, err := parseRecipients(d.To)
	if err != nil {
		return 0, err
	}
	row, err := o.composeReply(d, to, subject, body, createdBy)
	if err != nil {
		return 0, err
	}
	return o.record(ctx, d, row, createdBy, also)
}

// replyText is d's subject and body as sent, their white space tidied;
// ErrBadReply when the reply is empty, too long or to no one.
func replyText(d Draft) (subject, body string, err error) {
	subject = strings.Join(strings.Fields(d.Subject), " ")
	body = strings.TrimRight(strings.ReplaceAll(d.Body, "\r\n", "\n"), "\n ") + "\n"
	switch {
	case strings.TrimSpace(body) == "":
		return "", "", fmt.Errorf("%w: the message is empty", ErrBadReply)
	case len(subject) > maxReplySubject || len(body) > maxReplyBody:
		return "", "", fmt.Errorf("%w: longer than %d characters", ErrBadReply, maxReplyBody)
	case len(d.To) == 0:
		return "", "", fmt.Errorf("%w: no recipient", ErrBadReply)
	}
	return subject, body, nil
}

// composeReply composes d's message to to, with a new Message-ID and, when
// it answers a message, that message's thread, and returns its outbox row.
func (o *Outbox) composeReply(d Draft, to []mail.Address, subject, body, createdBy string) (storage.OutboxMessage, error) {
	out := OutgoingMail{
		From: o.cfg.From, To: to, Subject: subject, Body: body,
		MessageID: NewMessageID(o.cfg.OfficeDomain), Date: o.cfg.Now(),
	}
	row := storage.OutboxMessage{Kind: outboxKind(d.Kind), ClaimID: d.ClaimID, FromAddress: o.cfg.From.Address,
		Subject: subject, Body: body, CreatedBy: createdBy}
	if t := d.Thread; t != nil {
		out.InReplyTo = t.MessageID
		out.References = ThreadReferences(t.References, t.MessageID)
		row.Account = t.Account
		if d.Kind == storage.ReplyAck {
			row.ReplyTo = &t.ID
		}
	}
	raw, err := Compose(out)
	if err != nil {
		return storage.OutboxMessage{}, err
	}
	sum := sha256.Sum256(raw)
	row.MessageID, row.Raw, row.RawSHA256 = out.MessageID, raw, hex.EncodeToString(sum[:])
	for _, a := range to {
		row.Recipients = append(row.Recipients, a.Address)
	}
	return row, nil
}

// record inserts row, links the equipment line an approval request asks
// about, runs also and queues the sending job, all in one transaction:
// the message is sent only if all of it is recorded.
func (o *Outbox) record(ctx context.Context, d Draft, row storage.OutboxMessage, createdBy string, also func(tx pgx.Tx, id int64) error) (int64, error) {
	var id int64
	err := o.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if id, err = storage.InsertOutbox(ctx, tx, row); err != nil {
			return err
		}
		if d.Kind == KindApprovalRequest && d.EquipmentID != nil {
			if err := storage.LinkApprovalRequest(ctx, tx, *d.EquipmentID, id, createdBy, o.cfg.Now()); err != nil {
				return err
			}
		}
		if also != nil {
			if err := also(tx, id); err != nil {
				return err
			}
		}
		return EnqueueSend(ctx, o.jobs, tx, id)
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// checkUpdate refuses a daily update that says nothing: its template's
// bullets left empty, or no more than the templates and the claim's names
// (classify.UpdateCheck), which the pipeline would not count as an update
// either.
func (o *Outbox) checkUpdate(ctx context.Context, d Draft, body string) error {
	if empty := classify.EmptyPlaceholders(body); len(empty) > 0 {
		return fmt.Errorf("%w: fill in or remove: %s", ErrBadReply, strings.Join(empty, "; "))
	}
	saved, err := o.draftTemplates(ctx, d)
	if err != nil {
		return err
	}
	check := classify.UpdateCheck{Known: []string{d.Subject}, Templates: TemplateWords(OfficeReplyTemplates(saved))}
	if d.ClaimID != nil {
		c, err := o.db.GetClaim(ctx, *d.ClaimID)
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return err
		}
		check.Known = append(check.Known, c.InsuredName, c.JobNumber, c.ClaimNumber, c.PolicyNumber, c.AdjusterName, c.LossAddress, c.Carrier)
	}
	if !check.IsUpdate(body) {
		return fmt.Errorf("%w: the update says nothing beyond the template; write what was done, the readings and the next steps", ErrBadReply)
	}
	return nil
}

// Retry queues a failed outbox message again. storage.ErrConflict when it
// has not failed.
func (o *Outbox) Retry(ctx context.Context, id int64) error {
	return o.db.InTx(ctx, func(tx pgx.Tx) error {
		if err := storage.RequeueOutbox(ctx, tx, id); err != nil {
			return err
		}
		return EnqueueSend(ctx, o.jobs, tx, id)
	})
}

// EnqueueSend adds the sending job of outbox message id to jobs within tx.
func EnqueueSend(ctx context.Context, jobs *river.Client[pgx.Tx], tx pgx.Tx, id int64) error {
	if _, err := jobs.InsertTx(ctx, tx, SendArgs{OutboxID: id}, nil); err != nil {
		return fmt.Errorf("enqueue sending of outbox message %d: %w", id, err)
	}
	return nil
}
