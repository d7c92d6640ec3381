package ingest

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// MoveMailboxMail moves the account's earlier mail into office as
// storage.MoveMailboxMailTx does and, in the same transaction, queues the
// stamps of the moved claims' PDFs again (a stamp shows its time in its
// office's zone) and the matching of the moved messages waiting in triage
// among their new office's claims. The documents' browse keys move once
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
		return q.EnqueueRematchMany(ctx, tx, out.InTriage, office)
	})
	return out, err
}
