package ingest

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// MoveMailboxMail moves the account's earlier mail into office as
// storage.MoveMailboxMailTx does and, in the same transaction, queues the
// stamps of the moved claims' PDFs again (a stamp shows its time in its
// office's zone), the matching of the moved messages waiting in triage
// among their new office's claims, and of the office's own mail in triage
// naming the claims moved. The documents' browse keys move once
// the transaction has committed (RelocateBrowseKeys).
func MoveMailboxMail(ctx context.Context, db *storage.DB, q *Queue, account string, office int64, actor string) (storage.MailboxMail, error) {
	var out storage.MailboxMail
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		if out, err = storage.MoveMailboxMailTx(ctx, tx, account, office, actor); err != nil {
			return err
		}
		for _, id := range out.MovedClaims {
			if _, err := q.EnqueueRestampClaim(ctx, tx, id); err != nil {
				return err
			}
		}
		if err := q.EnqueueRematchMany(ctx, tx, out.InTriage, office); err != nil {
			return err
		}
		// The office's own mail in triage may name the claims it gained.
		moved, err := storage.ClaimsTx(ctx, tx, out.MovedClaims)
		if err != nil {
			return err
		}
		return q.RematchNaming(ctx, tx, moved)
	})
	return out, err
}
