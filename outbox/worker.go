package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/mailbox"
	"github.com/claimdesk/claimdesk/storage"
)

// SendArgs is the job that sends one outbox message.
type SendArgs struct {
	OutboxID int64 `json:"outbox_id"`
}

// Kind names the job in River's tables.
func (SendArgs) Kind() string { return "send_reply" }

// InsertOpts makes the job unique per outbox message while it waits or
// runs: a double click or a retry never sends twice at once.
func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 8, UniqueOpts: storage.UniqueWhileActive()}
}

// sendTimeout bounds one attempt: the submission, the Sent folder search
// and the append.
const sendTimeout = 3 * time.Minute

// SendWorker sends outbox messages exactly once as far as the mail servers
// let anyone know. Each step is recorded before the next:
//
//	queued → sending → SMTP accepts → submitted → in Sent → sent
//
// An attempt that finds the message submitted never sends it again; one
// that follows an earlier attempt (a crash, a timeout) first searches the
// Sent folder for the message's own Message-ID and, when it is there, only
// records it sent.
//
// What remains: a crash after the server accepted the message and before
// "submitted" is committed (a few milliseconds), with a provider that does
// not file sent mail itself, leaves nothing in Sent to find, so the message
// is sent again — the same bytes with the same Message-ID, which clients
// and Gmail show once in a thread. With SaveSent providers the search
// finds the provider's copy and nothing is sent twice.
//
// The worker does not acknowledge anything itself: the message lands in the
// Sent folder, and the Sent-folder watcher acknowledges what it answers as
// it does for a reply from any mail client.
type SendWorker struct {
	river.WorkerDefaults[SendArgs]
	db    *storage.DB
	smtp  SMTPConfig
	boxes *SentFolders
	log   *slog.Logger
	now   func() time.Time
	// crashAt, in tests, stops an attempt dead after the named step
	// ("accepted", "submitted", "appended"), as a killed process would.
	crashAt func(step string) bool
}

// NewSendWorker sends through smtp and files into the Sent folders of
// boxes.
func NewSendWorker(db *storage.DB, smtp SMTPConfig, boxes *SentFolders, log *slog.Logger) *SendWorker {
	return &SendWorker{db: db, smtp: smtp, boxes: boxes, log: log.With("component", "outbox"), now: time.Now}
}

// Timeout bounds one attempt.
func (w *SendWorker) Timeout(*river.Job[SendArgs]) time.Duration { return sendTimeout }

// Work sends the message, recording a failure on its row for the pages to
// show; a refusal for good is not retried by the queue (a person retries).
func (w *SendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	id := job.Args.OutboxID
	if !w.smtp.SaveSent && w.boxes.empty() {
		// A process watching no mailbox (a backfill) could send but not
		// file the message in Sent: one that watches does it.
		return river.JobSnooze(time.Minute)
	}
	err := w.deliver(ctx, id)
	if err == nil || errors.Is(err, errCrashed) {
		return err
	}
	w.log.Warn("send failed", "outbox_id", id, "attempt", job.Attempt, "err", err)
	if merr := w.db.MarkOutboxFailed(context.WithoutCancel(ctx), id, err.Error()); merr != nil {
		return errors.Join(err, merr)
	}
	if errors.Is(err, errPermanent) || errors.Is(err, storage.ErrNotFound) {
		return river.JobCancel(err)
	}
	return err
}

// errCrashed ends an attempt stopped by a test's crashAt.
var errCrashed = errors.New("attempt stopped (test crash)")

func (w *SendWorker) crashed(step string) bool { return w.crashAt != nil && w.crashAt(step) }

// deliver makes one attempt at outbox message id.
func (w *SendWorker) deliver(ctx context.Context, id int64) error {
	m, was, err := w.db.BeginSending(ctx, id)
	if errors.Is(err, storage.ErrConflict) {
		return nil // sent already
	}
	if err != nil {
		return err
	}
	log := w.log.With("outbox_id", id, "message_id", m.MessageID)
	acct, haveSent := w.boxes.lookup(m.Account)
	if was != storage.OutboxSubmitted {
		if m.Attempts > 1 && haveSent {
			// An earlier attempt may have reached the server: the Sent
			// folder says whether it did. Unable to look, do not guess.
			found, err := acct.InSent(ctx, m.MessageID)
			if err != nil {
				return fmt.Errorf("check the Sent folder before sending again: %w", err)
			}
			if found {
				log.Info("found in Sent after an interrupted attempt: not sent again")
				return w.db.MarkOutboxSent(ctx, id, w.now())
			}
		}
		smtp := w.smtp
		if smtp.Auth == SMTPAuthXOAuth2 && smtp.OAuth == nil {
			smtp.OAuth = w.boxes.oauthFor(smtp.User)
		}
		if err := smtp.submit(ctx, m.FromAddress, m.Recipients, m.Raw); err != nil {
			return err
		}
		if w.crashed("accepted") {
			return errCrashed
		}
		if err := w.db.MarkOutboxSubmitted(ctx, id); err != nil {
			return err
		}
		log.Info("sent", "to", len(m.Recipients))
	}
	if w.crashed("submitted") {
		return errCrashed
	}
	// A digest is the office's mail to itself: kept out of Sent, where the
	// Sent-folder watcher would read its job numbers as mail on claims.
	if !w.smtp.SaveSent && m.Kind != storage.ReplyDigest {
		if !haveSent {
			log.Warn("no mailbox to keep the sent message in: it will not acknowledge anything")
		} else if err := w.fileInSent(ctx, acct, m, was == storage.OutboxSubmitted); err != nil {
			return err
		}
	}
	if w.crashed("appended") {
		return errCrashed
	}
	if haveSent && m.Kind != storage.ReplyDigest {
		w.boxes.filed(acct.Name())
	}
	return w.db.MarkOutboxSent(ctx, id, w.now())
}

// fileInSent appends the message to the Sent folder; after an interrupted
// attempt (retrying) only when it is not there yet.
func (w *SendWorker) fileInSent(ctx context.Context, acct mailbox.Account, m storage.OutboxMessage, retrying bool) error {
	if retrying {
		found, err := acct.InSent(ctx, m.MessageID)
		if err != nil || found {
			return err
		}
	}
	return acct.AppendSent(ctx, m.Raw, w.now())
}
