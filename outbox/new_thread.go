package outbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/emersion/go-message/mail"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/storage"
)

// queueNewThread composes row's subject and body as a message to to that
// starts a thread (a notice, a digest), from and dated as cfg says, and
// records it in the outbox with its sending job on jobs, within tx: what
// else tx records commits with them, or nothing is sent. row gives the
// rest of the outbox row (kind, claim or office, creator).
func queueNewThread(ctx context.Context, tx pgx.Tx, jobs *river.Client[pgx.Tx], cfg OutboxConfig, to []mail.Address, row storage.OutboxMessage) (int64, error) {
	if len(to) == 0 {
		return 0, fmt.Errorf("%w: no recipient", ErrBadReply)
	}
	out := OutgoingMail{From: cfg.From, To: to, Subject: row.Subject, Body: row.Body,
		MessageID: NewMessageID(cfg.OfficeDomain), Date: cfg.Now()}
	raw, err := Compose(out)
	if err != nil {
		return 0, err
	}
	sum := sha256.Sum256(raw)
	row.FromAddress, row.MessageID, row.Raw, row.RawSHA256 = cfg.From.Address, out.MessageID, raw, hex.EncodeToString(sum[:])
	row.Recipients = make([]string, 0, len(to))
	for _, a := range to {
		row.Recipients = append(row.Recipients, a.Address)
	}
	id, err := storage.InsertOutbox(ctx, tx, row)
	if err != nil {
		return 0, err
	}
	return id, EnqueueSend(ctx, jobs, tx, id)
}

// parseRecipients reads addresses as typed; ErrBadReply names the first
// that is not one.
func parseRecipients(addrs []string) ([]mail.Address, error) {
	to := make([]mail.Address, 0, len(addrs))
	for _, a := range addrs {
		addr, err := mail.ParseAddress(a)
		if err != nil {
			return nil, fmt.Errorf("%w: recipient %q: %w", ErrBadReply, a, err)
		}
		to = append(to, *addr)
	}
	return to, nil
}
